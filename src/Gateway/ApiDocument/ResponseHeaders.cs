using Microsoft.OpenApi;

namespace CertOrleans.Gateway.ApiDocument;

/// <summary>Documents the headers an endpoint's answer carries beside its body (a generated client reads them).</summary>
public static class ResponseHeaders
{
    public static RouteHandlerBuilder WithResponseHeaders(this RouteHandlerBuilder endpoint, int status, params (string Name, string Description)[] headers) =>
        endpoint.AddOpenApiOperationTransformer((operation, _, _) =>
        {
            if (operation.Responses?.TryGetValue(status.ToString(System.Globalization.CultureInfo.InvariantCulture), out var found) == true && found is OpenApiResponse response)
            {
                response.Headers ??= new Dictionary<string, IOpenApiHeader>();
                foreach (var (name, description) in headers)
                    response.Headers[name] = new OpenApiHeader { Description = description, Required = true, Schema = new OpenApiSchema { Type = JsonSchemaType.String } };
            }
            return Task.CompletedTask;
        });
}
