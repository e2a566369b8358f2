using CertOrleans.Pki;

namespace CertOrleans.Tests.Support;

/// <summary>
/// The revocation list of the test run's card CA (<see cref="TestPki.SharedCardCa"/>), as a file every test cluster
/// reads. Tests revoke cards here, at the CA, as J-LIS does when a card is reported lost; the service is not told.
/// </summary>
public static class TestCardAuthority
{
    private static readonly Lock Gate = new();
    private static byte[]? published;

    /// <summary>Long-lived: tests move their clusters' clocks by days and years, and the list must still be current.</summary>
    private static readonly TimeSpan Lifetime = TimeSpan.FromDays(3650);

    public static string CrlFile { get; } = PublishFirst();

    private static string PublishFirst()
    {
        var file = Path.Combine(Directory.CreateTempSubdirectory("certorleans-card-crl-").FullName, "card-ca.crl");
        Publish(file, []);
        return file;
    }

    /// <summary>Revokes the certificate with <paramref name="serialHex"/> and publishes the next list.</summary>
    public static void Revoke(string serialHex) => Publish(CrlFile, [serialHex]);

    private static void Publish(string file, string[] revoke)
    {
        lock (Gate)
        {
            // A day back: a test cluster's clock may be behind the real one by a little.
            var now = DateTimeOffset.UtcNow;
            published = TestPki.SharedCardCa.PublishCrl(published, revoke, now.AddDays(-1), now + Lifetime);
            var temporary = file + ".tmp";
            File.WriteAllBytes(temporary, published);
            File.Move(temporary, file, overwrite: true);
        }
    }
}
