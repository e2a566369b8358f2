using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Authorization.Infrastructure;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace CertOrleans.Gateway.ApiDocument;

/// <summary>
/// Each operation's security, read from the endpoint's authorization metadata: the authentication schemes of the
/// policies it requires (with the roles they demand), or none for an anonymous endpoint. An endpoint whose
/// scheme the document does not know gets no security at all, which the linter reports.
/// </summary>
internal sealed class OperationSecurityTransformer(IAuthorizationPolicyProvider policies) : IOpenApiOperationTransformer
{
    public async Task TransformAsync(OpenApiOperation operation, OpenApiOperationTransformerContext context, CancellationToken cancellationToken)
    {
        var metadata = context.Description.ActionDescriptor.EndpointMetadata;
        if (metadata.OfType<IAllowAnonymous>().Any())
        {
            // Declared public: an empty list, not an absent one.
            operation.Security = [];
            return;
        }
        var requirement = new OpenApiSecurityRequirement();
        foreach (var authorize in metadata.OfType<IAuthorizeData>())
        {
            var policy = authorize.Policy is { } name ? await policies.GetPolicyAsync(name) : null;
            var roles = policy?.Requirements.OfType<RolesAuthorizationRequirement>().SelectMany(r => r.AllowedRoles).ToList() ?? [];
            var schemes = (policy?.AuthenticationSchemes ?? []).Concat(authorize.AuthenticationSchemes?.Split(',', StringSplitOptions.TrimEntries) ?? []);
            foreach (var scheme in schemes)
            {
                if (!SecuritySchemesTransformer.ForAuthenticationScheme.TryGetValue(scheme, out var id)) continue;
                var reference = new OpenApiSecuritySchemeReference(id, context.Document);
                var existing = requirement.Keys.FirstOrDefault(k => k.Reference.Id == id);
                if (existing is null) requirement[reference] = roles;
                else requirement[existing] = [.. requirement[existing].Union(roles)];
            }
        }
        if (requirement.Count > 0) operation.Security = [requirement];
    }
}
