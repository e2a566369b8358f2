using System.Xml.Linq;
using CertOrleans.Contracts.Sessions;
using Microsoft.AspNetCore.DataProtection.Repositories;

namespace CertOrleans.Gateway.Security;

/// <summary>
/// Keeps the console's Data Protection keys (cookies, anti-forgery tokens) in the cluster's key-ring grain, sealed
/// there with the cluster's data key, instead of unencrypted files in the gateway's home folder: every gateway
/// shares one ring, and reading a disk or a database dump does not give the keys that forge an operator's cookie.
/// </summary>
public sealed class ConsoleKeyRepository(IGrainFactory grains) : IXmlRepository
{
    private IConsoleKeyRingGrain Ring => grains.GetGrain<IConsoleKeyRingGrain>(IConsoleKeyRingGrain.Key);

    // The interface is synchronous; Data Protection calls it when it loads or renews its ring (at start, then about
    // daily or when a key is made), not per request, so waiting on the grain here is rare and short.
    public IReadOnlyCollection<XElement> GetAllElements() =>
        Ring.GetElements().GetAwaiter().GetResult().Select(element => XElement.Parse(element)).ToList();

    public void StoreElement(XElement element, string friendlyName) =>
        Ring.Store(friendlyName, element.ToString(SaveOptions.DisableFormatting)).GetAwaiter().GetResult();
}
