using System.Text;
using System.Text.Json;
using System.Threading.Channels;
using CertOrleans.Contracts.Residents;
using CertOrleans.Feed;
using CertOrleans.Gateway.Problems;
using CertOrleans.Gateway.Security;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Http.HttpResults;

namespace CertOrleans.Gateway.Apis;

public sealed record RecordOutcomeResponse(string Outcome);

/// <summary>
/// The registry feed: the city's 住基, 戸籍, seal and tax systems push changes here, one record at a time or as
/// a JSON Lines batch. Records use the resident and family register file formats (see README); anything
/// beyond the fields certificates need is rejected with the field named. A change is stored before the call
/// answers, so once acknowledged no certificate can be made from the old data.
/// </summary>
public static class RegistryApi
{
    private const string JsonRecord = "application/json", JsonLines = "application/x-ndjson";
    private static readonly string[] JsonLineTypes = [JsonLines, "application/jsonl"];
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public static IEndpointRouteBuilder MapRegistryApi(this IEndpointRouteBuilder app)
    {
        var registry = app.MapGroup("/registry/v1").RequireAuthorization(ApiKeyAuthentication.RegistryPolicy).RequireRateLimiting(Admission.RateLimits.PerCredential).WithTags("Registry");
        registry.MapPut("/residents", PutResidentAsync).WithName("PutResident").Accepts<object>(JsonRecord).ProducesProblem(StatusCodes.Status422UnprocessableEntity)
            .WithSummary("Apply one resident record (with its seal and tax records); answers applied, duplicate or stale.");
        registry.MapPut("/family-registers", PutFamilyRegisterAsync).WithName("PutFamilyRegister").Accepts<object>(JsonRecord).ProducesProblem(StatusCodes.Status422UnprocessableEntity)
            .WithSummary("Apply one family register (戸籍) record; answers applied, duplicate or stale.");
        registry.MapPut("/cards", PutCardEventAsync).WithName("PutCardEvent").Accepts<object>(JsonRecord).ProducesProblem(StatusCodes.Status422UnprocessableEntity)
            .WithSummary("Apply one card event (issued, reissued, returned), versioned per card; a reissue revokes the card it replaces.");
        registry.MapDelete("/residents/{municipalityCode}/{residentNumber}", DeleteResidentAsync).WithName("DeleteResident")
            .WithSummary("Delete a resident's record outright (the registry's own decision); journaled with the holder's pseudonym. A moved-out or deceased record is purged by the retention policy instead.");
        // A batch runs as long as it takes (no request time-out); its lines and its length are bounded instead.
        registry.MapPost("/batches/residents", (HttpContext context, IGrainFactory grains, bool? initial) =>
            BatchAsync(context, (reader, onOutcome, limits) => FeedImport.ImportAsync(reader, grains, context.RequestAborted, onOutcome, initial ?? false, context.User.MayAct, limits)))
            .WithName("PostResidentBatch").Accepts<object>(JsonLines).DisableRequestTimeout()
            .WithSummary("A JSON Lines batch; answers one JSON line per record, then a summary line. ?initial=true bulk-inserts residents not stored yet.");
        registry.MapPost("/batches/family-registers", (HttpContext context, IGrainFactory grains) =>
            BatchAsync(context, (reader, onOutcome, limits) => FeedImport.ImportFamilyRegistersAsync(reader, grains, context.RequestAborted, onOutcome, context.User.MayAct, limits)))
            .WithName("PostFamilyRegisterBatch").Accepts<object>(JsonLines).DisableRequestTimeout()
            .WithSummary("A JSON Lines batch of family register records; answers one JSON line per record, then a summary line.");
        registry.MapPost("/batches/cards", (HttpContext context, IGrainFactory grains) =>
            BatchAsync(context, (reader, onOutcome, limits) => FeedImport.ImportCardEventsAsync(reader, grains, OperatorsApi.Actor(context), OperatorsApi.Scope(context), context.RequestAborted, onOutcome, context.User.MayAct, limits)))
            .WithName("PostCardEventBatch").Accepts<object>(JsonLines).DisableRequestTimeout()
            .WithSummary("A JSON Lines batch of card events; answers one JSON line per event, then a summary line.");
        registry.AddEndpointFilter(async (context, next) =>
        {
            if (HttpMethods.IsDelete(context.HttpContext.Request.Method)) return await next(context);
            // The body is read as what the path says it is: one JSON record, or JSON Lines.
            var wanted = context.HttpContext.Request.Path.Value?.Contains("/batches/", StringComparison.Ordinal) == true ? JsonLineTypes : [JsonRecord];
            var sent = context.HttpContext.Request.ContentType?.Split(';')[0].Trim();
            return sent is not null && wanted.Contains(sent, StringComparer.OrdinalIgnoreCase)
                ? await next(context)
                : ProblemResults.For(GatewayErrorCodes.UnsupportedMediaType, $"Send this body as {string.Join(" or ", wanted)}.");
        });
        return app;
    }

    public static async Task<Results<Ok<RecordOutcomeResponse>, ProblemHttpResult>> PutResidentAsync(HttpRequest request, IGrainFactory grains)
    {
        var (entry, error) = ResidentFile.Parse(await ReadBodyAsync(request));
        if (entry is null) return ProblemResults.For(GatewayErrorCodes.RecordRejected, error);
        if (!request.HttpContext.User.MayAct(entry.Record.Key.MunicipalityCode))
            return ProblemResults.For(GatewayErrorCodes.OutOfScope, FeedImport.OutOfScope(entry.Record.Key.MunicipalityCode));
        var outcome = await FeedImport.ApplyResidentAsync(grains, entry);
        return TypedResults.Ok(new RecordOutcomeResponse(outcome.ToString().ToLowerInvariant()));
    }

    public static async Task<Results<Ok<RecordOutcomeResponse>, ProblemHttpResult>> PutFamilyRegisterAsync(HttpRequest request, IGrainFactory grains)
    {
        var (register, error) = FamilyRegisterFile.Parse(await ReadBodyAsync(request));
        if (register is null) return ProblemResults.For(GatewayErrorCodes.RecordRejected, error);
        if (!request.HttpContext.User.MayAct(register.MunicipalityCode))
            return ProblemResults.For(GatewayErrorCodes.OutOfScope, FeedImport.OutOfScope(register.MunicipalityCode));
        var outcome = await grains.GetGrain<IFamilyRegisterGrain>(register.GrainKey).Apply(register);
        return TypedResults.Ok(new RecordOutcomeResponse(outcome.ToString().ToLowerInvariant()));
    }

    public static async Task<Results<Ok<RecordOutcomeResponse>, ProblemHttpResult>> PutCardEventAsync(HttpRequest request, IGrainFactory grains)
    {
        var (entry, error) = CardEventFile.Parse(await ReadBodyAsync(request));
        if (entry is null) return ProblemResults.For(GatewayErrorCodes.RecordRejected, error);
        if (!request.HttpContext.User.MayAct(entry.MunicipalityCode))
            return ProblemResults.For(GatewayErrorCodes.OutOfScope, FeedImport.OutOfScope(entry.MunicipalityCode));
        // A refusal by the card grain (card-held-elsewhere, card-revoked) answers with its own code.
        var outcome = await FeedImport.ApplyCardEventAsync(grains, entry, OperatorsApi.Actor(request.HttpContext), OperatorsApi.Scope(request.HttpContext));
        return TypedResults.Ok(new RecordOutcomeResponse(outcome.ToString().ToLowerInvariant()));
    }

    public static async Task<Results<Ok<RecordOutcomeResponse>, ProblemHttpResult>> DeleteResidentAsync(string municipalityCode, string residentNumber, HttpContext context, IGrainFactory grains)
    {
        if (ProblemResults.ForMunicipalityCode(municipalityCode) is { } invalid) return invalid;
        if (!ResidentKey.IsValidResidentNumber(residentNumber)) return ProblemResults.For(GatewayErrorCodes.InvalidField, "residentNumber must be 1 to 15 digits.");
        if (!context.User.MayAct(municipalityCode)) return ProblemResults.For(GatewayErrorCodes.OutOfScope, FeedImport.OutOfScope(municipalityCode));
        var deleted = await grains.GetGrain<IRetentionGrain>(RetentionKeys.For(municipalityCode))
            .DeleteRecord(new ResidentKey(municipalityCode, residentNumber), context.User.Identity?.Name ?? "registry");
        return TypedResults.Ok(new RecordOutcomeResponse(deleted ? "deleted" : "absent"));
    }

    /// <summary>Streams the outcome of every line while the batch is read, then a summary line.</summary>
    private static async Task BatchAsync(HttpContext context, Func<TextReader, Func<RecordOutcome, ValueTask>, FeedLimits, Task<ImportReport>> import)
    {
        var bounds = context.RequestServices.GetRequiredService<Microsoft.Extensions.Options.IOptions<RegistryLimits>>().Value;
        if (context.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } limit) limit.MaxRequestBodySize = bounds.MaxBatchBytes;
        // Outcomes wait here for the response; when the sender stops reading them, the import waits too.
        var outcomes = Channel.CreateBounded<RecordOutcome>(new BoundedChannelOptions(bounds.MaxPendingOutcomes) { SingleReader = true, FullMode = BoundedChannelFullMode.Wait });
        context.Response.ContentType = "application/x-ndjson";
        var writer = Task.Run(async () =>
        {
            var pending = 0;
            await foreach (var outcome in outcomes.Reader.ReadAllAsync())
            {
                await context.Response.WriteAsync(JsonSerializer.Serialize(outcome, Json) + "\n");
                if (++pending % 1000 == 0) await context.Response.Body.FlushAsync();
            }
        });
        ImportReport report;
        using (var reader = new StreamReader(context.Request.Body, Encoding.UTF8))
        {
            report = await import(reader, outcome => outcomes.Writer.WriteAsync(outcome, context.RequestAborted),
                new FeedLimits(bounds.MaxLineChars, bounds.MaxBatchLines));
        }
        outcomes.Writer.Complete();
        await writer;
        var summary = new { summary = new { total = report.Total, applied = report.Applied, duplicate = report.Duplicate, stale = report.Stale, rejected = report.Rejected.Count } };
        // The batch goes on record in the journal of each municipality the key writes for (a key for every municipality: the cluster's).
        var details = new Dictionary<string, string>
        {
            ["total"] = $"{report.Total}", ["applied"] = $"{report.Applied}", ["duplicate"] = $"{report.Duplicate}", ["stale"] = $"{report.Stale}", ["rejected"] = $"{report.Rejected.Count}",
        };
        var grains = context.RequestServices.GetRequiredService<IGrainFactory>();
        foreach (var chain in context.User.FindAll(ApiKeyAuthentication.MunicipalityClaim).Select(c => c.Value == "*" ? Contracts.Journal.JournalNames.ClusterChain : c.Value).Distinct())
            await AdminJournal.RecordAsync(grains, context, chain, Contracts.Journal.JournalKinds.RegistryBatch, context.Request.Path.Value ?? "batch", details);
        await context.Response.WriteAsync(JsonSerializer.Serialize(summary, Json) + "\n");
    }

    private static async Task<string> ReadBodyAsync(HttpRequest request)
    {
        using var reader = new StreamReader(request.Body, Encoding.UTF8);
        return await reader.ReadToEndAsync(request.HttpContext.RequestAborted);
    }
}

/// <summary>Bounds of the registry feed (section <c>Gateway:Registry</c>).</summary>
public sealed class RegistryLimits
{
    public const string Section = "Gateway:Registry";

    /// <summary>The largest batch body: a city's initial load of about a million residents fits.</summary>
    public long MaxBatchBytes { get; set; } = 2L * 1024 * 1024 * 1024;

    /// <summary>Lines one batch may hold; the rest is refused with the line number where it was cut.</summary>
    public long MaxBatchLines { get; set; } = 2_000_000;

    /// <summary>The longest line (characters) of a batch; a longer one is rejected without being held whole.</summary>
    public int MaxLineChars { get; set; } = FeedLimits.DefaultMaxLineChars;

    /// <summary>Line outcomes waiting to be written to the response before the import waits for the reader.</summary>
    public int MaxPendingOutcomes { get; set; } = 10_000;
}

public sealed class RegistryLimitsValidator : CertOrleans.Contracts.Configuration.OptionsValidator<RegistryLimits>
{
    protected override IEnumerable<string> Problems(RegistryLimits o)
    {
        if (o.MaxBatchBytes < 1024) yield return "Gateway:Registry:MaxBatchBytes must be at least 1024.";
        if (o.MaxBatchLines < 1) yield return "Gateway:Registry:MaxBatchLines must be at least 1.";
        if (o.MaxLineChars < 256) yield return "Gateway:Registry:MaxLineChars must be at least 256.";
        if (o.MaxPendingOutcomes < 1) yield return "Gateway:Registry:MaxPendingOutcomes must be at least 1.";
    }
}
