using Microsoft.Extensions.DependencyInjection;

namespace CertOrleans.Grains.Requests;

public static class RequestServices
{
    /// <summary>The request grain's collaborators: stateless, one per silo, shared by every request.</summary>
    public static IServiceCollection AddRequestCollaborators(this IServiceCollection services) => services
        .AddSingleton<RequestAdmission>()
        .AddSingleton<CardAuthenticator>()
        .AddSingleton<RequestRecorder>()
        .AddSingleton<CertificateSource>()
        .AddSingleton<DomicileIssuance>()
        .AddSingleton<DocumentMaker>();
}
