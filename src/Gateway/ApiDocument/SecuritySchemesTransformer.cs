using CertOrleans.Gateway.Security;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace CertOrleans.Gateway.ApiDocument;

/// <summary>
/// The document's security schemes, one per authentication scheme an endpoint can require: the terminal's client
/// certificate (mutual TLS) and the two kinds of bearer key. Operations name theirs (<see cref="OperationSecurityTransformer"/>).
/// </summary>
internal sealed class SecuritySchemesTransformer : IOpenApiDocumentTransformer
{
    public const string TerminalCertificate = "terminalCertificate";
    public const string AdminKey = "adminKey";
    public const string RegistryKey = "registryKey";

    /// <summary>The document's scheme for each ASP.NET Core authentication scheme.</summary>
    public static readonly IReadOnlyDictionary<string, string> ForAuthenticationScheme = new Dictionary<string, string>
    {
        [TerminalCertificateHandler.SchemeName] = TerminalCertificate,
        [ApiKeyAuthentication.AdminScheme] = AdminKey,
        [ApiKeyAuthentication.RegistryScheme] = RegistryKey,
    };

    public Task TransformAsync(OpenApiDocument document, OpenApiDocumentTransformerContext context, CancellationToken cancellationToken)
    {
        document.Components ??= new OpenApiComponents();
        document.Components.SecuritySchemes ??= new Dictionary<string, IOpenApiSecurityScheme>();
        document.Components.SecuritySchemes[TerminalCertificate] = new OpenApiSecurityScheme
        {
            Type = SecuritySchemeType.MutualTLS,
            Description = "The store terminal's client certificate, issued by the terminal CA; its common name is the terminal id, "
                + "which must be registered and not suspended.",
        };
        document.Components.SecuritySchemes[AdminKey] = new OpenApiSecurityScheme
        {
            Type = SecuritySchemeType.Http,
            Scheme = "bearer",
            Description = "An administrator key (cluster operator or municipal administrator), valid in its own municipalities only. "
                + "Operations that need the cluster operator's role name it.",
        };
        document.Components.SecuritySchemes[RegistryKey] = new OpenApiSecurityScheme
        {
            Type = SecuritySchemeType.Http,
            Scheme = "bearer",
            Description = "A registry system's key (registry writer), valid for its own municipalities' records only.",
        };
        return Task.CompletedTask;
    }
}
