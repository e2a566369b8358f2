using System.CommandLine;
using CertOrleans.Contracts.Configuration;
using CertOrleans.ServiceDefaults.Configuration;
using CertOrleans.ServiceDefaults;
using CertOrleans.SiloHosting;
using CertOrleans.Storage;
using CertOrleans.Storage.Protection;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

// The issuance silo. With no command it runs; `migrate` applies the store's schema (as the database owner), and
// `new-kek` and `rotate-kek` manage the key-encryption key, against the same configuration (appsettings.json,
// environment, --Key value overrides).
var root = new RootCommand("CertOrleans issuance silo") { TreatUnmatchedTokensAsErrors = false };
root.SetAction(async (parse, cancellationToken) =>
{
    SiloThreads.Configure();
    // A silo that starts while the database restarts would exit; it waits and starts again, as a supervisor would.
    for (var attempt = 1; ; attempt++)
    {
        var app = default(WebApplication);
        try
        {
            var builder = WebApplication.CreateBuilder(new WebApplicationOptions { Args = parse.UnmatchedTokens.ToArray(), ContentRootPath = AppContext.BaseDirectory });
            builder.AddCertOrleansSilo();
            await builder.Configuration.PrepareStoreSchemaAsync(cancellationToken);
            app = builder.Build();
            app.MapDefaultEndpoints();
            await app.StartAsync(cancellationToken);
        }
        catch (OptionsValidationException invalid)
        {
            if (app is not null) await app.DisposeAsync();
            return Fail(invalid.Explain(), exitCode: 2);
        }
        catch (Exception ex) when (attempt < 10 && StoreFailureFilter.IsFromStore(ex) && !cancellationToken.IsCancellationRequested)
        {
            Console.Error.WriteLine($"The store could not be reached while the silo started ({ex.GetType().Name}); starting again in 3 s (attempt {attempt}).");
            if (app is not null) await app.DisposeAsync();
            await Task.Delay(TimeSpan.FromSeconds(3), cancellationToken);
            continue;
        }
        await app.WaitForShutdownAsync(CancellationToken.None);
        await app.DisposeAsync();
        return 0;
    }
});

var migrate = new Command("migrate", "Apply the store's schema with this configuration's connection (the database owner's), then exit");
migrate.TreatUnmatchedTokensAsErrors = false;
migrate.SetAction(async (parse, cancellationToken) =>
{
    try
    {
        var store = RelationalStore.Create(StoreOptions.Read(Settings(parse.UnmatchedTokens)));
        await store.MigrateAsync(cancellationToken);
        Console.WriteLine($"schema current in {store.Description}");
        return 0;
    }
    catch (OptionsValidationException invalid)
    {
        return Fail(invalid.Explain(), exitCode: 2);
    }
    catch (Exception ex) when (ex is InvalidOperationException || StoreFailureFilter.IsFromStore(ex))
    {
        return Fail($"The schema could not be applied: {ex.Message}");
    }
});
root.Subcommands.Add(migrate);

var output = new Option<FileInfo>("--out") { Description = "Where to write the new key (readable by its owner only)", Required = true };
var newKek = new Command("new-kek", "Create a new random key-encryption key file") { output };
newKek.SetAction(parse =>
{
    var file = parse.GetValue(output)!;
    if (file.Exists) return Fail($"{file.FullName} exists; a key file is never overwritten.");
    CertOrleans.Pki.PrivateFile.Write(file.FullName, KeyEncryptionKey.NewBase64() + "\n");
    Console.WriteLine($"new key-encryption key written to {file.FullName}; keep a backup: without it the data cannot be read");
    return 0;
});
root.Subcommands.Add(newKek);

var newKeyFile = new Option<FileInfo>("--new-key-file") { Description = "The new key-encryption key (from new-kek)", Required = true };
var rotate = new Command("rotate-kek", "Re-wrap every data key with a new key-encryption key; then configure the new key file and restart the silos")
    { newKeyFile };
rotate.TreatUnmatchedTokensAsErrors = false;
rotate.SetAction(async (parse, cancellationToken) =>
{
    var configuration = Settings(parse.UnmatchedTokens);
    try
    {
        var store = RelationalStore.Create(StoreOptions.Read(configuration));
        await store.MigrateAsync(cancellationToken);
        var current = KeyEncryptionKey.From(configuration);
        var next = KeyEncryptionKey.From(new EncryptionOptions { KeyFile = parse.GetValue(newKeyFile)!.FullName });
        var count = await new DataKeyStore(store, current).RewrapAsync(next, cancellationToken);
        Console.WriteLine($"{count} data key(s) re-wrapped from key {current.Id} to key {next.Id} in {store.Description}.");
        Console.WriteLine("Now set Encryption:KeyFile to the new file and restart every silo; keep the old key until they have.");
        return 0;
    }
    catch (OptionsValidationException invalid)
    {
        return Fail(invalid.Explain(), exitCode: 2);
    }
    catch (InvalidOperationException ex)
    {
        return Fail(ex.Message);
    }
});
root.Subcommands.Add(rotate);

// The host handles SIGTERM and Ctrl+C itself and drains; System.CommandLine would otherwise end the process 2 s in.
return await root.Parse(args).InvokeAsync(new InvocationConfiguration { ProcessTerminationTimeout = null });

// The silo's configuration sources, for the commands that do not run it.
static IConfiguration Settings(IReadOnlyList<string> overrides) => new ConfigurationBuilder()
    .AddCertOrleansDefaults()
    .SetBasePath(AppContext.BaseDirectory)
    .AddJsonFile("appsettings.json", optional: true)
    .AddEnvironmentVariables()
    .AddCommandLine(overrides.ToArray())
    .Build();

// 1: the command failed; 2: the configuration is not valid.
static int Fail(string message, int exitCode = 1)
{
    Console.Error.WriteLine($"error: {message}");
    return exitCode;
}
