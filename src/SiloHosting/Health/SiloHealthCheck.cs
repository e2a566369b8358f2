using Microsoft.Extensions.Diagnostics.HealthChecks;
using Orleans.Runtime;

namespace CertOrleans.SiloHosting.Health;

/// <summary>Ready while this silo is an active member of the cluster (not joining, not shutting down).</summary>
public sealed class SiloHealthCheck(ISiloStatusOracle membership) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default) =>
        Task.FromResult(membership.CurrentStatus == SiloStatus.Active
            ? HealthCheckResult.Healthy($"active; {membership.GetApproximateSiloStatuses(onlyActive: true).Count} active silo(s)")
            : HealthCheckResult.Unhealthy($"silo is {membership.CurrentStatus}"));
}
