using CertOrleans.Contracts.Certificates;
using CertOrleans.Contracts.Municipalities;
using CertOrleans.Contracts.Requests;
using CertOrleans.Contracts.Residents;

namespace CertOrleans.Grains.Requests;

/// <summary>What makes an order well-formed for its type and its municipality, before anyone's data is read.</summary>
public static class OrderRules
{
    public const int MaxCopies = 3;

    /// <summary>The certificate type asked for, or the reason the order cannot be read.</summary>
    public static CertificateType TypeOf(PlaceOrder order)
    {
        if (!CertificateTypes.TryParse(order.CertificateType, out var type))
            throw new IssuanceException(ErrorCodes.CertificateTypeUnknown, $"Unknown certificate type '{order.CertificateType}'.");
        if (order.Copies is < 1 or > MaxCopies)
            throw new IssuanceException(ErrorCodes.CopiesOutOfRange, $"Copies must be between 1 and {MaxCopies}.");
        return type;
    }

    /// <summary>
    /// Checks the 住民票 options against the type, the menu's member ids and the municipality's policy, and a 戸籍個人事項証明書's
    /// member against the register members the menu listed (none for a 本籍地 city's register: not offered there yet).
    /// </summary>
    public static void CheckOptions(CertificateType type, CertificateOptions options, MunicipalityConfiguration municipality,
        IReadOnlyDictionary<string, ResidentKey> householdMemberIds, IReadOnlyDictionary<string, RegisterMemberReference>? registerMemberIds = null,
        bool fromDomicile = false)
    {
        if (options.RegisterMember is { } member)
        {
            if (type != CertificateType.FamilyRegisterIndividual || fromDomicile || options with { RegisterMember = null } != CertificateOptions.Default)
                throw new IssuanceException(ErrorCodes.OptionNotAllowed, "registerMember applies to a 戸籍個人事項証明書 of the holder's own city, alone.");
            if (registerMemberIds?.ContainsKey(member) != true)
                throw new IssuanceException(ErrorCodes.OptionNotAllowed, "registerMember must be a register member id from this request's menu.");
            return;
        }
        if (!type.IsResidentRecord() && options with { FiscalYear = null } != CertificateOptions.Default)
            throw new IssuanceException(ErrorCodes.OptionNotAllowed, "Options apply to 住民票 only.");
        // Whether the city offers the year is a refusal the resident hears (refused-fiscal-year-not-offered); a year on another type is a malformed order.
        if (options.FiscalYear is not null && !type.IsTax())
            throw new IssuanceException(ErrorCodes.OptionNotAllowed, "fiscalYear applies to tax certificates only.");
        if ((options.WholeHousehold || options.ChosenMembers) && type != CertificateType.ResidentRecordCopy)
            throw new IssuanceException(ErrorCodes.OptionNotAllowed, "A household certificate is a 住民票の写し.");
        if (options.ChosenMembers && options.SelectedMembers!.Any(id => !householdMemberIds.ContainsKey(id)))
            throw new IssuanceException(ErrorCodes.OptionNotAllowed, "selectedMembers must be member ids from this request's menu.");
        if (options.IncludeMyNumber && !municipality.MyNumberPrintable)
            throw new IssuanceException(ErrorCodes.OptionNotAllowed, "This municipality does not print 個人番号 at stores.");
    }

    public static bool IsHouseholdCertificate(CertificateOptions options) => options.WholeHousehold || options.ChosenMembers;
}
