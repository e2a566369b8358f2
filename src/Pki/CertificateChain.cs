using System.Security.Cryptography.X509Certificates;

namespace CertOrleans.Pki;

/// <summary>
/// Validates a certificate against exactly one configured root, ignoring the machine's trust store. Nothing is
/// ever fetched: a certificate's AIA or CRL addresses are chosen by whoever made it, so a chain is built from
/// what is in hand, and a certificate not issued by the root is refused before any chain is built.
/// </summary>
public static class CertificateChain
{
    public static bool ChainsTo(X509Certificate2 leaf, X509Certificate2 root, DateTimeOffset at)
    {
        if (!leaf.IssuerName.RawData.AsSpan().SequenceEqual(root.SubjectName.RawData)) return false;
        using var chain = new X509Chain();
        chain.ChainPolicy.DisableCertificateDownloads = true;
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.CustomTrustStore.Add(root);
        // Revocation of cards and terminals is our own registry's decision (card and terminal grains), checked separately.
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        chain.ChainPolicy.VerificationTime = at.UtcDateTime;
        chain.ChainPolicy.VerificationTimeIgnored = false;
        if (!chain.Build(leaf)) return false;
        var anchor = chain.ChainElements[^1].Certificate;
        return anchor.RawDataMemory.Span.SequenceEqual(root.RawDataMemory.Span);
    }

    public static bool IsWithinValidity(X509Certificate2 certificate, DateTimeOffset at) =>
        at.UtcDateTime >= certificate.NotBefore.ToUniversalTime() && at.UtcDateTime <= certificate.NotAfter.ToUniversalTime();
}
