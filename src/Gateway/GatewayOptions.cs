using System.Net;
using CertOrleans.Contracts.Configuration;

namespace CertOrleans.Gateway;

/// <summary>The gateway process's own settings (section <c>Gateway</c>); each concern's settings are in its subsection.</summary>
public sealed class GatewayOptions
{
    public const string Section = "Gateway";

    /// <summary>What this process serves (<see cref="GatewayFace"/>).</summary>
    public GatewayFace Face { get; set; } = GatewayFace.All;

    /// <summary>Every call's deadline; past it the caller hears 503 request-timeout (batch imports are exempt).</summary>
    public TimeSpan RequestTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Where the client's address comes from behind a reverse proxy (see <see cref="Admission.TrustedProxies"/>).</summary>
    public ForwardedHeadersSettings ForwardedHeaders { get; set; } = new();

    public sealed class ForwardedHeadersSettings
    {
        /// <summary>The reverse proxies' addresses, whose last X-Forwarded-For hop is believed.</summary>
        public string[] KnownProxies { get; set; } = [];
    }
}

public sealed class GatewayOptionsValidator : OptionsValidator<GatewayOptions>
{
    protected override IEnumerable<string> Problems(GatewayOptions options)
    {
        if (!Enum.IsDefined(options.Face)) yield return "Gateway:Face must be All, Kiosks or Public.";
        if (options.RequestTimeout <= TimeSpan.Zero || options.RequestTimeout > TimeSpan.FromMinutes(10))
            yield return "Gateway:RequestTimeout must be more than 0 and at most 00:10:00.";
        foreach (var proxy in options.ForwardedHeaders.KnownProxies.Where(p => !IPAddress.TryParse(p, out _)))
            yield return $"Gateway:ForwardedHeaders:KnownProxies holds '{proxy}', which is not an IP address.";
    }
}
