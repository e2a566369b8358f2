using CertOrleans.Contracts.Configuration;
using CertOrleans.Gateway;
using Microsoft.Extensions.Options;

try
{
    var app = GatewayApplication.Build(args);
    await app.RunAsync();
    return 0;
}
catch (OptionsValidationException invalid)
{
    // Bad configuration: say what to fix, not a stack trace.
    Console.Error.WriteLine($"error: {invalid.Explain()}");
    return 2;
}
