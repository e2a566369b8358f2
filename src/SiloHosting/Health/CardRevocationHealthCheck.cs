using CertOrleans.Grains.Cards;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace CertOrleans.SiloHosting.Health;

/// <summary>
/// Degraded while this silo holds no current revocation list of the card CA: it serves, but refuses every card
/// (card-status-unavailable). Degraded, not unhealthy: the silo's other work (verification, the registry) goes on.
/// </summary>
public sealed class CardRevocationHealthCheck(CardRevocationList list) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default) =>
        Task.FromResult(list.IsCurrent
            ? HealthCheckResult.Healthy($"card CA revocation list current until {list.Current!.NextUpdate:o}")
            : HealthCheckResult.Degraded("no current card CA revocation list: every card is refused (card-status-unavailable)"));
}
