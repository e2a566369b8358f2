using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace CertOrleans.Pki;

/// <summary>
/// A development certificate authority (ECDSA P-256) for the three trust domains of the demo and the tests:
/// test My Number cards, store terminals, and the gateway's TLS endpoint. Production uses the real
/// J-LIS card CA and the kiosk vendors' terminal CA; only their root certificates are configured.
/// </summary>
public sealed class CertificateAuthority : IDisposable
{
    private static readonly Oid ClientAuth = new("1.3.6.1.5.5.7.3.2");
    private static readonly Oid ServerAuth = new("1.3.6.1.5.5.7.3.1");

    private CertificateAuthority(X509Certificate2 certificate) => Certificate = certificate;

    /// <summary>The CA certificate, with its private key.</summary>
    public X509Certificate2 Certificate { get; }

    public static CertificateAuthority Create(string commonName, TimeProvider? time = null, int validYears = 10)
    {
        var now = (time ?? TimeProvider.System).GetUtcNow();
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest($"CN={commonName}, O=CertOrleans Development, C=JP", key, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, true, 1, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign, true));
        request.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(request.PublicKey, false));
        // Valid from a day back: the cluster checks cards on the service's clock, which a drill shifts by up to
        // half a day (the fault test's rehearsal clock), and a card is never valid before its CA.
        var certificate = request.CreateSelfSigned(now.AddDays(-1), now.AddYears(validYears));
        return new CertificateAuthority(certificate);
    }

    public static CertificateAuthority Load(string certificatePemPath, string keyPemPath) =>
        new(X509Certificate2.CreateFromPemFile(certificatePemPath, keyPemPath));

    public void Save(string certificatePemPath, string keyPemPath)
    {
        File.WriteAllText(certificatePemPath, Certificate.ExportCertificatePem());
        using var key = Certificate.GetECDsaPrivateKey() ?? throw new InvalidOperationException("The CA certificate has no private key.");
        PrivateFile.Write(keyPemPath, key.ExportPkcs8PrivateKeyPem());
    }

    /// <summary>A card user-authentication certificate (利用者証明用電子証明書): a serial, a key, no name or address.</summary>
    public X509Certificate2 IssueCardCertificate(ECDsa cardKey, DateTimeOffset notBefore, DateTimeOffset notAfter)
    {
        // Like the real certificate, the subject identifies nothing about the person.
        var request = new CertificateRequest("CN=CertOrleans Test User Authentication, O=CertOrleans Development, C=JP", cardKey, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(false, false, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature, true));
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([ClientAuth], false));
        return Sign(request, notBefore, notAfter);
    }

    /// <summary>A terminal's TLS client certificate; its common name is the terminal id.</summary>
    public X509Certificate2 IssueTerminalCertificate(string terminalId, int validYears = 3) =>
        IssueEndEntity($"CN={terminalId}, O=CertOrleans Terminals, C=JP", [ClientAuth], validYears);

    /// <summary>
    /// A cluster member's certificate (a silo, the gateway, an operator's client): mutual TLS on every cluster
    /// connection, both as the side that connects and the side that accepts. Its common name names the member.
    /// </summary>
    public X509Certificate2 IssueClusterMemberCertificate(string member, int validYears = 2) =>
        IssueEndEntity($"CN={member}, O=CertOrleans Cluster, C=JP", [ClientAuth, ServerAuth], validYears);

    /// <summary>An end-entity certificate with a new P-256 key, for signatures only, with the given uses.</summary>
    private X509Certificate2 IssueEndEntity(string subject, Oid[] usages, int validYears)
    {
        var now = DateTimeOffset.UtcNow;
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest(subject, key, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(false, false, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature, true));
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([.. usages], false));
        using var certificate = Sign(request, now.AddMinutes(-5), now.AddYears(validYears));
        return certificate.CopyWithPrivateKey(key);
    }

    /// <summary>The gateway's TLS server certificate for the given host names and addresses.</summary>
    public X509Certificate2 IssueServerCertificate(IEnumerable<string> dnsNames, IEnumerable<IPAddress> addresses, int validYears = 2)
    {
        var now = DateTimeOffset.UtcNow;
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var names = dnsNames.ToList();
        var request = new CertificateRequest($"CN={names.FirstOrDefault() ?? "gateway"}, O=CertOrleans Gateway, C=JP", key, HashAlgorithmName.SHA256);
        var san = new SubjectAlternativeNameBuilder();
        foreach (var name in names) san.AddDnsName(name);
        foreach (var address in addresses) san.AddIpAddress(address);
        request.CertificateExtensions.Add(san.Build());
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(false, false, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature, true));
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([ServerAuth], false));
        using var certificate = Sign(request, now.AddMinutes(-5), now.AddYears(validYears));
        return certificate.CopyWithPrivateKey(key);
    }

    /// <summary>
    /// The CA's next CRL (DER): the entries of <paramref name="previous"/> (its last CRL, or null for the first),
    /// with the serials (hex) of <paramref name="revoke"/> added as revoked at <paramref name="thisUpdate"/>, numbered
    /// one after it. The last CRL is the CA's record of what it revoked, so nothing else needs keeping.
    /// </summary>
    public byte[] PublishCrl(byte[]? previous, IEnumerable<string> revoke, DateTimeOffset thisUpdate, DateTimeOffset nextUpdate)
    {
        System.Numerics.BigInteger number = 0;
        var builder = previous is null ? new CertificateRevocationListBuilder() : CertificateRevocationListBuilder.Load(previous, out number);
        var listed = previous is null ? null : Revocation.VerifiedCrl.Read(previous, Certificate).Crl
            ?? throw new InvalidOperationException("The CA's last CRL does not verify with its own key.");
        foreach (var serial in revoke.Select(s => s.ToUpperInvariant()).Distinct())
            if (listed?.IsRevoked(serial) != true) builder.AddEntry(Convert.FromHexString(serial), thisUpdate);
        return builder.Build(Certificate, number + 1, nextUpdate, HashAlgorithmName.SHA256, null, thisUpdate);
    }

    private X509Certificate2 Sign(CertificateRequest request, DateTimeOffset notBefore, DateTimeOffset notAfter)
    {
        request.CertificateExtensions.Add(X509AuthorityKeyIdentifierExtension.CreateFromCertificate(Certificate, true, false));
        request.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(request.PublicKey, false));
        var serial = RandomNumberGenerator.GetBytes(16);
        serial[0] &= 0x7F; // positive
        serial[0] |= 0x10; // no leading zero byte, so the hex serial has a fixed length
        // A leaf never outlives, nor predates, its issuer.
        if (notBefore < Certificate.NotBefore) notBefore = Certificate.NotBefore;
        if (notAfter > Certificate.NotAfter) notAfter = Certificate.NotAfter;
        return request.Create(Certificate, notBefore, notAfter, serial);
    }

    public void Dispose() => Certificate.Dispose();
}
