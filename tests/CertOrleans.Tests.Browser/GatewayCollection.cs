namespace CertOrleans.Tests;

/// <summary>The browser tests share one gateway (xunit finds collection definitions only in the test assembly itself).</summary>
[CollectionDefinition(Name)]
public sealed class GatewayCollection : ICollectionFixture<GatewayFixture>
{
    public const string Name = "gateway";
}
