using CertOrleans.Contracts.Time;
using CertOrleans.Contracts.Journal;
using Microsoft.AspNetCore.Mvc;

namespace CertOrleans.Gateway.Pages.Console;

/// <summary>
/// What stands behind the municipality's journal: how far the city's witnesses have cosigned it, and every read of
/// personal data on record (who, which read, for what purpose).
/// </summary>
public sealed class JournalModel(IGrainFactory grains) : ConsolePage(grains)
{
    public const int Shown = 200;

    public IReadOnlyList<WitnessCosignature> Witnessed { get; private set; } = [];
    public IReadOnlyList<(JournalEntry Entry, AccessBody Body)> Reads { get; private set; } = [];

    public async Task<IActionResult> OnGetAsync()
    {
        if (await SelectAsync() is { } refused) return refused;
        var journal = Grains.GetGrain<IJournalGrain>(JournalNames.For(Municipality!));
        Witnessed = await journal.Witnessed();
        Reads = (await journal.Latest(JournalKinds.PersonalDataRead, Shown)).Select(e => (e, JournalJson.Read<AccessBody>(e.Body)!)).ToList();
        return Page();
    }

    public static string PurposeName(string code) => AccessPurposes.Names.TryGetValue(code, out var name) ? name : code;

    public static string Jst(string utc) =>
        DateTimeOffset.Parse(utc, System.Globalization.CultureInfo.InvariantCulture).InJapan().ToString("yyyy-MM-dd HH:mm", System.Globalization.CultureInfo.InvariantCulture);
}
