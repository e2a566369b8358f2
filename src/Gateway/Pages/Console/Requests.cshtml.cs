using System.Text.RegularExpressions;
using CertOrleans.Contracts.Journal;
using CertOrleans.Gateway.Security;
using Microsoft.AspNetCore.Mvc;

namespace CertOrleans.Gateway.Pages.Console;

/// <summary>
/// Finds a request by certificate number or request id: how it ended, its refund, and its deletion statement. The
/// search is journaled, with the purpose the staff member chose, before anything is shown.
/// </summary>
public sealed partial class RequestsModel(IGrainFactory grains) : ConsolePage(grains)
{
    [BindProperty(SupportsGet = true, Name = "q")]
    public string? Query { get; set; }

    /// <summary>Why the request is looked up: one of <see cref="AccessPurposes"/>; the search is journaled with it.</summary>
    [BindProperty(SupportsGet = true, Name = "purpose")]
    public string? Purpose { get; set; }

    public RequestEndedBody? Ended { get; private set; }
    public DeletionStatement? Statement { get; private set; }
    public IReadOnlyList<JournalEntry> Entries { get; private set; } = [];
    public bool Searched { get; private set; }

    public async Task<IActionResult> OnGetAsync()
    {
        if (await SelectAsync() is { } refused) return refused;
        if (string.IsNullOrWhiteSpace(Query)) return Page();
        Searched = true;
        if (!Reference().IsMatch(Query.Trim()) || !AccessPurposes.IsKnown(Purpose)) return Page();
        await Grains.RecordReadAsync(User, Municipality!, DataReads.RequestSearch, Purpose!, $"request {Query.Trim()}");
        Entries = await Grains.GetGrain<IJournalGrain>(JournalNames.For(Municipality!)).Find(Query.Trim());
        Ended = Entries.Where(e => e.Kind == JournalKinds.RequestEnded).Select(e => JournalJson.Read<RequestEndedBody>(e.Body)).FirstOrDefault();
        Statement = Entries.Where(e => e.Kind == JournalKinds.Deletion).Select(e => JournalJson.Read<DeletionStatement>(e.Body)).FirstOrDefault();
        return Page();
    }

    [GeneratedRegex("^[0-9A-Za-z-]{1,64}\\z")]
    private static partial Regex Reference();
}
