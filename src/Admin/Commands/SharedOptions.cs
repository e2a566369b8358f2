using System.CommandLine;
using CertOrleans.Admin.Demo;
using CertOrleans.Admin.Gateway;

namespace CertOrleans.Admin.Commands;

/// <summary>The options many commands share: the data folder, how to reach the gateway, the key, the municipality.</summary>
internal sealed class SharedOptions
{
    public Option<string> Data { get; } = new("--data") { Description = "The data folder", DefaultValueFactory = _ => "data" };
    public Option<string> GatewayAddress { get; } = new("--gateway") { Description = "The gateway's address", DefaultValueFactory = _ => "https://127.0.0.1:5443/" };
    public Option<FileInfo?> GatewayCa { get; } = new("--gateway-ca") { Description = "The gateway CA's certificate (default: <data>/pki/gateway-ca.pem)" };
    public Option<FileInfo?> KeyFile { get; } = new("--key-file") { Description = "The admin key (registry key for imports) (default: <data>/admin.key or <data>/registry.key)" };
    public Option<string> Municipality { get; } = new("--municipality") { Description = "Municipality code (全国地方公共団体コード)", DefaultValueFactory = _ => "092011" };

    /// <summary>The gateway client with the admin key (or, for imports, the registry key) from the options or the data folder.</summary>
    public AdminGateway Gateway(ParseResult parse, bool registry)
    {
        var layout = new DemoLayout(parse.GetValue(Data)!);
        return Gateway(parse, parse.GetValue(KeyFile)?.FullName ?? (registry ? layout.RegistryKey : layout.AdminKey));
    }

    /// <summary>The gateway, presenting the bearer key in <paramref name="keyFile"/>.</summary>
    public AdminGateway Gateway(ParseResult parse, string keyFile)
    {
        var layout = new DemoLayout(parse.GetValue(Data)!);
        var key = keyFile;
        if (!Uri.TryCreate(parse.GetValue(GatewayAddress), UriKind.Absolute, out var gateway) || gateway.Scheme != Uri.UriSchemeHttps)
            throw new UsageException($"--gateway must be an https address such as https://127.0.0.1:5443/, not '{parse.GetValue(GatewayAddress)}'.");
        return AdminGateway.Open(gateway, parse.GetValue(GatewayCa)?.FullName ?? layout.CaCertificate("gateway"), key);
    }
}

/// <summary>Runs a command's action: a usage mistake exits 2, a refusal or failure 1, cancellation 130, each with one line.</summary>
internal static class CommandRunner
{
    public static async Task<int> Run(Func<Task<int>> action)
    {
        try
        {
            return await action();
        }
        catch (UsageException ex)
        {
            Console.Error.WriteLine($"error: {ex.Message}");
            return 2;
        }
        catch (GatewayProblemException ex)
        {
            Console.Error.WriteLine($"error: the gateway refused: {ex.Message}");
            return 1;
        }
        catch (OperationCanceledException)
        {
            Console.Error.WriteLine("cancelled");
            return 130;
        }
        catch (Exception ex)
        {
            Console.Error.WriteLine($"error: {ex.Message}");
            return 1;
        }
    }
}
