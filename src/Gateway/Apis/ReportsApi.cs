using CertOrleans.Contracts.Reports;
using CertOrleans.Gateway.Problems;
using CertOrleans.Gateway.Security;
using Microsoft.AspNetCore.Http.HttpResults;

namespace CertOrleans.Gateway.Apis;

/// <summary>
/// A municipality's settlement report (per month and store operator) and the council's report (per period), as JSON,
/// CSV (settlement) or a Japanese PDF. Every figure comes from the municipality's verified journal.
/// </summary>
public static class ReportsApi
{
    public static IEndpointRouteBuilder MapReportsApi(this IEndpointRouteBuilder app)
    {
        var reports = app.MapGroup("/admin/v1/municipalities/{municipalityCode}/reports")
            .RequireAuthorization(ApiKeyAuthentication.AdminPolicy).RequireMunicipalityScope().RequireServedMunicipality().RequireRateLimiting(Admission.RateLimits.PerCredential).WithTags("Reports");
        reports.MapGet("/settlement/{year:int}/{month:int}", SettlementAsync).WithName("GetSettlementReport")
            .WithSummary("The month's settlement per store operator: counts by type and outcome, fees, refunds, commission, net; cost recovery. ?format=json|csv|pdf");
        reports.MapGet("/council", CouncilAsync).WithName("GetCouncilReport")
            .WithSummary("The council's report for a period (from, to: yyyy-MM-dd, Japan time). ?format=json|pdf");
        return app;
    }

    public static async Task<Results<Ok<SettlementReport>, FileContentHttpResult, ProblemHttpResult>> SettlementAsync(
        string municipalityCode, int year, int month, string? format, IGrainFactory grains)
    {
        if (year is < 2000 or > 9999 || month is < 1 or > 12) return ProblemResults.For(GatewayErrorCodes.InvalidField, "year and month must name a calendar month.");
        if (format is not (null or "json" or "csv" or "pdf")) return ProblemResults.For(GatewayErrorCodes.InvalidField, "format is json, csv or pdf.");
        // The documents are rendered on the silos, where the fonts are; the gateway passes the bytes on.
        var documents = grains.GetGrain<IReportDocumentsGrain>(municipalityCode);
        var name = $"settlement-{municipalityCode}-{year:D4}-{month:D2}";
        return format switch
        {
            "pdf" => TypedResults.File(await documents.SettlementPdf(year, month), "application/pdf", name + ".pdf"),
            "csv" => TypedResults.File(await documents.SettlementCsv(year, month), "text/csv; charset=utf-8", name + ".csv"),
            _ => TypedResults.Ok(await grains.GetGrain<IReportsGrain>(municipalityCode).Settlement(year, month)),
        };
    }

    public static async Task<Results<Ok<CouncilReport>, FileContentHttpResult, ProblemHttpResult>> CouncilAsync(
        string municipalityCode, string? from, string? to, string? format, IGrainFactory grains)
    {
        if (!DateOnly.TryParseExact(from, "yyyy-MM-dd", out var first) || !DateOnly.TryParseExact(to, "yyyy-MM-dd", out var last) || last < first || last.DayNumber - first.DayNumber > 400)
            return ProblemResults.For(GatewayErrorCodes.InvalidField, "from and to are dates (yyyy-MM-dd), from not after to, at most 400 days apart.");
        if (format is not (null or "json" or "pdf")) return ProblemResults.For(GatewayErrorCodes.InvalidField, "format is json or pdf.");
        return format == "pdf"
            ? TypedResults.File(await grains.GetGrain<IReportDocumentsGrain>(municipalityCode).CouncilPdf(first, last), "application/pdf", $"council-{municipalityCode}-{first:yyyyMMdd}-{last:yyyyMMdd}.pdf")
            : TypedResults.Ok(await grains.GetGrain<IReportsGrain>(municipalityCode).Council(first, last));
    }
}
