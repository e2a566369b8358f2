using CertOrleans.Contracts.Domiciles;
using CertOrleans.Contracts.Journal;
using CertOrleans.Contracts.Keys;
using CertOrleans.Contracts.Residents;
using CertOrleans.Gateway.Problems;
using CertOrleans.Gateway.Security;
using Microsoft.AspNetCore.Http.HttpResults;

namespace CertOrleans.Gateway.Apis;

/// <summary>A registration for 本籍地 issuance as the 本籍地 city's staff see it: what the residence city's record says, to match against their 戸籍.</summary>
public sealed record DomicileRegistrationResource(
    string ResidenceMunicipalityCode, string ResidentNumber, string FamilyName, string GivenName, DateOnly DateOfBirth,
    string PermanentDomicile, string HeadOfFamilyRegister, string Status, DateTimeOffset AppliedAt,
    string? RegisterNumber, DateTimeOffset? DecidedAt, string? DecidedBy, string? Reason)
{
    public static DomicileRegistrationResource From(DomicileRegistration r) => new(
        r.Applicant.MunicipalityCode, r.Applicant.ResidentNumber, r.Particulars.FamilyName, r.Particulars.GivenName, r.Particulars.DateOfBirth,
        r.Particulars.PermanentDomicile, r.Particulars.HeadOfFamilyRegister, r.StatusCode, r.AppliedAt,
        r.RegisterNumber, r.DecidedAt, r.DecidedBy, r.Reason);
}

/// <param name="RegisterNumber">The register staff matched by hand; omit to use the one found by 本籍 and 筆頭者.</param>
public sealed record DomicileDecisionBody(bool Approve, string? RegisterNumber = null);

/// <summary>
/// The 本籍地 city's side of registrations for 本籍地 issuance (利用登録): its queue, a decision on one, and ending one.
/// The console's page does the same through <see cref="DomicileRegistrations"/>.
/// </summary>
public static class DomicilesApi
{
    public static IEndpointRouteBuilder MapDomicilesApi(this IEndpointRouteBuilder app)
    {
        var admin = app.MapGroup("/admin/v1/municipalities/{municipalityCode}/domicile-registrations")
            .RequireAuthorization(ApiKeyAuthentication.AdminPolicy).RequireMunicipalityScope().RequireServedMunicipality()
            .RequireRateLimiting(Admission.RateLimits.PerCredential).WithTags("Admin");
        admin.MapGet("/", ListPendingAsync).WithName("ListPendingDomicileRegistrations")
            .WithSummary("Registrations waiting for this city's staff, oldest first.");
        admin.MapGet("/{residenceCode}/{residentNumber}", GetAsync).WithName("GetDomicileRegistration")
            .WithSummary("One holder's registration for this city's 戸籍 certificates, with its standing.");
        admin.MapPost("/{residenceCode}/{residentNumber}/decision", DecideAsync).WithName("DecideDomicileRegistration")
            .WithSummary("Approve (the register must hold the applicant) or reject a pending registration; takes effect at once.")
            .ProducesProblem(StatusCodes.Status409Conflict);
        admin.MapDelete("/{residenceCode}/{residentNumber}", EndAsync).WithName("EndDomicileRegistration")
            .WithSummary("End a standing registration (the holder must register again).");
        return app;
    }

    public static async Task<Results<Ok<IReadOnlyList<DomicileRegistrationResource>>, ProblemHttpResult>> ListPendingAsync(string municipalityCode, IGrainFactory grains, HttpContext context,
        string? purpose)
    {
        if (JournalApi.PurposeOrDefault(purpose, "registration-review") is not { } stated) return JournalApi.PurposeRequired();
        context.Response.Headers.CacheControl = "no-store";
        return TypedResults.Ok(await DomicileRegistrations.PendingAsync(grains, municipalityCode, context.User.Access(DataReads.DomicileList, stated)));
    }

    public static async Task<Results<Ok<DomicileRegistrationResource>, ProblemHttpResult>> GetAsync(
        string municipalityCode, string residenceCode, string residentNumber, IGrainFactory grains, HttpContext context, string? purpose)
    {
        if (Applicant(residenceCode, residentNumber) is not { } applicant) return InvalidApplicant();
        if (JournalApi.PurposeOrDefault(purpose, "registration-review") is not { } stated) return JournalApi.PurposeRequired();
        context.Response.Headers.CacheControl = "no-store";
        await grains.RecordReadAsync(context.User, municipalityCode, DataReads.DomicileList, stated, "one registration");
        return await DomicileRegistrations.GetAsync(grains, municipalityCode, applicant) is { } found
            ? TypedResults.Ok(DomicileRegistrationResource.From(found))
            : ProblemResults.For(DomicileReasons.Unknown);
    }

    public static async Task<Results<Ok<DomicileRegistrationResource>, ProblemHttpResult>> DecideAsync(
        string municipalityCode, string residenceCode, string residentNumber, DomicileDecisionBody body, IGrainFactory grains, HttpContext context)
    {
        if (Applicant(residenceCode, residentNumber) is not { } applicant) return InvalidApplicant();
        if (body.RegisterNumber is not null && !MunicipalScopedKey.IsValidLocalNumber(body.RegisterNumber))
            return ProblemResults.For(GatewayErrorCodes.InvalidField, $"registerNumber must be {MunicipalScopedKey.LocalNumberRule}.");
        if (await DomicileRegistrations.GetAsync(grains, municipalityCode, applicant) is null) return ProblemResults.For(DomicileReasons.Unknown);
        var decided = await Registration(grains, applicant).Decide(new DomicileDecision(body.Approve, Actor(context), municipalityCode, body.RegisterNumber));
        return TypedResults.Ok(DomicileRegistrationResource.From(decided));
    }

    public static async Task<Results<NoContent, ProblemHttpResult>> EndAsync(
        string municipalityCode, string residenceCode, string residentNumber, IGrainFactory grains, HttpContext context)
    {
        if (Applicant(residenceCode, residentNumber) is not { } applicant) return InvalidApplicant();
        if (await DomicileRegistrations.GetAsync(grains, municipalityCode, applicant) is not { Active: true }) return ProblemResults.For(DomicileReasons.Unknown);
        return await Registration(grains, applicant).End(DomicileReasons.EndedByStaff, Actor(context), domicileCode: municipalityCode)
            ? TypedResults.NoContent()
            : ProblemResults.For(DomicileReasons.Unknown);
    }

    private static string Actor(HttpContext context) => context.User.Identity?.Name ?? "unknown";

    private static ResidentKey? Applicant(string code, string number) =>
        ResidentKey.IsValidMunicipalityCode(code) && ResidentKey.IsValidResidentNumber(number) ? new ResidentKey(code, number) : null;

    private static ProblemHttpResult InvalidApplicant() =>
        ProblemResults.For(GatewayErrorCodes.InvalidField, "The applicant is named by their residence municipality's code and resident number (1 to 15 digits).");

    private static IDomicileRegistrationGrain Registration(IGrainFactory grains, ResidentKey applicant) =>
        grains.GetGrain<IDomicileRegistrationGrain>(DomicileRegistrationKeys.For(applicant));
}

/// <summary>What the admin API and the console share: a city sees only registrations for itself.</summary>
public static class DomicileRegistrations
{
    /// <summary>The pending registrations, after the read is journaled in the 本籍地 city's chain.</summary>
    public static async Task<IReadOnlyList<DomicileRegistrationResource>> PendingAsync(IGrainFactory grains, string domicileCode, DataAccess access)
    {
        await grains.GetGrain<IJournalGrain>(JournalNames.For(domicileCode)).RecordAccess(access, "pending registrations");
        var pending = await grains.GetGrain<IDomicileQueueGrain>(DomicileQueueKeys.For(domicileCode)).Pending();
        var registrations = await Task.WhenAll(pending.Select(applicant => GetAsync(grains, domicileCode, applicant)));
        return registrations.OfType<DomicileRegistration>().Where(r => r.Status == DomicileRegistrationStatus.Pending)
            .OrderBy(r => r.AppliedAt).Select(DomicileRegistrationResource.From).ToList();
    }

    /// <summary>The applicant's registration if it is for <paramref name="domicileCode"/>; null otherwise (another city's staff see nothing).</summary>
    public static async Task<DomicileRegistration?> GetAsync(IGrainFactory grains, string domicileCode, ResidentKey applicant) =>
        await grains.GetGrain<IDomicileRegistrationGrain>(DomicileRegistrationKeys.For(applicant)).Get() is { } found && found.DomicileCode == domicileCode ? found : null;
}
