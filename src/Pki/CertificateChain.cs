using System.Security.Cryptography.X509Certificates;

namespace CertOrleans.Pki;

/// <summary>Validates a certificate against exactly one configured root, ignoring the machine's trust store.</summary>
public static class CertificateChain
{
    public static bool ChainsTo(X509Certificate2 leaf, X509Certificate2 root, DateTimeOffset at)
    {
        using var chain = new X509Chain();
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
