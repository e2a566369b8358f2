using System.Security.Cryptography;
using CertOrleans.Admin.Verification;
using CertOrleans.Pki.Verification;
using CsCheck;
using Xunit.Abstractions;
using CertOrleans.Documents.Certificates;
using CertOrleans.Tests.Support.Fuzz;

namespace CertOrleans.Tests.Verification;

/// <summary>
/// Verification codes are typed, scanned and pasted by anyone: any text parses or not without an exception, a
/// code as issued parses back to itself and verifies, and a changed code is refused or fails its signature.
/// </summary>
public sealed class VerificationCodeFuzzTests(ITestOutputHelper output)
{
    private const string Parser = "verification-code";

    /// <summary>The seed codes are the fixture certificates' (Documents/Fixtures), signed by the keys kept beside them.</summary>
    private static readonly IReadOnlyList<string> Seeds = FuzzCorpus.Lines(Parser);
    private static readonly IReadOnlyList<PublicIssuingKey> SeedKeys =
        OfflineVerification.ReadKeys(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Documents", "Fixtures", "v1-issuing-keys.json")));

    private static readonly ECDsa Key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
    private static readonly byte[] PublicKey = Key.ExportSubjectPublicKeyInfo();

    /// <summary>Codes as the issuing key makes them, with any number, type, municipality, time, key id and digest.</summary>
    private static readonly Gen<string> Fresh = Gen.Select(
        Gen.Char["0123456789ABCDEFGHJKLMNPQRSTUVWXYZ-"].Array[1, 40], Gen.Char["abcdefghijklmnopqrstuvwxyz-"].Array[1, 20], Gen.Char['0', '9'].Array[6],
        Gen.Long[0, DateTimeOffset.MaxValue.ToUnixTimeSeconds()], Gen.Int[0, int.MaxValue], Gen.Byte.Array[32], Gen.Bool,
        (number, type, municipality, seconds, keyId, digest, v1) =>
        {
            var code = new VerificationCode(new string(number), new string(type), new string(municipality), DateTimeOffset.FromUnixTimeSeconds(seconds), keyId, digest, [])
            { Version = v1 ? VerificationCode.Version1 : VerificationCode.CurrentVersion };
            byte[] signature;
            lock (Key) signature = Key.SignData(code.SignedPart(), HashAlgorithmName.SHA256, DSASignatureFormat.IeeeP1363FixedFieldConcatenation);
            return (code with { Signature = signature }).ToString();
        });

    private static readonly Gen<string> Valid = Gen.Frequency((1, Gen.OneOf(Seeds.ToArray())), (3, Fresh));

    private static readonly string[] Numbers =
        ["0", "1795000000", "253402300799", "253402300800", "9223372036854775807", "9223372036854775808", "99999999999999999999", "-1", "+1", " 1", "1 ", "01", "１", "2147483648", ""];

    /// <summary>Text shaped like a code: eight dot-separated parts, each from what its place expects, or not.</summary>
    private static readonly Gen<string> Shaped = Gen.Select(
        Gen.OneOf(Gen.Const("CO2"), Gen.Const("CO1"), Gen.Const("CO3"), Gen.Const("co2"), Gen.Const(" CO2")),
        Gen.Frequency((3, Gen.Char["0123456789ABCZ-_+/= \t\0"].Array[0, 100].Select(a => new string(a))), (1, FuzzMutations.AnyText)).Array[3],
        Gen.Frequency((3, Gen.OneOf(Numbers)), (1, Gen.Char['0', '9'].Array[0, 30].Select(a => new string(a)))).Array[2],
        Gen.Frequency((3, Gen.Char["ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_"].Array[0, 100].Select(a => new string(a))),
            (1, Gen.Char["AB-_+/= \t\r\n\0.!"].Array[0, 100].Select(a => new string(a)))).Array[2],
        (version, texts, numbers, encoded) => string.Join('.', version, texts[0], texts[1], texts[2], numbers[0], numbers[1], encoded[0], encoded[1]));

    [Fact]
    public void Any_text_parses_or_not_without_an_exception()
    {
        var inputs = Gen.Frequency((2, FuzzMutations.AnyText), (3, Shaped), (3, FuzzMutations.Mutated(Seeds)), (2, Valid.SelectMany(v => FuzzMutations.EditGen.Array[1, 4].Select(e => FuzzMutations.Apply(v, e)))));
        FuzzCorpus.Run(output, "VerificationCode.TryParse", [.. Seeds, .. FuzzCorpus.Regressions(Parser)], inputs, text =>
        {
            if (VerificationCode.TryParse(text, out var code))
            {
                Assert.Equal(32, code.ContentDigest.Length);
                Assert.Equal(64, code.Signature.Length);
            }
            foreach (var part in text.Split('.')) VerificationCode.TryFromBase64Url(part, out _);
            VerificationCode.TryFromBase64Url(text, out _);
        }, iterations: 8000, print: FuzzCorpus.Escape);
    }

    [Fact]
    public void A_code_as_issued_parses_back_to_itself_and_verifies()
    {
        FuzzCorpus.Run(output, "VerificationCode round trip", Seeds, Valid, text =>
        {
            Assert.True(VerificationCode.TryParse(text, out var code), "a code as issued parses");
            Assert.Equal(text, code.ToString());
            Assert.Equal(VerificationResult.Genuine, CertificateVerifier.VerifySignature(code, KeysFor(text)));
        }, iterations: 1500, print: FuzzCorpus.Escape);
    }

    [Fact]
    public void A_changed_code_is_refused_or_fails_its_signature()
    {
        var mutated = Gen.Select(Valid, FuzzMutations.EditGen.Array[1, 3], (code, edits) => (Code: code, Changed: FuzzMutations.Apply(code, edits)));
        // The kept regressions are changes of the first seed code (the fixture's), which the fixture's keys verify.
        var kept = FuzzCorpus.Regressions(Parser).Select(changed => (Code: Seeds[0], Changed: changed));
        FuzzCorpus.Run(output, "VerificationCode mutated", kept, mutated, pair =>
        {
            // Surrounding whitespace is not a change: a scanner or a paste adds it, and the parser trims it.
            if (pair.Changed.Trim() == pair.Code || !VerificationCode.TryParse(pair.Changed, out var changed)) return;
            Assert.NotEqual(VerificationResult.Genuine, CertificateVerifier.VerifySignature(changed, KeysFor(pair.Code)));
        }, iterations: 6000, print: pair => $"{FuzzCorpus.Escape(pair.Code)} changed to {FuzzCorpus.Escape(pair.Changed)}");
    }

    /// <summary>The published key the original code names: the fixture's for a seed, the test key for a fresh one.</summary>
    private static IReadOnlyList<PublicIssuingKey> KeysFor(string original)
    {
        Assert.True(VerificationCode.TryParse(original, out var code));
        return Seeds.Contains(original) ? SeedKeys : [new PublicIssuingKey(code.MunicipalityCode, code.KeyId, PublicKey, IssuingKeyStatus.Active, code.IssuedAt)];
    }
}
