using CertOrleans.Contracts.Keys;
namespace CertOrleans.Contracts.Residents;

/// <summary>
/// One 戸籍 (family register) as the municipality's 戸籍 system pushes it: the register's items, every
/// person recorded in it with their 身分事項, and the address history of the 戸籍の附票. Only current
/// registers are held; 改製原戸籍 and 除籍 are never issued at a store.
/// </summary>
[GenerateSerializer, Immutable, Alias("certorleans.family-register")]
public sealed record FamilyRegisterRecord
{
    [Id(0)] public required string MunicipalityCode { get; init; }
    [Id(1)] public required string RegisterNumber { get; init; }
    [Id(2)] public required long SourceVersion { get; init; }
    /// <summary>本籍.</summary>
    [Id(3)] public required string PermanentDomicile { get; init; }
    /// <summary>筆頭者の氏名.</summary>
    [Id(4)] public required string HeadName { get; init; }
    /// <summary>戸籍編製日.</summary>
    [Id(5)] public required DateOnly CompiledOn { get; init; }
    [Id(6)] public required IReadOnlyList<FamilyRegisterMember> Members { get; init; }
    /// <summary>A filing was accepted but is not yet reflected: no 戸籍 certificate may be issued until it is.</summary>
    [Id(7)] public bool PendingFilings { get; init; }
    /// <summary>外字 the 戸籍 system registered for this register's characters the fonts cannot print (as for a resident's record).</summary>
    [Id(8)] public RegisteredGlyphs? Glyphs { get; init; }

    public string GrainKey => FamilyRegisterKeys.For(MunicipalityCode, RegisterNumber);
}

[GenerateSerializer, Immutable, Alias("certorleans.family-register-member")]
public sealed record FamilyRegisterMember
{
    /// <summary>The member's resident record where they live in this municipality (links card holder to register).</summary>
    [Id(0)] public ResidentKey? Resident { get; init; }
    [Id(1)] public required string Name { get; init; }
    [Id(2)] public required DateOnly DateOfBirth { get; init; }
    [Id(3)] public required Sex Sex { get; init; }
    [Id(4)] public string? Father { get; init; }
    [Id(5)] public string? Mother { get; init; }
    /// <summary>続柄: 長男, 長女, 二男, … (empty for the 筆頭者's spouse, who is 妻 or 夫).</summary>
    [Id(6)] public required string Relationship { get; init; }
    [Id(7)] public IReadOnlyList<FamilyRegisterEvent> Events { get; init; } = [];
    /// <summary>除籍: struck out of this register (married out, died); shown as such in 全部事項.</summary>
    [Id(8)] public bool Removed { get; init; }
    /// <summary>戸籍の附票: where the member has lived while in this register.</summary>
    [Id(9)] public IReadOnlyList<AddressEntry> AddressHistory { get; init; } = [];
}

/// <summary>One 身分事項 entry: 出生, 婚姻, 入籍, 死亡, ….</summary>
[GenerateSerializer, Immutable, Alias("certorleans.family-register-event")]
public sealed record FamilyRegisterEvent(
    [property: Id(0)] string Kind,
    [property: Id(1)] DateOnly Date,
    [property: Id(2)] string Detail);

[GenerateSerializer, Immutable, Alias("certorleans.address-entry")]
public sealed record AddressEntry(
    [property: Id(0)] string Address,
    [property: Id(1)] DateOnly Since);

/// <summary>One family register, keyed <c>f{municipality}-{register number}</c>.</summary>
[Alias("certorleans.family-register-grain")]
public interface IFamilyRegisterGrain : IGrainWithStringKey, Protection.ISealedStateGrain
{
    [Alias("apply")]
    Task<ApplyOutcome> Apply(FamilyRegisterRecord record);

    /// <summary>The register for a certificate asked for by <paramref name="applicant"/>, or why not.</summary>
    [Alias("prepare"), ReadOnly]
    Task<CertificatePreparation> Prepare(ResidentKey applicant);

    /// <summary>Why <paramref name="applicant"/> cannot have a certificate of this register, or null: no register data.</summary>
    [Alias("refusal"), ReadOnly]
    Task<string?> GetRefusal(ResidentKey applicant);

    /// <summary>Whether this register is the one the particulars name (本籍, 筆頭者) and holds exactly one living member with their given name and birth date.</summary>
    [Alias("match"), ReadOnly]
    Task<RegisterMatch> Match(Domiciles.DomicileParticulars particulars);

    /// <summary>
    /// The register for a certificate asked for by a resident of another city through their registration, or why not: the
    /// member their particulars name is marked as <paramref name="applicant"/> in the copy returned.
    /// </summary>
    [Alias("prepare-registrant"), ReadOnly]
    Task<CertificatePreparation> PrepareForRegistrant(ResidentKey applicant, Domiciles.DomicileParticulars particulars);

    /// <summary>
    /// The other members of this register as the kiosk lists them to <paramref name="applicant"/> for a 戸籍個人事項証明書, each
    /// with why the store may not issue theirs, or null; none when the applicant may have no certificate of this register.
    /// </summary>
    [Alias("members-for"), ReadOnly]
    Task<IReadOnlyList<RegisterMemberStanding>> GetMembersFor(ResidentKey applicant);

    /// <summary>The register for <paramref name="applicant"/>'s 個人事項証明書 of the member <paramref name="member"/> refers to, or why not.</summary>
    [Alias("prepare-member"), ReadOnly]
    Task<CertificatePreparation> PrepareMember(ResidentKey applicant, RegisterMemberReference member);
}

/// <summary>
/// A member of a register as the menu listed them: their place in <see cref="FamilyRegisterRecord.Members"/> and the version
/// of the register the menu was made from, so an order never lands on someone else after the register changed. No personal data.
/// </summary>
[GenerateSerializer, Immutable, Alias("certorleans.register-member-reference")]
public sealed record RegisterMemberReference(
    [property: Id(0)] int Index,
    [property: Id(1)] long SourceVersion);

/// <summary>One other member of the applicant's register, for the menu: who, their 続柄 as recorded, and the refusal code or null.</summary>
[GenerateSerializer, Immutable, Alias("certorleans.register-member-standing")]
public sealed record RegisterMemberStanding(
    [property: Id(0)] RegisterMemberReference Reference,
    [property: Id(1)] string Name,
    [property: Id(2)] string Relationship,
    [property: Id(3)] string? RefusalCode);

/// <param name="SameRegister">本籍 and 筆頭者 are this register's.</param>
/// <param name="MemberFound">The register's 氏 is the applicant's, and exactly one living member has the given name and birth date.</param>
/// <param name="SameRegisterAsWritten">本籍 and 筆頭者 are this register's, numbers read alike however written.</param>
[GenerateSerializer, Immutable, Alias("certorleans.register-match")]
public sealed record RegisterMatch(
    [property: Id(0)] bool SameRegister,
    [property: Id(1)] bool MemberFound,
    [property: Id(2)] bool SameRegisterAsWritten = false);

public static class FamilyRegisterKeys
{
    private const char Prefix = 'f';

    public static string For(string municipalityCode, string registerNumber) => MunicipalScopedKey.For(Prefix, municipalityCode, registerNumber);

    public static (string MunicipalityCode, string RegisterNumber) Parse(string grainKey) => MunicipalScopedKey.Parse(Prefix, grainKey);
}
