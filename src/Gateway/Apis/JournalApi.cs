using System.Text.RegularExpressions;
using CertOrleans.Contracts.Journal;
using CertOrleans.Contracts.Residents;
using CertOrleans.Contracts.Signing;
using CertOrleans.Gateway.Problems;
using CertOrleans.Gateway.Security;
using Microsoft.AspNetCore.Http.HttpResults;

namespace CertOrleans.Gateway.Apis;

public sealed record JournalPage(IReadOnlyList<JournalEntry> Entries, long? Next);

public sealed record HolderResponse(string MunicipalityCode, string ResidentNumber);

public sealed record SettleRefundBody(string OperatorReference);

public sealed record RotatedJournalKey(int KeyId);

/// <summary>
/// A municipality reads its own journal: paged entries, the whole chain as a bundle for the offline verifier, a
/// request's deletion statement with its proof, who obtained a certificate and what a resident obtained (through the
/// pseudonym secret only the journal grain holds), and refunds settled with the store operator's reference.
/// </summary>
public static partial class JournalApi
{
    public const int MaxPage = 1_000;

    public static IEndpointRouteBuilder MapJournalApi(this IEndpointRouteBuilder app)
    {
        var journal = app.MapGroup("/admin/v1/municipalities/{municipalityCode}/journal")
            .RequireAuthorization(ApiKeyAuthentication.AdminPolicy).RequireMunicipalityScope().RequireServedMunicipality().RequireRateLimiting(Admission.RateLimits.PerCredential).WithTags("Journal");
        journal.MapGet("/", ReadAsync).WithName("ReadJournal").WithSummary("Entries after a sequence number, oldest first (at most 1,000).");
        journal.MapGet("/bundle", ExportAsync).WithName("ExportJournal")
            .WithSummary("The chain (after an entry, or whole), its checkpoints (one signed now) and the journal keys, for `certorleans-admin journal verify` and `journal witness`.");
        journal.MapPost("/witnesses", RecordWitnessAsync).WithName("RecordWitnessCosignature")
            .WithSummary("A city witness's cosignature of a head of this chain, recorded in the chain; refused unless validly signed over the chain's entry as it is.");
        journal.MapGet("/witnesses", async (string municipalityCode, IGrainFactory grains) => TypedResults.Ok(await Journal(grains, municipalityCode).Witnessed()))
            .WithName("GetWitnessCosignatures").WithSummary("The newest cosignature of each witness that posted one: witnessed through which entry, when.");
        journal.MapGet("/deletions/{requestIdOrCertificateNumber}", DeletionStatementAsync).WithName("GetDeletionStatement")
            .WithSummary("A request's deletion statement with the entries that link it to a signed checkpoint.");
        journal.MapGet("/certificates/{certificateNumber}/holder", HolderOfAsync).WithName("GetCertificateHolder")
            .WithSummary("Who obtained a certificate (the resident number), found through the pseudonym secret; `purpose` is required and the lookup is journaled.");
        journal.MapGet("/residents/{residentNumber}/issuances", IssuancesAsync).WithName("GetResidentIssuances")
            .WithSummary("What was issued on a resident's card in the last 12 months, newest first; `purpose` is required and the read is journaled.");
        journal.MapGet("/access-log", async (string municipalityCode, IGrainFactory grains, int? limit) =>
            TypedResults.Ok(await Journal(grains, municipalityCode).Latest(JournalKinds.PersonalDataRead, Math.Clamp(limit ?? 100, 1, MaxPage)))).WithName("GetAccessLog")
            .WithSummary("The newest reads of personal data on record (who, which read, what purpose), newest first.");
        journal.MapPost("/refunds/{requestIdOrCertificateNumber}/settle", SettleRefundAsync).WithName("SettleRefund")
            .WithSummary("Records that the store operator paid back a refund due, with the operator's reference.");
        journal.MapGet("/keys", async (string municipalityCode, IGrainFactory grains) =>
            TypedResults.Ok(await Journal(grains, municipalityCode).GetPublicKeys())).WithName("GetJournalKeys")
            .WithSummary("The public keys that verify the journal's signed checkpoints.");
        journal.MapPost("/keys/rotate", RotateAsync).WithName("RotateJournalKey")
            .WithSummary("Start signing the journal's checkpoints with a new key.");
        return app;
    }

    public static async Task<Results<Ok<JournalPage>, ProblemHttpResult>> ReadAsync(string municipalityCode, IGrainFactory grains, HttpContext context, long? after, int? limit,
        string? purpose)
    {
        if (after is < 0 || limit is < 1 or > MaxPage) return ProblemResults.For(GatewayErrorCodes.InvalidField, $"after must be 0 or more and limit 1 to {MaxPage}.");
        if (PurposeOrDefault(purpose, "audit") is not { } stated) return PurposeRequired();
        var take = limit ?? 100;
        await grains.RecordReadAsync(context.User, municipalityCode, DataReads.JournalExport, stated, $"entries after {after ?? 0}");
        var entries = await Journal(grains, municipalityCode).Read(after ?? 0, take);
        return TypedResults.Ok(new JournalPage(entries, entries.Count == take ? entries[^1].Sequence : null));
    }

    public static async Task<Results<Ok<JournalBundle>, ProblemHttpResult>> ExportAsync(string municipalityCode, IGrainFactory grains, HttpContext context, long? after, string? purpose)
    {
        if (after is < 0) return ProblemResults.For(GatewayErrorCodes.InvalidField, "after must be 0 or more.");
        if (PurposeOrDefault(purpose, "audit") is not { } stated) return PurposeRequired();
        await grains.RecordReadAsync(context.User, municipalityCode, DataReads.JournalExport, stated, after is > 0 ? $"entries after {after}" : "whole chain");
        return TypedResults.Ok(await Journal(grains, municipalityCode).Export(after ?? 0));
    }

    public static async Task<Results<Ok<JournalEntry>, ProblemHttpResult>> RecordWitnessAsync(string municipalityCode, WitnessCosignature cosignature, IGrainFactory grains)
    {
        if (cosignature is null || cosignature.Chain != municipalityCode || cosignature.Sequence < 1 || cosignature.Hash is not { Length: 64 }
            || cosignature.WitnessKey is not { Length: <= 512 } || cosignature.Signature is not { Length: <= 512 } || cosignature.WitnessedAt is not { Length: <= 40 }
            || cosignature.CheckpointSignedAt is not { Length: <= 40 })
            return ProblemResults.For(GatewayErrorCodes.InvalidField, "Give a witness cosignature of this municipality's chain, as `journal witness` writes it.");
        return await Journal(grains, municipalityCode).RecordWitness(cosignature) is { } entry
            ? TypedResults.Ok(entry)
            : ProblemResults.For(GatewayErrorCodes.WitnessMismatch, "The cosignature is not validly signed by its witness key, or names an entry this chain does not hold as cosigned.");
    }

    public static async Task<Results<Ok<JournalBundle>, ProblemHttpResult>> DeletionStatementAsync(string municipalityCode, string requestIdOrCertificateNumber, IGrainFactory grains,
        HttpContext context, long? through, string? purpose)
    {
        if (!IsReference(requestIdOrCertificateNumber)) return ProblemResults.For(GatewayErrorCodes.InvalidField, "Give a request id or a certificate number.");
        if (through is < 0) return ProblemResults.For(GatewayErrorCodes.InvalidField, "through must be 0 or more.");
        if (PurposeOrDefault(purpose, "audit") is not { } stated) return PurposeRequired();
        await grains.RecordReadAsync(context.User, municipalityCode, DataReads.JournalExport, stated, $"deletion statement {requestIdOrCertificateNumber}");
        return await Journal(grains, municipalityCode).DeletionStatement(requestIdOrCertificateNumber, through ?? 0) is { } statement
            ? TypedResults.Ok(statement)
            : ProblemResults.For(GatewayErrorCodes.NotFound, "No deletion statement for this request id or certificate number in this municipality's journal.");
    }

    public static async Task<Results<Ok<HolderResponse>, ProblemHttpResult>> HolderOfAsync(string municipalityCode, string certificateNumber, IGrainFactory grains, HttpContext context, string? purpose)
    {
        if (!IsReference(certificateNumber)) return ProblemResults.For(GatewayErrorCodes.InvalidField, "Give a certificate number.");
        if (!AccessPurposes.IsKnown(purpose)) return PurposeRequired();
        return await Journal(grains, municipalityCode).HolderOf(certificateNumber, context.User.Access(DataReads.HolderLookup, purpose!)) is { } holder
            ? TypedResults.Ok(new HolderResponse(holder.MunicipalityCode, holder.ResidentNumber))
            : ProblemResults.For(GatewayErrorCodes.NotFound, "No holder is on record for this certificate number in this municipality.");
    }

    public static async Task<Results<Ok<IReadOnlyList<IssuanceHistoryItem>>, ProblemHttpResult>> IssuancesAsync(string municipalityCode, string residentNumber, IGrainFactory grains,
        HttpContext context, string? purpose)
    {
        if (!ResidentKey.IsValidResidentNumber(residentNumber)) return ProblemResults.For(GatewayErrorCodes.InvalidField, "residentNumber must be 1 to 15 digits.");
        if (!AccessPurposes.IsKnown(purpose)) return PurposeRequired();
        return TypedResults.Ok(await Journal(grains, municipalityCode).IssuancesOf(new ResidentKey(municipalityCode, residentNumber), context.User.Access(DataReads.Issuances, purpose!)));
    }

    /// <summary>The stated purpose, or the read's usual one when none is given; null for a purpose that is not one of <see cref="AccessPurposes"/>.</summary>
    public static string? PurposeOrDefault(string? purpose, string usual) => purpose is null ? usual : AccessPurposes.IsKnown(purpose) ? purpose : null;

    public static ProblemHttpResult PurposeRequired() =>
        ProblemResults.For(GatewayErrorCodes.PurposeRequired, $"State why: purpose is one of {AccessPurposes.Describe}. The read is journaled with it.");

    public static async Task<Results<Ok<JournalEntry>, ProblemHttpResult>> SettleRefundAsync(string municipalityCode, string requestIdOrCertificateNumber, SettleRefundBody body, IGrainFactory grains, HttpContext context)
    {
        if (!IsReference(requestIdOrCertificateNumber)) return ProblemResults.For(GatewayErrorCodes.InvalidField, "Give a request id or a certificate number.");
        if (string.IsNullOrWhiteSpace(body.OperatorReference) || body.OperatorReference.Length > 64 || body.OperatorReference.Any(char.IsControl))
            return ProblemResults.For(GatewayErrorCodes.InvalidField, "operatorReference is required: the store operator's reference of the repayment (at most 64 characters).");
        var settled = await Journal(grains, municipalityCode).SettleRefund(requestIdOrCertificateNumber, body.OperatorReference, Actor(context));
        return settled is not null ? TypedResults.Ok(settled)
            : ProblemResults.For(GatewayErrorCodes.NotFound, "No refund is due for this request id or certificate number (never due, or already settled).");
    }

    public static async Task<Results<Ok<RotatedJournalKey>, ProblemHttpResult>> RotateAsync(string municipalityCode, IGrainFactory grains, HttpContext context)
    {
        var keyId = await Journal(grains, municipalityCode).Rotate(Actor(context));
        return TypedResults.Ok(new RotatedJournalKey(keyId));
    }

    private static IJournalGrain Journal(IGrainFactory grains, string municipalityCode) => grains.GetGrain<IJournalGrain>(JournalNames.For(municipalityCode));

    private static string Actor(HttpContext context) => context.User.Identity?.Name ?? "unknown";

    private static bool IsReference(string value) => ReferencePattern().IsMatch(value);

    // Request ids (q + 32 hex) and certificate numbers (code-date-serial) are both of this shape.
    [GeneratedRegex("^[0-9A-Za-z-]{1,64}\\z")]
    private static partial Regex ReferencePattern();
}

/// <summary>Administrative events go into the journal of each municipality they concern, with the key that made them.</summary>
public static class AdminJournal
{
    public static async Task RecordAsync(IGrainFactory grains, HttpContext context, string chain, string kind, string subject, IReadOnlyDictionary<string, string> details) =>
        await grains.GetGrain<IJournalGrain>(JournalNames.For(chain))
            .Record(kind, new AdministrativeEvent(context.User.Identity?.Name ?? "unknown", subject, details));
}
