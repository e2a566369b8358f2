namespace CertOrleans.Contracts.Signing;

/// <summary>
/// One municipality's issuing keys (ECDSA P-256), keyed <c>k{code}</c>. The private key of the active key
/// never leaves this grain: it signs verification codes here. Rotation retires the active key (its
/// public half keeps verifying old certificates, its private half is destroyed); revocation marks a key
/// as compromised, so nothing signed with it verifies as genuine.
/// </summary>
[Alias("certorleans.issuing-keys")]
public interface IIssuingKeysGrain : IGrainWithStringKey, Protection.ISealedStateGrain
{
    /// <summary>Signs a certificate's verification code with the active key and returns the whole code.</summary>
    [Alias("sign")]
    Task<string> SignVerificationCode(string certificateNumber, string certificateType, DateTimeOffset issuedAt, byte[] contentDigest);

    /// <summary>Makes a new active key; returns its id.</summary>
    /// <summary>Signs the void list (these certificate numbers, as of now) with the active key.</summary>
    [Alias("sign-void-list")]
    Task<Certificates.VoidList> SignVoidList(IReadOnlyList<string> certificateNumbers);

    [Alias("rotate")]
    Task<int> Rotate(string actor);

    [Alias("revoke")]
    Task Revoke(int keyId, string actor);

    [Alias("public-keys"), ReadOnly]
    Task<IReadOnlyList<PublishedKey>> GetPublicKeys();
}

[GenerateSerializer, Immutable, Alias("certorleans.published-key")]
public sealed record PublishedKey(
    [property: Id(0)] int KeyId,
    [property: Id(1)] byte[] SubjectPublicKeyInfo,
    [property: Id(2)] string Status,
    [property: Id(3)] DateTimeOffset CreatedAt,
    // The key before it (by id) signed this key when it took over (KeyCertification), so whoever pinned that one can trust this one.
    [property: Id(4)] int? CertifiedBy = null,
    [property: Id(5)] string? Certification = null);

/// <summary>What a ring's outgoing key signs about the key that replaces it: labelled, and bound to the ring that made both.</summary>
public static class KeyCertification
{
    public static byte[] SignedBytes(string ring, int keyId, byte[] subjectPublicKeyInfo, int certifiedBy) =>
        System.Text.Encoding.UTF8.GetBytes(string.Join('\n', "CertOrleans key certification v1", ring, keyId.ToString(System.Globalization.CultureInfo.InvariantCulture),
            Convert.ToBase64String(subjectPublicKeyInfo), certifiedBy.ToString(System.Globalization.CultureInfo.InvariantCulture)));
}

public static class IssuingKeyNames
{
    public static string For(string municipalityCode) => $"k{municipalityCode}";

    /// <summary>The municipality code of a key made by <see cref="For"/>.</summary>
    public static string Parse(string grainKey) =>
        grainKey is ['k', .. var code] && code.Length == 6 ? code : throw new FormatException($"'{grainKey}' is not an issuing-keys grain key.");
}
