using System.Security.Claims;
using CertOrleans.Contracts.Journal;

namespace CertOrleans.Gateway.Security;

/// <summary>Who is reading personal data, for the journal's access record: the key's or staff account's name and role.</summary>
public static class DataAccessRecord
{
    public static DataAccess Access(this ClaimsPrincipal user, string read, string purpose) =>
        new(user.Identity?.Name ?? "unknown", user.FindFirstValue(ClaimTypes.Role) ?? "unknown", read, purpose);

    /// <summary>Journals a read about no one resident (a search, a list, an export) in the municipality's chain before it is made.</summary>
    public static Task RecordReadAsync(this IGrainFactory grains, ClaimsPrincipal user, string municipalityCode, string read, string purpose, string subject) =>
        grains.GetGrain<IJournalGrain>(JournalNames.For(municipalityCode)).RecordAccess(user.Access(read, purpose), subject);
}
