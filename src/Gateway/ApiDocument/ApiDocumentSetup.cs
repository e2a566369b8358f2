using CertOrleans.Contracts.Configuration;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace CertOrleans.Gateway.ApiDocument;

/// <summary>
/// The OpenAPI document at <c>/openapi/v1.json</c>, made for a vendor's tools: security schemes and each operation's
/// security, the problem+json answers with their stable codes, and a server address they accept. Everything is
/// derived from the endpoints' own metadata (names, summaries, authorization, rate limits), never written by hand.
/// </summary>
public static class ApiDocumentSetup
{
    public static IServiceCollection AddApiDocument(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddValidatedOptions<ApiDocumentOptions, ApiDocumentOptionsValidator>(configuration, ApiDocumentOptions.Section);
        return services.AddOpenApi(Configure);
    }

    private static void Configure(OpenApiOptions options)
    {
        options.AddDocumentTransformer((document, _, _) =>
        {
            document.Info.Title = "CertOrleans gateway";
            document.Info.Description = "Convenience-store issuance of municipal certificates: the store terminal API (mutual TLS), "
                + "the registry feed and the administration API (bearer keys), and public verification. Every error is RFC 9457 "
                + "problem+json with a stable `code`.";
            foreach (var tag in document.Tags ?? new HashSet<OpenApiTag>())
                if (TagDescriptions.TryGetValue(tag.Name ?? "", out var description)) tag.Description = description;
            return Task.CompletedTask;
        });
        options.AddDocumentTransformer<ServerAddressTransformer>();
        options.AddDocumentTransformer<SecuritySchemesTransformer>();
        options.AddOperationTransformer<OperationSecurityTransformer>();
        options.AddOperationTransformer<ProblemResponsesTransformer>();
        options.AddDocumentTransformer(ProblemSchema.RemoveFrameworkSchemaAsync);
    }

    /// <summary>What each group of operations is for (the groups are the endpoints' <c>WithTags</c>).</summary>
    private static readonly Dictionary<string, string> TagDescriptions = new()
    {
        ["Terminal"] = "The store terminal (kiosk) API: one request per resident, from the card to the printed certificate. Mutual TLS with the terminal's certificate.",
        ["Registry"] = "The registry feed: the city's 住基, 戸籍, seal, tax and card systems push their changes. Bearer registry key.",
        ["Admin"] = "Municipal and cluster administration: menus, terminals, cards, keys and switches. Bearer admin key.",
        ["Journal"] = "The signed journal of every request and administrative act, for audits and disclosure requests. Bearer admin key.",
        ["Reports"] = "Settlement and council reports of a municipality. Bearer admin key.",
        ["Builds"] = "The builds deployed and the releases recorded, to check what runs. Bearer admin key.",
        ["Verification"] = "Public verification of a printed certificate or its code; no credential.",
    };
}
