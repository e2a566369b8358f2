using CertOrleans.Contracts.Residents;

namespace CertOrleans.Grains.Residents;

/// <summary>The one rule for every registry record: only a newer source version is applied.</summary>
public static class SourceVersions
{
    /// <summary>Null when the incoming version is newer and must be applied; otherwise why it is not (a repeat, or older).</summary>
    public static ApplyOutcome? Compare(long? currentVersion, long incomingVersion, bool identical)
    {
        if (currentVersion is null || incomingVersion > currentVersion) return null;
        return incomingVersion == currentVersion && identical ? ApplyOutcome.Duplicate : ApplyOutcome.Stale;
    }
}
