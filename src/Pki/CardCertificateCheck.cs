using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace CertOrleans.Pki;

/// <summary>Why a card certificate was not admitted.</summary>
public enum CardCertificateFailure
{
    None,
    Unreadable,
    OutsideValidity,
    Untrusted,
}

/// <summary>
/// Reads a card's user-authentication certificate, as the kiosk sent it, and decides whether it may start a
/// request: readable, within its validity, issued by the card CA. Anyone can send any bytes here (card
/// certificates are public), so every way the bytes can be damaged ends in a failure, never an exception.
/// </summary>
public static class CardCertificateCheck
{
    /// <summary>The card's serial number (hex) when admitted, else null and the reason.</summary>
    public static (string? Serial, CardCertificateFailure Failure) Check(byte[] der, X509Certificate2 cardRoot, DateTimeOffset at)
    {
        try
        {
            using var certificate = X509CertificateLoader.LoadCertificate(der);
            // Damage in the validity dates or the key shows only when they are read: read them here, inside the guard.
            if (!CertificateChain.IsWithinValidity(certificate, at)) return (null, CardCertificateFailure.OutsideValidity);
            if (!CertificateChain.ChainsTo(certificate, cardRoot, at)) return (null, CardCertificateFailure.Untrusted);
            return (certificate.SerialNumber, CardCertificateFailure.None);
        }
        catch (Exception e) when (e is CryptographicException or ArgumentException or FormatException or OverflowException)
        {
            return (null, CardCertificateFailure.Unreadable);
        }
    }

    /// <summary>Whether <paramref name="signature"/> over <paramref name="payload"/> verifies with the key of the certificate <paramref name="der"/>; false for any damaged input.</summary>
    public static bool SignatureVerifies(byte[] der, ReadOnlySpan<byte> payload, ReadOnlySpan<byte> signature)
    {
        try
        {
            using var certificate = X509CertificateLoader.LoadCertificate(der);
            return CardAuthenticationProtocol.Verify(certificate, payload, signature);
        }
        catch (Exception e) when (e is CryptographicException or ArgumentException or FormatException or OverflowException)
        {
            return false;
        }
    }
}
