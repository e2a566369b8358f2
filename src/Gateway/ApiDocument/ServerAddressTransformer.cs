using Microsoft.AspNetCore.OpenApi;
using Microsoft.Extensions.Options;
using Microsoft.OpenApi;

namespace CertOrleans.Gateway.ApiDocument;

/// <summary>Section <c>Gateway:ApiDocument</c>: what the published document says about where the gateway is.</summary>
public sealed class ApiDocumentOptions
{
    public const string Section = "Gateway:ApiDocument";

    /// <summary>
    /// The address vendors reach the gateway at (behind a load balancer the gateway sees another), e.g.
    /// https://kiosk-gateway.example.jp; unset, the address the caller reached.
    /// </summary>
    public string? ServerUrl { get; set; }

}

public sealed class ApiDocumentOptionsValidator : CertOrleans.Contracts.Configuration.OptionsValidator<ApiDocumentOptions>
{
    protected override IEnumerable<string> Problems(ApiDocumentOptions options)
    {
        if (options.ServerUrl is { } address && !(Uri.TryCreate(address, UriKind.Absolute, out var url) && url.Scheme == Uri.UriSchemeHttps && url.Query.Length == 0 && !address.EndsWith('/')))
            yield return $"{ApiDocumentOptions.Section}:ServerUrl must be an https:// address without a query or a trailing slash.";
    }
}

/// <summary>
/// The document's server: the configured address, or the one the caller reached as the framework writes it, in
/// either case without a trailing slash (the paths start with one, and a generator joining the two would double it).
/// </summary>
internal sealed class ServerAddressTransformer(IOptions<ApiDocumentOptions> options) : IOpenApiDocumentTransformer
{
    public Task TransformAsync(OpenApiDocument document, OpenApiDocumentTransformerContext context, CancellationToken cancellationToken)
    {
        if (options.Value.ServerUrl is { } configured) document.Servers = [new OpenApiServer { Url = configured }];
        foreach (var server in document.Servers ?? [])
            if (server.Url is { Length: > 1 } url && url.EndsWith('/')) server.Url = url.TrimEnd('/');
        return Task.CompletedTask;
    }
}
