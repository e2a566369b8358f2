using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using CertOrleans.Contracts.Requests;
using CertOrleans.Gateway.Problems;
using CertOrleans.Pki;

namespace CertOrleans.Gateway.Security;

/// <summary>Checks a card's user-authentication certificate: readable, signed by the card CA, within its validity period.</summary>
public sealed class CardCertificateValidator(GatewayCertificates certificates, TimeProvider time)
{
    /// <summary>Returns the error code, or null when the certificate is acceptable. Revocation is the card grain's to say.</summary>
    public string? Validate(byte[] der)
    {
        X509Certificate2 certificate;
        try
        {
            certificate = X509CertificateLoader.LoadCertificate(der);
        }
        catch (CryptographicException)
        {
            return ErrorCodes.CardCertificateInvalid;
        }
        using (certificate)
        {
            var now = time.GetUtcNow();
            if (!CertificateChain.IsWithinValidity(certificate, now)) return GatewayErrorCodes.CardCertificateExpired;
            if (!CertificateChain.ChainsTo(certificate, certificates.CardRoot, now)) return GatewayErrorCodes.CardCertificateUntrusted;
            return null;
        }
    }
}
