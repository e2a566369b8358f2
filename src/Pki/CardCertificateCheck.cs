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
    /// <summary>The card's serial number (hex) when admitted at <paramref name="at"/>, else null and the reason.</summary>
    public static (string? Serial, CardCertificateFailure Failure) Check(byte[] der, X509Certificate2 cardRoot, DateTimeOffset at)
    {
        var reading = Read(der, cardRoot, at);
        var failure = reading.AdmittedAt(at);
        return (failure == CardCertificateFailure.None ? reading.Serial : null, failure);
    }

    /// <summary>
    /// What a request needs of the certificate, read once: its serial, its validity, its public key, and whether it is
    /// readable and chains to the card CA (at <paramref name="at"/>). Its validity is for <see cref="CardReading.AdmittedAt"/>
    /// to judge at each use, so a reading may be kept for a while.
    /// </summary>
    public static CardReading Read(byte[] der, X509Certificate2 cardRoot, DateTimeOffset at)
    {
        var (reading, key) = ReadWithKey(der, cardRoot, at);
        key?.Dispose();
        return reading;
    }

    /// <summary>
    /// <see cref="Read"/>, and the certificate's key as read with it when the certificate is admitted (null otherwise,
    /// or for a key of a kind cards do not have): the caller owns it.
    /// </summary>
    public static (CardReading Reading, CardPublicKey? Key) ReadWithKey(byte[] der, X509Certificate2 cardRoot, DateTimeOffset at)
    {
        try
        {
            using var certificate = X509CertificateLoader.LoadCertificate(der);
            // Damage in the validity dates or the key shows only when they are read: read them here, inside the guard.
            var (notBefore, notAfter) = (new DateTimeOffset(certificate.NotBefore.ToUniversalTime()), new DateTimeOffset(certificate.NotAfter.ToUniversalTime()));
            var publicKey = certificate.PublicKey.ExportSubjectPublicKeyInfo();
            var failure = !CertificateChain.IsWithinValidity(certificate, at) ? CardCertificateFailure.OutsideValidity
                : !CertificateChain.ChainsTo(certificate, cardRoot, at) ? CardCertificateFailure.Untrusted
                : CardCertificateFailure.None;
            return (new CardReading(certificate.SerialNumber, failure, notBefore, notAfter, publicKey), failure == CardCertificateFailure.None ? CardPublicKey.Of(certificate) : null);
        }
        catch (Exception e) when (e is CryptographicException or ArgumentException or FormatException or OverflowException)
        {
            return (CardReading.Unreadable, null);
        }
    }
}

/// <summary>A card certificate as read once: the chain's verdict, and what each request checks again (validity) or uses (the key).</summary>
/// <param name="PublicKey">The certificate's SubjectPublicKeyInfo (DER), for the challenge's signature.</param>
public sealed record CardReading(string? Serial, CardCertificateFailure Failure, DateTimeOffset NotBefore, DateTimeOffset NotAfter, byte[]? PublicKey)
{
    public static readonly CardReading Unreadable = new(null, CardCertificateFailure.Unreadable, default, default, null);

    /// <summary>Why the card may not start a request at <paramref name="at"/>, or None.</summary>
    public CardCertificateFailure AdmittedAt(DateTimeOffset at) =>
        Failure is CardCertificateFailure.Unreadable or CardCertificateFailure.Untrusted ? Failure
        : at < NotBefore || at > NotAfter ? CardCertificateFailure.OutsideValidity
        : Failure;
}
