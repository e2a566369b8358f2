using CertOrleans.Gateway.Problems;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace CertOrleans.Gateway.ApiDocument;

/// <summary>
/// The RFC 9457 problem every error answer carries, as <see cref="ProblemResults"/> writes it: the standard members
/// and the stable <c>code</c> extension a client acts on (the title is for people and follows the kiosk's language).
/// </summary>
internal static class ProblemSchema
{
    public const string Id = "Problem";

    /// <summary>The framework's schema for <c>ProducesProblem</c> metadata, whose answers the shared responses replace.</summary>
    private const string FrameworkId = "ProblemDetails";

    /// <summary>Drops the framework's problem schema once no answer uses it (a linter reports an unused component).</summary>
    public static Task RemoveFrameworkSchemaAsync(OpenApiDocument document, OpenApiDocumentTransformerContext context, CancellationToken cancellationToken)
    {
        var used = (document.Paths ?? []).Values.SelectMany(p => p.Operations ?? new Dictionary<HttpMethod, OpenApiOperation>()).Select(o => o.Value)
            .SelectMany(o => (o.Responses ?? []).Values.SelectMany(r => r.Content?.Values ?? []).Concat(o.RequestBody?.Content?.Values ?? []))
            .Any(media => media.Schema is OpenApiSchemaReference { Reference.Id: FrameworkId });
        if (!used) document.Components?.Schemas?.Remove(FrameworkId);
        return Task.CompletedTask;
    }

    public static void AddTo(OpenApiDocument document)
    {
        document.Components ??= new OpenApiComponents();
        document.Components.Schemas ??= new Dictionary<string, IOpenApiSchema>();
        if (document.Components.Schemas.ContainsKey(Id)) return;
        document.Components.Schemas[Id] = new OpenApiSchema
        {
            Type = JsonSchemaType.Object,
            Description = "An RFC 9457 problem with a stable code.",
            Required = new HashSet<string> { "type", "title", "status", "code" },
            Properties = new Dictionary<string, IOpenApiSchema>
            {
                ["type"] = new OpenApiSchema { Type = JsonSchemaType.String, Format = "uri", Description = $"{ProblemResults.TypeBase} followed by the code." },
                ["title"] = new OpenApiSchema { Type = JsonSchemaType.String, Description = "A short text for people; on the terminal API in the kiosk's language." },
                ["status"] = new OpenApiSchema { Type = JsonSchemaType.Integer, Format = "int32", Description = "The HTTP status." },
                ["detail"] = new OpenApiSchema { Type = JsonSchemaType.String | JsonSchemaType.Null, Description = "Diagnostics for the operator; never personal data." },
                ["instance"] = new OpenApiSchema { Type = JsonSchemaType.String | JsonSchemaType.Null },
                ["code"] = new OpenApiSchema
                {
                    Type = JsonSchemaType.String,
                    Pattern = "^[a-z0-9-]+$",
                    Description = "The stable, machine-readable code: what a client acts on. Each response lists the codes of its status.",
                },
                ["nextOpening"] = new OpenApiSchema { Type = JsonSchemaType.String | JsonSchemaType.Null, Format = "date-time", Description = "service-closed: when the service opens again." },
                ["notice"] = new OpenApiSchema { Type = JsonSchemaType.String | JsonSchemaType.Null, Description = "A municipality's notice to show with the refusal." },
            },
        };
    }
}
