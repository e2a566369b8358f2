using CertOrleans.Admin.Demo;
using CertOrleans.Pki;
using CertOrleans.Pki.Revocation;

namespace CertOrleans.Tests.Cards;

/// <summary>The demo card CA publishes its revocation list where the silos read it, and revokes a card on request.</summary>
public sealed class DemoCardAuthorityTests
{
    [Fact]
    public void The_demo_publishes_a_list_of_its_card_CA_with_the_lost_card_and_adds_a_card_revoked_later()
    {
        var layout = new DemoLayout(Directory.CreateTempSubdirectory("certorleans-demo-crl-").FullName);
        DemoSetup.Init(layout, households: 6, seed: 7, TextWriter.Null);
        using var ca = CertificateAuthority.Load(layout.CaCertificate("card"), layout.CaKey("card"));
        var manifest = DemoSetup.ReadManifest(layout);
        VerifiedCrl Read() => VerifiedCrl.Read(File.ReadAllBytes(layout.CardCrl), ca.Certificate).Crl!;

        var first = Read();
        Assert.True(first.IsRevoked(manifest.Single(c => c.Label == DemoCardAuthority.LostCardLabel).Serial));
        Assert.False(first.IsRevoked(manifest.Single(c => c.Label == "demo").Serial));
        Assert.True(first.NextUpdate > DateTimeOffset.UtcNow.AddDays(1));

        // Revoked at the CA: on the next list, with the earlier revocation kept; publishing again keeps both.
        Assert.Equal(2, DemoCardAuthority.Revoke(layout, "demo-092029", TextWriter.Null));
        Assert.Equal(2, DemoCardAuthority.Publish(layout, [], TextWriter.Null));
        var later = Read();
        Assert.True(later.IsRevoked(manifest.Single(c => c.Label == "demo-092029").Serial));
        Assert.True(later.IsRevoked(manifest.Single(c => c.Label == DemoCardAuthority.LostCardLabel).Serial));
        Assert.True(later.ThisUpdate >= first.ThisUpdate);
        Assert.Throws<ArgumentException>(() => DemoCardAuthority.Revoke(layout, "no-such-card", TextWriter.Null));
    }
}
