using CertOrleans.Contracts.Certificates;

namespace CertOrleans.Contracts.Residents;

/// <summary>One resident's cached certificate data, keyed by <see cref="ResidentKey.GrainKey"/>.</summary>
[Alias("certorleans.resident")]
public interface IResidentGrain : IGrainWithStringKey, Protection.ISealedStateGrain
{
    /// <summary>Applies a registry record; an older or equal <see cref="ResidentRecord.SourceVersion"/> never overwrites.</summary>
    [Alias("apply")]
    Task<ApplyOutcome> Apply(ResidentRecord record);

    /// <summary>
    /// The feed's way in: a 住基 record with the seal and tax records that came with it, applied in one write
    /// (each under its own version rule). The outcome is the 住基 record's. With <see cref="ResidentUpdate.Release"/>
    /// the activation goes away afterwards, so a city-sized load does not keep every resident in memory.
    /// </summary>
    [Alias("apply-update")]
    Task<ApplyOutcome> ApplyUpdate(ResidentUpdate update);

    /// <summary>Applies the seal registration system's record for this resident (version rules as for <see cref="Apply"/>).</summary>
    [Alias("apply-seal")]
    Task<ApplyOutcome> ApplySeal(SealRegistration seal);

    /// <summary>Applies the tax system's record of one fiscal year (version rules per year).</summary>
    [Alias("apply-tax")]
    Task<ApplyOutcome> ApplyTax(TaxRecord tax);

    /// <summary>
    /// Checks the issuance rules and, only if they pass, returns the data for the certificate, in one turn
    /// so no change from the registry can slip between the check and the read.
    /// </summary>
    [Alias("prepare"), ReadOnly]
    Task<CertificatePreparation> Prepare(CertificateType type, DateOnly issueDate);

    /// <summary>
    /// As <see cref="Prepare"/>, for a tax certificate of <paramref name="fiscalYear"/> under the city's
    /// <paramref name="terms"/> of the day: a year outside them, or one without a record, is refused.
    /// </summary>
    [Alias("prepare-tax"), ReadOnly]
    Task<CertificatePreparation> PrepareTax(CertificateType type, int fiscalYear, Municipalities.TaxTerms terms, DateOnly issueDate);

    /// <summary>
    /// For each type, the code of why this resident cannot have it on <paramref name="issueDate"/>, or null when
    /// they may order it: the menu's question, answered without handing out any personal data.
    /// </summary>
    /// <remarks>A tax type is refused only when no fiscal year of <paramref name="tax"/> can be issued (the latest year by the June rule when null).</remarks>
    [Alias("refusals"), ReadOnly]
    Task<IReadOnlyDictionary<CertificateType, string?>> GetRefusals(IReadOnlyList<CertificateType> types, DateOnly issueDate, Municipalities.TaxTerms? tax = null);

    /// <summary>
    /// This resident's record for a household certificate someone else in the household asked for:
    /// the data, or why the household certificate cannot be issued because of this member.
    /// </summary>
    [Alias("prepare-household-member"), ReadOnly]
    Task<CertificatePreparation> PrepareAsHouseholdMember(DateOnly issueDate);

    /// <summary>
    /// This resident as the kiosk's list of household members shows them, for a 住民票 of chosen members: their name, when
    /// they are a current member of <paramref name="householdNumber"/> (null when not), or the code of why a household
    /// certificate cannot include them. Never the record: the list needs a name, not a 個人番号 or an address.
    /// </summary>
    [Alias("household-member-name"), ReadOnly]
    Task<HouseholdMemberName?> GetHouseholdMemberName(string householdNumber, DateOnly issueDate);

    /// <summary>
    /// This resident as an applicant for their 本籍地 city's 戸籍 certificates: the issuance rules for a 戸籍 certificate
    /// (the register itself is the 本籍地 city's to check) and, if they pass, the record.
    /// </summary>
    [Alias("prepare-domicile"), ReadOnly]
    Task<CertificatePreparation> PrepareForDomicile(DateOnly issueDate);

    /// <summary>
    /// What the kiosk's menu needs of this resident once their card is authenticated, in one call: for each type the
    /// refusal as <see cref="GetRefusals"/> gives it, and the record as <see cref="Prepare"/> gives it for a 住民票
    /// (the household list) and as <see cref="PrepareForDomicile"/> (their 本籍地 city), and for each tax type the fiscal
    /// years of <paramref name="tax"/> they may have, newest first. Null when no data is held.
    /// </summary>
    [Alias("menu-view"), ReadOnly]
    Task<ResidentMenuView?> GetMenuView(IReadOnlyList<CertificateType> types, DateOnly issueDate, Municipalities.TaxTerms? tax = null);

    [Alias("exists"), ReadOnly]
    Task<bool> Exists();

    /// <summary>Deletes everything held for this resident (retention or the registry's deletion); false when nothing was held.</summary>
    [Alias("purge")]
    Task<bool> Purge();
}

[GenerateSerializer, Immutable, Alias("certorleans.resident-menu-view")]
public sealed record ResidentMenuView(
    [property: Id(0)] IReadOnlyDictionary<CertificateType, string?> Refusals,
    [property: Id(1)] CertificatePreparation AsApplicant,
    [property: Id(2)] CertificatePreparation ForDomicile,
    [property: Id(6)] IReadOnlyDictionary<CertificateType, IReadOnlyList<int>>? TaxYears = null);

[GenerateSerializer, Immutable, Alias("certorleans.resident-update")]
public sealed record ResidentUpdate(
    [property: Id(0)] ResidentRecord Record,
    [property: Id(1)] SealRegistration? Seal,
    [property: Id(2)] IReadOnlyList<TaxRecord> Taxes,
    [property: Id(3)] bool Release = false);

/// <summary>Either a refusal code, or the data the certificate is made from.</summary>
[GenerateSerializer, Immutable, Alias("certorleans.certificate-preparation")]
public sealed record CertificatePreparation(
    [property: Id(0)] string? RefusalCode,
    [property: Id(1)] ResidentRecord? Data,
    [property: Id(2)] SealRegistration? Seal = null,
    [property: Id(3)] TaxRecord? Tax = null,
    [property: Id(4)] FamilyRegisterRecord? FamilyRegister = null)
{
    public static CertificatePreparation Refused(string code) => new(code, null);
}
