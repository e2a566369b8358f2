using CertOrleans.Pki;

namespace CertOrleans.Admin.Demo;

/// <summary>
/// The demo card CA's revocation: it publishes its CRL as a file the silos are configured to read (never an address
/// in a card). The last published CRL is the CA's record of what it revoked; each publication adds to it.
/// </summary>
public static class DemoCardAuthority
{
    /// <summary>The demo resident's earlier card, revoked at the CA when the demo is made (a card reported lost).</summary>
    public const string LostCardLabel = "reported-lost";
    public const string LostCardPin = "6666";

    /// <summary>How long a published list may be relied on. ./run.sh publishes again every hour.</summary>
    public static readonly TimeSpan CrlLifetime = TimeSpan.FromDays(2);

    /// <summary>Publishes the next CRL with the serials (hex) in <paramref name="revoke"/> added; returns how many it lists.</summary>
    public static int Publish(DemoLayout layout, IEnumerable<string> revoke, TextWriter output)
    {
        using var ca = CertificateAuthority.Load(layout.CaCertificate("card"), layout.CaKey("card"));
        var previous = File.Exists(layout.CardCrl) ? File.ReadAllBytes(layout.CardCrl) : null;
        var now = DateTimeOffset.UtcNow;
        var crl = ca.PublishCrl(previous, revoke, now, now + CrlLifetime);
        Write(layout.CardCrl, crl);
        var listed = Pki.Revocation.VerifiedCrl.Read(crl, ca.Certificate).Crl!;
        output.WriteLine($"published {layout.CardCrl}: {listed.RevokedCount} revoked, usable until {listed.NextUpdate:u}");
        return listed.RevokedCount;
    }

    /// <summary>Revokes the manifest's card <paramref name="label"/> at the CA (as J-LIS would on a report of loss), and publishes.</summary>
    public static int Revoke(DemoLayout layout, string label, TextWriter output)
    {
        var card = DemoSetup.ReadManifest(layout).FirstOrDefault(c => c.Label == label)
            ?? throw new ArgumentException($"No card labelled '{label}' in {layout.CardManifest}.");
        return Publish(layout, [card.Serial], output);
    }

    /// <summary>Whole or not at all: a silo reading the file while it is written sees the old list or the new one.</summary>
    private static void Write(string path, byte[] content)
    {
        var temporary = path + ".tmp";
        File.WriteAllBytes(temporary, content);
        File.Move(temporary, path, overwrite: true);
    }
}
