namespace CertOrleans.Gateway.Security;

/// <summary>The Orleans dashboard's paths that name a silo (<c>/dashboard/SiloStats/{address}</c> …), checked before the dashboard parses them.</summary>
public static class DashboardSiloPaths
{
    private static readonly string[] Named = ["HistoricalStats", "SiloProperties", "SiloMetadata", "SiloStats", "SiloCounters"];

    public static bool HasUnreadableAddress(PathString path)
    {
        if (!path.StartsWithSegments(ApiKeyAuthentication.DashboardPath, out var rest)) return false;
        var parts = (rest.Value ?? "").TrimStart('/').Split('/', 2);
        if (parts.Length < 2 || !Named.Contains(parts[0], StringComparer.OrdinalIgnoreCase)) return false;
        try
        {
            Orleans.Runtime.SiloAddress.FromParsableString(Uri.UnescapeDataString(parts[1]));
            return false;
        }
        catch (Exception e) when (e is FormatException or ArgumentException or InvalidOperationException or IndexOutOfRangeException or OverflowException)
        {
            return true;
        }
    }
}
