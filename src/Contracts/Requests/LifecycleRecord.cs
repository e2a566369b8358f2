namespace CertOrleans.Contracts.Requests;

/// <summary>
/// The one record every request leaves when it ends. It contains no personal data: no resident key,
/// no name, no card serial. It says which terminal asked for what, what it cost, how it ended, and that
/// the request's state was wiped before this record was written.
/// </summary>
[GenerateSerializer, Immutable, Alias("certorleans.lifecycle-record")]
public sealed record LifecycleRecord
{
    [Id(0)] public required string RequestId { get; init; }
    [Id(1)] public required string TerminalId { get; init; }
    [Id(2)] public string? MunicipalityCode { get; init; }
    [Id(3)] public string? CertificateType { get; init; }
    [Id(4)] public int? Fee { get; init; }
    [Id(5)] public bool Paid { get; init; }
    [Id(6)] public string? CertificateNumber { get; init; }
    [Id(7)] public required RequestOutcome Outcome { get; init; }
    /// <summary>The stage the request had reached when it ended.</summary>
    [Id(8)] public RequestStage? LastStage { get; init; }
    [Id(9)] public IReadOnlyList<string> Refusals { get; init; } = [];
    [Id(10)] public string? FailureCode { get; init; }
    [Id(11)] public required DateTimeOffset StartedAt { get; init; }
    [Id(12)] public required DateTimeOffset EndedAt { get; init; }
    [Id(13)] public required bool StateWiped { get; init; }
    /// <summary>The kiosk's reference of the payment (what the store's till recorded).</summary>
    [Id(14)] public string? PaymentReference { get; init; }
    /// <summary>The holder as the municipality's journal names them: a keyed pseudonym, never the resident number.</summary>
    [Id(15)] public string? Holder { get; init; }
    /// <summary>The kinds of data the request held (see <c>BufferCategories</c>).</summary>
    [Id(16)] public IReadOnlyList<string> Held { get; init; } = [];
    /// <summary>Each buffer the request zeroed, and when.</summary>
    [Id(17)] public IReadOnlyList<Journal.ZeroedBuffer> Zeroed { get; init; } = [];
    /// <summary>Copies ordered (each a sheet the store prints, and a commission when printed).</summary>
    [Id(18)] public int? Copies { get; init; }
    /// <summary>What the terminal stated of its own copies when it confirmed the print (null: it made no statement).</summary>
    [Id(19)] public TerminalDeletion? TerminalDeletion { get; init; }
}
