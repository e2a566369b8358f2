using System.Text.RegularExpressions;
using CertOrleans.Contracts.Cards;
using CertOrleans.Contracts.Journal;
using CertOrleans.Contracts.Requests;
using CertOrleans.Contracts.Residents;
using CertOrleans.Contracts.Terminals;
using CertOrleans.Gateway.Problems;
using CertOrleans.Gateway.Security;
using Microsoft.AspNetCore.Http.HttpResults;

namespace CertOrleans.Gateway.Apis;

/// <summary>Links a card to a resident of the municipality.</summary>
public sealed record CardLinkBody(string MunicipalityCode, string ResidentNumber);

/// <summary>Registers a store terminal under its terminal id (the CN of its client certificate).</summary>
public sealed record TerminalRegistrationBody(string StoreOperator, string StoreName);

public sealed record CardResponse(string Serial, bool Linked, bool Revoked);

public sealed record TerminalResponse(string TerminalId, bool Registered, bool Suspended);

/// <summary>
/// What operators do to cards and terminals, through the authenticated admin API (the admin CLI calls these;
/// it holds no cluster connection). Cards belong to a municipality's residents, so a municipal administrator
/// may link and revoke their own residents' cards; terminals serve every municipality, so they are the cluster
/// operator's.
/// </summary>
public static partial class OperatorsApi
{
    public static IEndpointRouteBuilder MapOperatorsApi(this IEndpointRouteBuilder app)
    {
        var cards = app.MapGroup("/admin/v1/cards").RequireAuthorization(ApiKeyAuthentication.AdminPolicy).RequireRateLimiting(Admission.RateLimits.PerCredential).WithTags("Admin");
        cards.MapPut("/{serial}", LinkCardAsync).WithName("LinkCard").WithSummary("Link a card (by its certificate serial, hex) to a resident.");
        cards.MapPost("/{serial}/revoke", (string serial, IGrainFactory grains, HttpContext context) =>
            ChangeCardAsync(serial, grains, context, (card, actor, scope) => card.Revoke(actor, scope))).WithName("RevokeCard")
            .WithSummary("Revoke a card (lost or stolen): no request can start with it again.");
        cards.MapDelete("/{serial}", (string serial, IGrainFactory grains, HttpContext context) =>
            ChangeCardAsync(serial, grains, context, (card, actor, scope) => card.Unlink(actor, scope))).WithName("UnlinkCard")
            .WithSummary("Unlink a card from its holder (a key for the holder's municipality only).");
        cards.MapGet("/{serial}/issuances", CardIssuancesAsync).WithName("GetCardIssuances")
            .WithSummary("What was issued on this card's holder in the last 12 months, from their municipality's journal.");

        var terminals = app.MapGroup("/admin/v1/terminals").RequireAuthorization(ApiKeyAuthentication.ClusterOperatorPolicy).RequireRateLimiting(Admission.RateLimits.PerCredential).WithTags("Admin");
        terminals.MapPut("/{terminalId}", RegisterTerminalAsync).WithName("RegisterTerminal")
            .WithSummary("Register a store terminal (its certificate's common name) with its store operator and store.");
        terminals.MapPost("/{terminalId}/suspend", (string terminalId, IGrainFactory grains, HttpContext context) =>
            SwitchTerminalAsync(terminalId, grains, t => t.Suspend(Actor(context)))).WithName("SuspendTerminal")
            .WithSummary("Suspend a terminal: its next step is refused (terminal-suspended).");
        terminals.MapPost("/{terminalId}/resume", (string terminalId, IGrainFactory grains, HttpContext context) =>
            SwitchTerminalAsync(terminalId, grains, t => t.Resume(Actor(context)))).WithName("ResumeTerminal")
            .WithSummary("Resume a suspended terminal.");
        return app;
    }

    public static async Task<Results<Ok<CardResponse>, ProblemHttpResult>> LinkCardAsync(string serial, CardLinkBody body, IGrainFactory grains, HttpContext context)
    {
        if (!IsSerial(serial)) return ProblemResults.For(GatewayErrorCodes.InvalidField, "The serial is the card certificate's serial number in hex (at most 40 digits).");
        if (ProblemResults.ForMunicipalityCode(body.MunicipalityCode) is { } invalid) return invalid;
        if (!ResidentKey.IsValidResidentNumber(body.ResidentNumber)) return ProblemResults.For(GatewayErrorCodes.InvalidField, "residentNumber must be 1 to 15 digits.");
        if (!context.User.MayAct(body.MunicipalityCode)) return ProblemResults.For(GatewayErrorCodes.OutOfScope, $"This key is not for municipality {body.MunicipalityCode}.");
        var card = grains.GetGrain<ICardGrain>(CardKeys.ForSerial(serial));
        var resident = new ResidentKey(body.MunicipalityCode, body.ResidentNumber);
        await card.Link(resident, Actor(context), Scope(context));
        var status = await card.GetStatus();
        return TypedResults.Ok(new CardResponse(serial.ToUpperInvariant(), status.Known, status.Revoked));
    }

    /// <summary>Revoke or unlink: the card's grain checks the key's scope against the holder's municipality, with the act.</summary>
    private static async Task<Results<Ok<CardResponse>, ProblemHttpResult>> ChangeCardAsync(string serial, IGrainFactory grains, HttpContext context,
        Func<ICardGrain, string, IReadOnlyList<string>, Task> change)
    {
        if (!IsSerial(serial)) return ProblemResults.For(GatewayErrorCodes.InvalidField, "The serial is the card certificate's serial number in hex (at most 40 digits).");
        var card = grains.GetGrain<ICardGrain>(CardKeys.ForSerial(serial));
        if ((await card.GetStatus()).Resident is null) return ProblemResults.For(ErrorCodes.CardUnknown);
        await change(card, Actor(context), Scope(context));
        var status = await card.GetStatus();
        return TypedResults.Ok(new CardResponse(serial.ToUpperInvariant(), status.Known, status.Revoked));
    }

    public static async Task<Results<Ok<IReadOnlyList<IssuanceHistoryItem>>, ProblemHttpResult>> CardIssuancesAsync(string serial, IGrainFactory grains, HttpContext context, string? purpose)
    {
        if (!IsSerial(serial)) return ProblemResults.For(GatewayErrorCodes.InvalidField, "The serial is the card certificate's serial number in hex (at most 40 digits).");
        if (!AccessPurposes.IsKnown(purpose)) return JournalApi.PurposeRequired();
        var status = await grains.GetGrain<ICardGrain>(CardKeys.ForSerial(serial)).GetStatus();
        if (status.Resident is not { } holder) return ProblemResults.For(ErrorCodes.CardUnknown);
        if (!context.User.MayAct(holder.MunicipalityCode)) return ProblemResults.For(GatewayErrorCodes.OutOfScope, "This key is not for the card holder's municipality.");
        return TypedResults.Ok(await grains.GetGrain<IJournalGrain>(JournalNames.For(holder.MunicipalityCode)).IssuancesOf(holder, context.User.Access(DataReads.Issuances, purpose!)));
    }

    public static async Task<Results<Ok<TerminalResponse>, ProblemHttpResult>> RegisterTerminalAsync(string terminalId, TerminalRegistrationBody body, IGrainFactory grains, HttpContext context)
    {
        if (!IsTerminalId(terminalId)) return ProblemResults.For(GatewayErrorCodes.InvalidField, "A terminal id is 1 to 64 ASCII letters, digits, '.', '_' or '-'.");
        if (string.IsNullOrWhiteSpace(body.StoreOperator) || body.StoreOperator.Length > 100 || string.IsNullOrWhiteSpace(body.StoreName) || body.StoreName.Length > 100)
            return ProblemResults.For(GatewayErrorCodes.InvalidField, "storeOperator and storeName are required (at most 100 characters each).");
        var terminal = grains.GetGrain<ITerminalGrain>(terminalId);
        await terminal.Register(new TerminalRegistration(body.StoreOperator, body.StoreName), Actor(context));
        var status = await terminal.GetStatus();
        return TypedResults.Ok(new TerminalResponse(terminalId, status.Known, status.Suspended));
    }

    private static async Task<Results<Ok<TerminalResponse>, ProblemHttpResult>> SwitchTerminalAsync(string terminalId, IGrainFactory grains, Func<ITerminalGrain, Task> change)
    {
        if (!IsTerminalId(terminalId)) return ProblemResults.For(GatewayErrorCodes.InvalidField, "A terminal id is 1 to 64 ASCII letters, digits, '.', '_' or '-'.");
        var terminal = grains.GetGrain<ITerminalGrain>(terminalId);
        await change(terminal);
        var status = await terminal.GetStatus();
        return TypedResults.Ok(new TerminalResponse(terminalId, status.Known, status.Suspended));
    }

    /// <summary>Who acts, as the journal names them: the key's role and id, or the staff account.</summary>
    internal static string Actor(HttpContext context) => context.User.Identity?.Name ?? "unknown";

    /// <summary>The municipalities the caller's key is for ("*" for all), for the grains that check them with the act.</summary>
    internal static List<string> Scope(HttpContext context) => context.User.FindAll(ApiKeyAuthentication.MunicipalityClaim).Select(c => c.Value).ToList();

    private static bool IsSerial(string serial) => Contracts.Cards.CardKeys.IsValidSerial(serial);

    private static bool IsTerminalId(string id) => TerminalIdPattern().IsMatch(id);

    [GeneratedRegex("^[A-Za-z0-9][A-Za-z0-9._-]{0,63}\\z")]
    private static partial Regex TerminalIdPattern();
}
