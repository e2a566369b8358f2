namespace CertOrleans.Tests;

// xunit finds collection definitions only in the test assembly itself, so each project that shares a gateway defines its own.

/// <summary>The gateway in front of a two-silo cluster on PostgreSQL, as in production: requests spread over silos.</summary>
public sealed class TwoSiloGatewayFixture() : GatewayFixture(2, "postgres");

[CollectionDefinition(Name)]
public sealed class TwoSiloGatewayCollection : ICollectionFixture<TwoSiloGatewayFixture>
{
    public const string Name = "gateway-two-silos";
}

[CollectionDefinition(Name)]
public sealed class GatewayCollection : ICollectionFixture<GatewayFixture>
{
    public const string Name = "gateway";
}
