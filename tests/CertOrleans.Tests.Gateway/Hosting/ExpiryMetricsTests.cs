using System.Diagnostics.Metrics;
using System.Globalization;
using System.Text.RegularExpressions;
using CertOrleans.ServiceDefaults;
using Microsoft.Extensions.DependencyInjection;

namespace CertOrleans.Tests.Hosting;

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
        // Other tests' gateways and silos run in this process with certificates of their own, and OpenTelemetry
        // listens to every meter of a name in it: the exact values are checked below, on this process's meter alone.
        var tomorrow = DateTimeOffset.UtcNow.AddDays(1).ToUnixTimeSeconds();
        Assert.All(["gateway-https", "terminal-ca"], name => Assert.Contains(ExpiresAt(metrics, name), at => at > tomorrow));
    }

    [Fact]
    public void Each_watched_certificate_is_published_with_its_own_expiry()
    {
        using var pki = new TestPki();
        var services = new ServiceCollection().AddMetrics()
            .AddWatchedCertificates(new("gateway-https", pki.Server), new("terminal-ca", pki.TerminalCa.Certificate))
            .AddSingleton<CertificateExpiry>()
            .BuildServiceProvider();
        services.GetRequiredService<CertificateExpiry>();
        var factory = services.GetRequiredService<IMeterFactory>();
        var seen = new Dictionary<string, long>();
        using var listener = new MeterListener();
        listener.InstrumentPublished = (instrument, l) =>
        {
            if (instrument.Meter.Scope == factory && instrument.Name == "certorleans.certificate.expires_at") l.EnableMeasurementEvents(instrument);
        };
        listener.SetMeasurementEventCallback<long>((_, value, tags, _) => seen[(string)tags.ToArray().Single(t => t.Key == "certificate").Value!] = value);
        listener.Start();
        listener.RecordObservableInstruments();

        Assert.Equal(new DateTimeOffset(pki.Server.NotAfter.ToUniversalTime()).ToUnixTimeSeconds(), seen["gateway-https"]);
        Assert.Equal(new DateTimeOffset(pki.TerminalCa.Certificate.NotAfter.ToUniversalTime()).ToUnixTimeSeconds(), seen["terminal-ca"]);
        Assert.Equal(2, seen.Count);
    }

    private static List<long> ExpiresAt(string metrics, string certificate) =>
        ExpiryLine().Matches(metrics).Where(m => m.Groups["name"].Value == certificate)
            .Select(m => (long)double.Parse(m.Groups["value"].Value, CultureInfo.InvariantCulture)).ToList();

    [GeneratedRegex("""^certorleans_certificate_expires_at_seconds\{[^}]*certificate="(?<name>[^"]+)"[^}]*\} (?<value>\S+)""", RegexOptions.Multiline)]
    private static partial Regex ExpiryLine();
}
