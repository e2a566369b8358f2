using System.Globalization;
using System.Text.RegularExpressions;
using CertOrleans.Tests.Infrastructure;

namespace CertOrleans.Tests.Gateway;

/// <summary>
/// What the operator's expiry alerts read (scripts/monitoring, CertOrleansCertificateExpiring): the gateway publishes
/// when its HTTPS certificate and the terminal CA it trusts expire, as the certificates themselves say.
/// </summary>
[Collection(GatewayCollection.Name)]
public sealed partial class ExpiryMetricsTests(GatewayFixture fixture)
{
    [Fact]
    public async Task The_gateway_publishes_when_its_https_certificate_and_the_terminal_ca_expire()
    {
        var metrics = "";
        for (var i = 0; i < 30 && !metrics.Contains("certificate=\"terminal-ca\"", StringComparison.Ordinal); i++)
        {
            if (i > 0) await Task.Delay(200);
            metrics = await fixture.Client(terminalId: null).GetStringAsync("metrics");
        }

        Assert.Equal(new DateTimeOffset(fixture.Pki.Server.NotAfter.ToUniversalTime()).ToUnixTimeSeconds(), ExpiresAt(metrics, "gateway-https"));
        Assert.Equal(new DateTimeOffset(fixture.Pki.TerminalCa.Certificate.NotAfter.ToUniversalTime()).ToUnixTimeSeconds(), ExpiresAt(metrics, "terminal-ca"));
    }

    private static long ExpiresAt(string metrics, string certificate)
    {
        var line = ExpiryLine().Matches(metrics).SingleOrDefault(m => m.Groups["name"].Value == certificate)
            ?? throw new Xunit.Sdk.XunitException($"no expiry published for {certificate}");
        return (long)double.Parse(line.Groups["value"].Value, CultureInfo.InvariantCulture);
    }

    [GeneratedRegex("""^certorleans_certificate_expires_at_seconds\{[^}]*certificate="(?<name>[^"]+)"[^}]*\} (?<value>\S+)""", RegexOptions.Multiline)]
    private static partial Regex ExpiryLine();
}
