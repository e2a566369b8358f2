using CertOrleans.Gateway.Languages;
using CertOrleans.Gateway.Problems;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Http.Metadata;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.OpenApi;

namespace CertOrleans.Gateway.ApiDocument;

/// <summary>
/// Documents the problem+json answers an operation can give, from what its endpoint is: 400 when it takes input,
/// 401 and 403 when it needs a credential, 404 when its path names something, 413 and 415 when it takes a body, 429
/// when it is rate limited, 500 and 503 always, and whatever status its <c>ProducesProblem</c> metadata adds. Each is
/// a shared response (<c>#/components/responses/ProblemNNN</c>) that lists the stable codes of its status.
/// </summary>
internal sealed class ProblemResponsesTransformer : IOpenApiOperationTransformer
{
    public Task TransformAsync(OpenApiOperation operation, OpenApiOperationTransformerContext context, CancellationToken cancellationToken)
    {
        var description = context.Description;
        var metadata = description.ActionDescriptor.EndpointMetadata;
        var statuses = new SortedSet<int> { 500, 503 };
        var takesBody = description.ParameterDescriptions.Any(p => p.Source == Microsoft.AspNetCore.Mvc.ModelBinding.BindingSource.Body)
            || metadata.OfType<IAcceptsMetadata>().Any();
        if (takesBody || description.ParameterDescriptions.Count > 0) statuses.Add(400);
        if (!metadata.OfType<IAllowAnonymous>().Any() && metadata.OfType<IAuthorizeData>().Any()) statuses.UnionWith([401, 403]);
        if (description.RelativePath?.Contains('{') == true) statuses.Add(404);
        if (takesBody) statuses.UnionWith([413, 415]);
        if (metadata.OfType<EnableRateLimitingAttribute>().Any()) statuses.Add(429);
        foreach (var produced in metadata.OfType<IProducesResponseTypeMetadata>())
            if (produced.ContentTypes.Contains(ProblemContentType) || produced.Type == typeof(Microsoft.AspNetCore.Mvc.ProblemDetails)) statuses.Add(produced.StatusCode);

        operation.Responses ??= new OpenApiResponses();
        var document = context.Document ?? throw new InvalidOperationException("The operation has no document.");
        foreach (var status in statuses)
            operation.Responses[status.ToString(System.Globalization.CultureInfo.InvariantCulture)] = SharedResponse(document, status);
        return Task.CompletedTask;
    }

    public const string ProblemContentType = "application/problem+json";

    private static OpenApiResponseReference SharedResponse(OpenApiDocument document, int status)
    {
        var id = $"Problem{status}";
        document.Components ??= new OpenApiComponents();
        document.Components.Responses ??= new Dictionary<string, IOpenApiResponse>();
        if (!document.Components.Responses.ContainsKey(id))
        {
            ProblemSchema.AddTo(document);
            document.Components.Responses[id] = new OpenApiResponse
            {
                Description = Describe(status),
                Content = new Dictionary<string, OpenApiMediaType>
                {
                    [ProblemContentType] = new() { Schema = new OpenApiSchemaReference(ProblemSchema.Id, document) },
                },
            };
        }
        return new OpenApiResponseReference(id, document);
    }

    /// <summary>The status's meaning and every stable code it carries, so a vendor can map each to a screen.</summary>
    private static string Describe(int status)
    {
        var codes = ProblemResults.Codes.Concat(RefusalTexts.Messages.Keys).Where(code => ProblemResults.StatusOf(code) == status)
            .Distinct().Order(StringComparer.Ordinal).ToList();
        var meaning = status switch
        {
            400 => "The request is malformed or a field is invalid.",
            401 => "The credential (terminal certificate or bearer key) is missing or not accepted.",
            403 => "Refused: the caller may not do this, or the issuance rules refuse it (refused-* codes; show the title).",
            404 => "What the path names does not exist.",
            409 => "The request is not in a state that allows this step, or a concurrent change came first.",
            410 => "The request has ended or expired; start a new one.",
            413 => "The body is larger than this operation accepts.",
            415 => "The body's content type is not one this operation accepts.",
            422 => "The body is well-formed but its content is refused.",
            429 => "Too many requests from this caller; retry after the Retry-After header's seconds.",
            500 => "An internal error.",
            503 => "Temporarily unavailable (overloaded, timed out, stopped or a store unavailable); retry later.",
            _ => $"HTTP {status}.",
        };
        return codes.Count == 0 ? meaning : $"{meaning} Codes: {string.Join(", ", codes)}.";
    }
}
