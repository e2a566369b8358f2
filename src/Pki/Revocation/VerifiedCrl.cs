using System.Formats.Asn1;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;

namespace CertOrleans.Pki.Revocation;

/// <summary>
/// A certificate revocation list (RFC 5280 §5) whose signature was verified with the pinned CA's own key, and whose
/// issuer is that CA: what it says about a serial may be relied on until <see cref="NextUpdate"/>. Nothing the CRL
/// carries (its own certificates, addresses, delta pointers) is followed or trusted.
/// </summary>
public sealed class VerifiedCrl
{
    private static readonly Dictionary<string, HashAlgorithmName> EcdsaAlgorithms = new()
    {
        ["1.2.840.10045.4.3.2"] = HashAlgorithmName.SHA256,
        ["1.2.840.10045.4.3.3"] = HashAlgorithmName.SHA384,
        ["1.2.840.10045.4.3.4"] = HashAlgorithmName.SHA512,
    };

    private static readonly Dictionary<string, HashAlgorithmName> RsaAlgorithms = new()
    {
        ["1.2.840.113549.1.1.11"] = HashAlgorithmName.SHA256,
        ["1.2.840.113549.1.1.12"] = HashAlgorithmName.SHA384,
        ["1.2.840.113549.1.1.13"] = HashAlgorithmName.SHA512,
    };

    private readonly HashSet<string> revoked;

    private VerifiedCrl(DateTimeOffset thisUpdate, DateTimeOffset nextUpdate, HashSet<string> revoked)
    {
        ThisUpdate = thisUpdate;
        NextUpdate = nextUpdate;
        this.revoked = revoked;
    }

    public DateTimeOffset ThisUpdate { get; }

    /// <summary>Until when the list may be relied on; after it, nothing may be concluded from it.</summary>
    public DateTimeOffset NextUpdate { get; }

    public int RevokedCount => revoked.Count;

    /// <summary>Whether the certificate with this serial (hex, as <see cref="X509Certificate2.SerialNumber"/> gives it) is revoked.</summary>
    public bool IsRevoked(string serialHex) => revoked.Contains(serialHex.ToUpperInvariant());

    /// <summary>
    /// Reads a CRL (DER, or PEM "X509 CRL") and verifies it against <paramref name="issuer"/>: the list, or why it may
    /// not be used. Damaged bytes end in an error, never an exception.
    /// </summary>
    public static (VerifiedCrl? Crl, string? Error) Read(ReadOnlySpan<byte> bytes, X509Certificate2 issuer)
    {
        try
        {
            var der = AsDer(bytes);
            return der is null ? (null, "the CRL is neither DER nor PEM") : Parse(der, issuer);
        }
        catch (Exception e) when (e is AsnContentException or CryptographicException or ArgumentException or FormatException or OverflowException)
        {
            return (null, "the CRL cannot be read");
        }
    }

    private static byte[]? AsDer(ReadOnlySpan<byte> bytes)
    {
        if (bytes.Length > 0 && bytes[0] == 0x30) return bytes.ToArray();
        var text = Encoding.ASCII.GetString(bytes);
        return PemEncoding.TryFind(text, out var fields) && text[fields.Label] == "X509 CRL"
            ? Convert.FromBase64String(text[fields.Base64Data])
            : null;
    }

    private static (VerifiedCrl?, string?) Parse(byte[] der, X509Certificate2 issuer)
    {
        var outer = new AsnReader(der, AsnEncodingRules.DER);
        var list = outer.ReadSequence();
        outer.ThrowIfNotEmpty();
        var tbsBytes = list.ReadEncodedValue();
        var algorithm = ReadAlgorithm(list);
        var signature = list.ReadBitString(out var unused);
        list.ThrowIfNotEmpty();
        if (unused != 0) return (null, "the CRL's signature is malformed");

        var tbs = new AsnReader(tbsBytes, AsnEncodingRules.DER).ReadSequence();
        if (tbs.PeekTag().HasSameClassAndValue(Asn1Tag.Integer)) tbs.ReadInteger(); // version v2
        if (ReadAlgorithm(tbs) != algorithm) return (null, "the CRL's two signature algorithms differ");
        var issuerName = tbs.ReadEncodedValue();
        if (!issuerName.Span.SequenceEqual(issuer.SubjectName.RawData)) return (null, "the CRL is not issued by the pinned card CA");
        if (!VerifySignature(issuer, algorithm, tbsBytes.Span, signature)) return (null, "the CRL's signature does not verify with the pinned card CA's key");

        var thisUpdate = ReadTime(tbs);
        if (!tbs.HasData || !IsTime(tbs.PeekTag())) return (null, "the CRL has no nextUpdate");
        var nextUpdate = ReadTime(tbs);
        if (nextUpdate <= thisUpdate) return (null, "the CRL's nextUpdate is not after its thisUpdate");

        var revoked = new HashSet<string>(StringComparer.Ordinal);
        if (tbs.HasData && tbs.PeekTag().HasSameClassAndValue(Asn1Tag.Sequence))
        {
            var entries = tbs.ReadSequence();
            while (entries.HasData)
            {
                var entry = entries.ReadSequence();
                revoked.Add(Convert.ToHexString(entry.ReadIntegerBytes().Span));
                ReadTime(entry);
                // Entry extensions (a reason, an invalidity date) do not change the answer: the serial is revoked.
                if (entry.HasData && CriticalExtensionIn(entry.ReadSequence())) return (null, "a CRL entry has a critical extension this reader does not know");
            }
        }
        if (tbs.HasData)
        {
            var extensions = tbs.ReadSequence(new Asn1Tag(TagClass.ContextSpecific, 0));
            // A critical extension (a delta CRL indicator, a partitioned list's distribution point) would change what
            // the list means: RFC 5280 says such a list must not be used.
            if (CriticalExtensionIn(extensions.ReadSequence())) return (null, "the CRL has a critical extension this reader does not know");
        }
        return (new VerifiedCrl(thisUpdate, nextUpdate, revoked), null);
    }

    private static string ReadAlgorithm(AsnReader reader)
    {
        var sequence = reader.ReadSequence();
        var oid = sequence.ReadObjectIdentifier();
        if (sequence.HasData) sequence.ReadNull(); // RSA algorithms carry NULL parameters
        return oid;
    }

    private static bool IsTime(Asn1Tag tag) => tag.HasSameClassAndValue(Asn1Tag.UtcTime) || tag.HasSameClassAndValue(Asn1Tag.GeneralizedTime);

    private static DateTimeOffset ReadTime(AsnReader reader) =>
        reader.PeekTag().HasSameClassAndValue(Asn1Tag.UtcTime) ? reader.ReadUtcTime() : reader.ReadGeneralizedTime();

    private static bool CriticalExtensionIn(AsnReader extensions)
    {
        while (extensions.HasData)
        {
            var extension = extensions.ReadSequence();
            extension.ReadObjectIdentifier();
            if (extension.PeekTag().HasSameClassAndValue(Asn1Tag.Boolean) && extension.ReadBoolean()) return true;
        }
        return false;
    }

    private static bool VerifySignature(X509Certificate2 issuer, string algorithm, ReadOnlySpan<byte> signed, ReadOnlySpan<byte> signature)
    {
        if (EcdsaAlgorithms.TryGetValue(algorithm, out var ecdsaHash))
        {
            using var key = issuer.GetECDsaPublicKey();
            return key is not null && key.VerifyData(signed, signature, ecdsaHash, DSASignatureFormat.Rfc3279DerSequence);
        }
        if (RsaAlgorithms.TryGetValue(algorithm, out var rsaHash))
        {
            using var key = issuer.GetRSAPublicKey();
            return key is not null && key.VerifyData(signed, signature, rsaHash, RSASignaturePadding.Pkcs1);
        }
        return false;
    }
}
