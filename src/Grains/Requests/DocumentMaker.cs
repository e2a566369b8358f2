using CertOrleans.Contracts.Certificates;
using CertOrleans.Contracts.Requests;
using CertOrleans.Contracts.Signing;
using CertOrleans.Grains.Time;
using CertOrleans.Rendering;

namespace CertOrleans.Grains.Requests;

/// <summary>
/// Makes a paid request's certificate: reads the registry data again (a change that arrived after the order —
/// death, move-out, new address — wins), checks it belongs to the authenticated resident, numbers it, renders
/// it and has the municipality's issuing key sign its content.
/// </summary>
public sealed class DocumentMaker(IGrainFactory grains, CertificateSource source, ServiceClock time, Microsoft.Extensions.Options.IOptions<VerificationPageOptions> page)
{
    /// <summary>The rendered certificate, or why there is none: a refusal code, or <see cref="ErrorCodes.DocumentBindingFailed"/>.</summary>
    public async Task<(RenderedCertificate? Document, string? Failure)> MakeAsync(string requestId, RequestSession request)
    {
        var resident = request.Resident!.Value;
        var type = request.CertificateType!.Value;
        // The time and the date in Japan, taken once: the document's date, number and signature agree.
        var issuedAt = time.GetUtcNow();
        var issueDate = Municipalities.ServiceCalendar.DateOf(issuedAt);
        var data = await source.GatherAsync(resident, type, request.Options, issueDate, request.HouseholdMemberIds, request.Domicile,
            registerMember: request.RegisterMember, tax: request.Tax);
        if (data.Refusal is { } refusal) return (null, refusal);
        if (data.Applicant!.Data!.Key != resident || data.Household.Any(m => m.HouseholdNumber != data.Applicant.Data.HouseholdNumber))
            return (null, ErrorCodes.DocumentBindingFailed);
        // A tax certificate is of the year ordered, and of no other.
        if (type.IsTax() && (data.Applicant.Tax is not { } tax || tax.FiscalYear != request.Options.FiscalYear))
            return (null, ErrorCodes.DocumentBindingFailed);
        // A 本籍地 certificate names the holder in a register of another city: that register, with the holder marked in it.
        if (request.Domicile is { } domicile && (data.Applicant.FamilyRegister is not { } register || register.MunicipalityCode != domicile.MunicipalityCode
            || register.RegisterNumber != domicile.RegisterNumber || register.Members.Count(m => m.Resident == resident) != 1))
            return (null, ErrorCodes.DocumentBindingFailed);
        // Another member's 個人事項: the register names the holder once, and the member ordered is in it, not the holder.
        if (request.RegisterMember is { } member && (data.Applicant.FamilyRegister is not { } own || own.SourceVersion != member.SourceVersion
            || own.Members.Count(m => m.Resident == resident) != 1 || member.Index >= own.Members.Count || own.Members[member.Index].Resident == resident))
            return (null, ErrorCodes.DocumentBindingFailed);

        // Numbered and signed by the city that issues it: the 本籍地 city for its own 戸籍.
        var issuer = request.IssuingMunicipalityCode;
        var number = CertificateNumbers.New(issuer, issueDate);
        var keys = grains.GetGrain<IIssuingKeysGrain>(IssuingKeyNames.For(issuer));
        var document = await CertificateRenderer.RenderAsync(
            new CertificateContent(requestId, resident, type, request.Options, number, issueDate, request.Copies, request.Municipality!, data.Applicant, data.Household)
            {
                RegisterMember = request.RegisterMember?.Index,
            },
            digest => keys.SignVerificationCode(number, type.Code(), issuedAt, digest),
            page.Value.QrPayload);
        return (document, null);
    }
}

/// <summary>
/// Where the public verification page is (section <c>Verification</c>): when set, the printed QR code carries
/// <c>{PublicUrl}?code={code}</c>, so a phone's camera opens the check; unset, it carries the code alone.
/// </summary>
public sealed class VerificationPageOptions
{
    public const string Section = "Verification";

    public string? PublicUrl { get; set; }

    public Func<string, string>? QrPayload => string.IsNullOrWhiteSpace(PublicUrl) ? null : code => $"{PublicUrl}?code={code}";
}

public sealed class VerificationPageOptionsValidator : CertOrleans.Contracts.Configuration.OptionsValidator<VerificationPageOptions>
{
    protected override IEnumerable<string> Problems(VerificationPageOptions options)
    {
        if (options.PublicUrl is { } address && !(Uri.TryCreate(address, UriKind.Absolute, out var url) && url.Scheme == Uri.UriSchemeHttps && url.Query.Length == 0))
            yield return "Verification:PublicUrl must be an https:// address without a query, such as https://verify.example.jp/verify.";
    }
}
