using System.Formats.Asn1;
using System.Security.Cryptography.X509Certificates;
using CertOrleans.Pki;
using CsCheck;
using Xunit.Abstractions;
using CertOrleans.Tests.Support.Fuzz;

namespace CertOrleans.Tests.Cards;

/// <summary>
/// Card certificates arrive from any kiosk, and anyone can make one: damaged bytes are refused, never thrown on,
/// and a certificate whose bytes changed is never admitted (its signature no longer chains to the card CA).
/// </summary>
public sealed class CardCertificateFuzzTests(ITestOutputHelper output)
{
    private const string Parser = "card-certificate";

    /// <summary>A card and its CA kept in the corpus (public certificates only), valid 2026–2046, and a signature the card made.</summary>
    private static readonly X509Certificate2 SeedRoot = X509Certificate2.CreateFromPem(File.ReadAllText(Path.Combine(FuzzCorpus.Folder(Parser), "root.pem")));
    private static readonly byte[] SeedCard = X509Certificate2.CreateFromPem(File.ReadAllText(Path.Combine(FuzzCorpus.Folder(Parser), "card.pem"))).RawData;
    private static readonly byte[] SeedSignature = Convert.FromBase64String(File.ReadAllText(Path.Combine(FuzzCorpus.Folder(Parser), "signature.b64")));
    private static readonly byte[] SeedPayload = CardAuthenticationProtocol.SignedPayload("q-fuzz-seed", new byte[32]);
    private static readonly DateTimeOffset SeedAt = new(2030, 6, 1, 0, 0, 0, TimeSpan.Zero);

    /// <summary>A card of this run, from the test card CA, as the kiosk flow tests make them.</summary>
    private static readonly SoftwareCard Card = SoftwareCard.Issue(TestPki.SharedCardCa, TestPki.CardPin, DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddYears(5));
    private static readonly byte[] CardPayload = CardAuthenticationProtocol.SignedPayload("q-fuzz", new byte[32]);
    private static readonly byte[] CardSignature = Card.Sign(TestPki.CardPin, CardPayload);

    private sealed record Case(string Name, byte[] Der, X509Certificate2 Root, DateTimeOffset At, byte[] Payload, byte[] Signature);

    private static readonly Case[] Cases =
    [
        new("seed", SeedCard, SeedRoot, SeedAt, SeedPayload, SeedSignature),
        new("fresh", Card.Certificate.RawData, TestPki.SharedCardCa.Certificate, DateTimeOffset.UtcNow, CardPayload, CardSignature),
    ];

    /// <summary>Damaged certificates: anywhere, or bit flips in the validity dates, the public key or the signed part.</summary>
    private static Gen<byte[]> Damaged(byte[] der)
    {
        var (tbs, validity, key) = Layout(der);
        Gen<int> In(Range r) => Gen.Int[r.Start.Value, r.End.Value - 1];
        return Gen.Frequency((3, FuzzMutations.Mutated(der)), (3, FuzzMutations.Flipped(der, In(validity))), (3, FuzzMutations.Flipped(der, In(key))),
            (2, FuzzMutations.Flipped(der, In(tbs))), (1, FuzzMutations.AnyBytes));
    }

    private static readonly Gen<(int Case, byte[] Der)> Inputs = Gen.Int[0, Cases.Length - 1].SelectMany(i => Damaged(Cases[i].Der).Select(d => (i, d)));

    /// <summary>As a request checks the challenge's answer: by the key read with the certificate (whether or not it was admitted).</summary>
    private static bool Verifies(byte[] der, Case c, byte[] payload, byte[] signature) =>
        CardCertificateCheck.Read(der, c.Root, c.At).PublicKey is { } key && CardAuthenticationProtocol.Verify(key, payload, signature);

    [Fact]
    public void The_seed_cards_are_admitted_and_their_signatures_verify()
    {
        foreach (var c in Cases)
        {
            using var certificate = X509CertificateLoader.LoadCertificate(c.Der);
            Assert.Equal((certificate.SerialNumber, CardCertificateFailure.None), CardCertificateCheck.Check(c.Der, c.Root, c.At));
            Assert.True(Verifies(c.Der, c, c.Payload, c.Signature), c.Name);
        }
        output.WriteLine($"CardCertificateCheck seeds: {Cases.Length} cards, 0 failures");
    }

    [Fact]
    public void A_damaged_certificate_is_refused_without_an_exception_and_never_admitted()
    {
        FuzzCorpus.Run(output, "CardCertificateCheck.Check", FuzzCorpus.Binaries(Parser).Select(b => (Case: 0, Der: b)), Inputs, input =>
        {
            var c = Cases[input.Case];
            var (serial, failure) = CardCertificateCheck.Check(input.Der, c.Root, c.At);
            Assert.Equal(failure == CardCertificateFailure.None, serial is not null);
            // Admitted only with the signed bytes as issued; bytes after the DER are ignored by the loader (a card's
            // file may be read with its padding), and the identity, the serial, is inside the signed part.
            if (failure == CardCertificateFailure.None) Assert.True(input.Der.AsSpan().StartsWith(c.Der), "a changed certificate was admitted");
        }, iterations: 2500, print: input => $"{Cases[input.Case].Name}: {Convert.ToBase64String(input.Der)}");
    }

    [Fact]
    public void A_signature_verifies_only_as_made_by_the_card_and_damage_never_throws()
    {
        var random = Gen.Select(Gen.Int[0, Cases.Length - 1], Gen.Byte.Array[0, 80], Gen.Byte.Array[0, 130], (i, payload, signature) => (i, payload, signature));
        FuzzCorpus.Run(output, "card signature (random signatures)", [], random, input =>
        {
            var c = Cases[input.i];
            Assert.False(Verifies(c.Der, c, input.payload, input.signature));
            Assert.False(Verifies(c.Der, c, c.Payload, input.signature));
        }, iterations: 1500);

        static Gen<byte[]> KeptOrDamaged(byte[] bytes) => Gen.Frequency((1, Gen.Const(bytes)), (1, FuzzMutations.Mutated(bytes, 2)));
        var damaged = Gen.Int[0, Cases.Length - 1].SelectMany(i => Gen.Select(Damaged(Cases[i].Der), KeptOrDamaged(Cases[i].Payload), KeptOrDamaged(Cases[i].Signature),
            (der, payload, signature) => (i, der, payload, signature)));
        var kept = FuzzCorpus.Binaries(Parser).Select(der => (i: 0, der, payload: SeedPayload, signature: SeedSignature));
        FuzzCorpus.Run(output, "card signature (damaged)", kept, damaged, input =>
        {
            var c = Cases[input.i];
            var verifies = Verifies(input.der, c, input.payload, input.signature);
            // Whatever else was damaged, a signature verifies only under the card's own key (its coordinates), payload
            // and signature. The platform reads the same point from a BIT STRING with non-zero unused bits or in the
            // hybrid form (0x06/0x07 for 0x04); Check refuses such a certificate, its signed part having changed.
            var keyKept = input.der.AsSpan().IndexOf(c.Der.AsSpan(Coordinates(c.Der))) >= 0;
            if (verifies) Assert.True(keyKept && input.payload.AsSpan().SequenceEqual(c.Payload) && input.signature.AsSpan().SequenceEqual(c.Signature));
        }, iterations: 2500, print: input => $"{Cases[input.i].Name}: {Convert.ToBase64String(input.der)} {Convert.ToBase64String(input.payload)} {Convert.ToBase64String(input.signature)}");
    }

    /// <summary>Where the public key's coordinates lie: the subjectPublicKey BIT STRING's content after its unused-bits and format octets.</summary>
    private static Range Coordinates(byte[] der)
    {
        var (_, _, key) = Layout(der);
        var spki = der.AsSpan(key);
        AsnDecoder.ReadSequence(spki, AsnEncodingRules.DER, out var start, out _, out _);
        AsnDecoder.ReadEncodedValue(spki[start..], AsnEncodingRules.DER, out _, out _, out var algorithm);
        AsnDecoder.ReadEncodedValue(spki[(start + algorithm)..], AsnEncodingRules.DER, out var content, out var length, out _);
        var at = key.Start.Value + start + algorithm + content + 2;
        return at..(at + length - 2);
    }

    /// <summary>Where the signed part (tbsCertificate), the validity and the subjectPublicKeyInfo lie in a certificate's DER.</summary>
    private static (Range Tbs, Range Validity, Range PublicKey) Layout(byte[] der)
    {
        AsnDecoder.ReadSequence(der, AsnEncodingRules.DER, out var certificateStart, out _, out _);
        AsnDecoder.ReadSequence(der.AsSpan(certificateStart), AsnEncodingRules.DER, out var tbsStart, out var tbsLength, out var tbsConsumed);
        var fields = new List<Range>();
        for (var at = certificateStart + tbsStart; at < certificateStart + tbsStart + tbsLength;)
        {
            AsnDecoder.ReadEncodedValue(der.AsSpan(at), AsnEncodingRules.DER, out _, out _, out var consumed);
            fields.Add(at..(at + consumed));
            at += consumed;
        }
        // version [0], serialNumber, signature, issuer, validity, subject, subjectPublicKeyInfo, extensions [3]
        return (certificateStart..(certificateStart + tbsConsumed), fields[4], fields[6]);
    }
}
