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
    public const string Section = "Gateway:ForwardedHeaders:KnownProxies";

    public static bool AddTrustedProxies(this IServiceCollection services, IConfiguration configuration)
    {
        var listed = configuration.GetSection(Section).Get<string[]>() ?? [];
        if (listed.Length == 0) return false;
        var proxies = listed.Select(p => IPAddress.TryParse(p, out var address) ? address
            : throw new InvalidOperationException($"{Section} holds '{p}', which is not an IP address.")).ToList();
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
