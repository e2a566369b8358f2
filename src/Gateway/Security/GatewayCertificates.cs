using System.Security.Cryptography.X509Certificates;
using CertOrleans.Contracts.Configuration;

namespace CertOrleans.Gateway.Security;

/// <summary>
/// The gateway's trust anchor and its own TLS identity: the terminal CA that signs store terminals' client
/// certificates, and the server certificate. (Cards are the cluster's to authenticate: the silos trust the card CA.)
/// </summary>
public sealed class GatewayCertificates(X509Certificate2 server, X509Certificate2 terminalRoot)
{
    public X509Certificate2 Server { get; } = server;
    public X509Certificate2 TerminalRoot { get; } = terminalRoot;

    /// <summary>Loads the PEM files named in configuration section <c>Gateway:Certificates</c>.</summary>
    public static GatewayCertificates FromConfiguration(IConfiguration configuration)
    {
        var files = configuration.GetValidated<GatewayCertificateOptions, GatewayCertificateOptionsValidator>(GatewayCertificateOptions.Section);
        try
        {
            // Kestrel needs an exportable key on Linux; PEM-loaded keys are ephemeral, so round-trip through PKCS#12.
            using var pem = X509Certificate2.CreateFromPemFile(files.Server!, files.ServerKey!);
            var server = X509CertificateLoader.LoadPkcs12(pem.Export(X509ContentType.Pkcs12), null);
            return new GatewayCertificates(
                server,
                X509CertificateLoader.LoadCertificateFromFile(files.TerminalCa!));
        }
        catch (Exception ex) when (ex is IOException or System.Security.Cryptography.CryptographicException)
        {
            throw new InvalidOperationException($"The gateway certificates could not be loaded: {ex.Message}", ex);
        }
    }
}

/// <summary>The gateway's PEM files (section <c>Gateway:Certificates</c>).</summary>
public sealed class GatewayCertificateOptions
{
    public const string Section = "Gateway:Certificates";

    /// <summary>The gateway's server certificate and its key.</summary>
    public string? Server { get; set; }
    public string? ServerKey { get; set; }

    /// <summary>The terminal CA, which signs store terminals' client certificates.</summary>
    public string? TerminalCa { get; set; }
}

public sealed class GatewayCertificateOptionsValidator : OptionsValidator<GatewayCertificateOptions>
{
    protected override IEnumerable<string> Problems(GatewayCertificateOptions options)
    {
        foreach (var (key, value) in new[] { ("Server", options.Server), ("ServerKey", options.ServerKey), ("TerminalCa", options.TerminalCa) })
            if (string.IsNullOrWhiteSpace(value)) yield return $"Configuration 'Gateway:Certificates:{key}' is required (run ./run.sh once to create the demo PKI).";
    }
}
