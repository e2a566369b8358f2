using System.Net;
using Microsoft.AspNetCore.HttpOverrides;

namespace CertOrleans.Gateway.Admission;

/// <summary>
/// The client address behind a reverse proxy (setting <c>Gateway:ForwardedHeaders:KnownProxies</c>, the proxies'
/// addresses). Only a listed proxy's <c>X-Forwarded-For</c> is believed, and only its last hop, so a client cannot
/// pick the address it is limited by. With none listed the header is ignored: behind an unlisted proxy every
/// client would share the proxy's one allowance, and in front of none a stranger could name any address.
/// </summary>
public static class TrustedProxies
{
    /// <param name="listed">The proxies' addresses (<see cref="GatewayOptions.ForwardedHeadersSettings.KnownProxies"/>, validated).</param>
    public static bool AddTrustedProxies(this IServiceCollection services, IReadOnlyList<string> listed)
    {
        if (listed.Count == 0) return false;
        var proxies = listed.Select(IPAddress.Parse).ToList();
        services.Configure<ForwardedHeadersOptions>(o =>
        {
            o.ForwardedHeaders = ForwardedHeaders.XForwardedFor;
            o.ForwardLimit = 1;
            o.KnownProxies.Clear();
            o.KnownIPNetworks.Clear();
            foreach (var proxy in proxies) o.KnownProxies.Add(proxy);
        });
        return true;
    }
}
