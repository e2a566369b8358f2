namespace CertOrleans.Contracts.Journal;

/// <summary>
/// A municipality's journal as exported: its entries (a whole chain, or a run of it), the checkpoints that sign it,
/// and the journal's public keys, everything an offline verifier needs.
/// </summary>
[GenerateSerializer, Immutable, Alias("certorleans.journal-bundle")]
public sealed record JournalBundle(
    [property: Id(0)] string Chain,
    [property: Id(1)] IReadOnlyList<JournalEntry> Entries,
    [property: Id(2)] IReadOnlyList<JournalCheckpoint> Checkpoints,
    [property: Id(3)] IReadOnlyList<Signing.PublishedKey> Keys);

/// <summary>One buffer a request held, and when this server zeroed it.</summary>
[GenerateSerializer, Immutable, Alias("certorleans.zeroed-buffer")]
public sealed record ZeroedBuffer(
    [property: Id(0)] string Category,
    [property: Id(1)] DateTimeOffset ZeroedAt);

/// <summary>The kinds of data a request holds, as deletion statements name them.</summary>
public static class BufferCategories
{
    public const string Challenge = "challenge";
    public const string CardCertificate = "card-certificate";
    public const string ResidentData = "resident-data";
    public const string Document = "document";
}

/// <summary>
/// The body of a deletion statement, chained into the journal when a request ends: which data it held and that
/// each buffer was zeroed, and when. It attests this server's own buffers only.
/// </summary>
public sealed record DeletionStatement(
    string RequestId,
    string? CertificateNumber,
    IReadOnlyList<string> Held,
    IReadOnlyList<ZeroedBufferEntry> Zeroed,
    string Attests,
    // The cluster chain's deployment entry of the silo that recorded the request's end ("cluster#42").
    string? Deployment = null,
    // The terminal's side: what it stated of its own copies with its print confirmation; null when it stated nothing.
    TerminalDeletionEntry? Terminal = null)
{
    public const string ServerBuffers =
        "This server overwrote with zeros, at the times given, each buffer of this request that held the data named. " +
        "It attests this server's own buffers only: not copies that the .NET runtime may have made while the request was processed, " +
        "nor what the store terminal or its printer kept.";

    public const string ProcessLost =
        "The process that held this request's memory ended without ending the request (a silo was lost). Its buffers lived in that " +
        "process's memory only and were never written to storage; no zeroing can be attested.";
}

public sealed record ZeroedBufferEntry(string Category, string ZeroedAt);

/// <summary>The terminal's statement of its own copies (the spooled document and its memory): deleted or not, when, and its words.</summary>
public sealed record TerminalDeletionEntry(bool Deleted, string At, string? Detail);

/// <summary>The body of a request-ended entry: the lifecycle record, the payment reference and the holder's pseudonym.</summary>
public sealed record RequestEndedBody(
    string RequestId,
    string TerminalId,
    string? CertificateType,
    int? Fee,
    bool Paid,
    string? PaymentReference,
    string? CertificateNumber,
    string Outcome,
    string? LastStage,
    IReadOnlyList<string> Refusals,
    string? FailureCode,
    string StartedAt,
    string EndedAt,
    string? Holder,
    int? Copies = null,
    string? Deployment = null);

/// <summary>The body of an administrative entry: who did what to which object, and the details that say how (no personal data).</summary>
public sealed record AdministrativeBody(string Actor, string Subject, IReadOnlyDictionary<string, string> Details);

/// <summary>One issuance as its holder sees it on the kiosk's history screen.</summary>
[GenerateSerializer, Immutable, Alias("certorleans.issuance-history-item")]
public sealed record IssuanceHistoryItem(
    [property: Id(0)] DateTimeOffset EndedAt,
    [property: Id(1)] string? CertificateType,
    [property: Id(2)] string StoreOperator,
    [property: Id(3)] string? CertificateNumber,
    [property: Id(4)] string Outcome,
    // For a read of the holder's records by the city (Outcome RecordsRead): the reader's role and the purpose they stated.
    [property: Id(5)] string? ReadByRole = null,
    [property: Id(6)] string? Purpose = null)
{
    public const string RecordsRead = "RecordsRead";
}

/// <summary>How entry bodies are written: compact JSON, camelCase, properties in declaration order.</summary>
public static class JournalJson
{
    private static readonly System.Text.Json.JsonSerializerOptions Options = new(System.Text.Json.JsonSerializerDefaults.Web)
    {
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    public static string Write<T>(T body) => System.Text.Json.JsonSerializer.Serialize(body, Options);

    public static T? Read<T>(string body) => System.Text.Json.JsonSerializer.Deserialize<T>(body, Options);
}

/// <summary>The body of a refund entry: due when a paid request ends unprinted, settled with the store operator's reference.</summary>
public sealed record RefundBody(string RequestId, string? CertificateNumber, string TerminalId, int Fee, string? OperatorReference, string? Actor);
