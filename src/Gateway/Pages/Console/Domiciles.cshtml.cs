using CertOrleans.Contracts.Domiciles;
using CertOrleans.Contracts.Journal;
using CertOrleans.Gateway.Security;
using CertOrleans.Contracts.Requests;
using CertOrleans.Contracts.Residents;
using CertOrleans.Gateway.Apis;
using Microsoft.AspNetCore.Mvc;

namespace CertOrleans.Gateway.Pages.Console;

/// <summary>
/// 本籍地の利用登録: residents of other cities whose 本籍 is here, waiting for this city's staff to match them against its
/// 戸籍 (the register the lookup found is used unless staff name one). Decided by administrators; journaled by the grain.
/// </summary>
public sealed class DomicilesModel(IGrainFactory grains) : ConsolePage(grains)
{
    [BindProperty] public string? ResidenceCode { get; set; }
    [BindProperty] public string? ResidentNumber { get; set; }
    [BindProperty] public string? RegisterNumber { get; set; }

    public IReadOnlyList<DomicileRegistrationResource> Pending { get; private set; } = [];
    public string? Message { get; private set; }
    public string? Error { get; private set; }

    public async Task<IActionResult> OnGetAsync() => await SelectAsync() ?? await ShowAsync();

    public async Task<IActionResult> OnPostDecideAsync(bool approve)
    {
        if (await SelectAsync() is { } refused) return refused;
        if (!MayChange) return Forbid(Security.ConsoleAuthentication.Scheme);
        if (!ResidentKey.IsValidMunicipalityCode(ResidenceCode) || !ResidentKey.IsValidResidentNumber(ResidentNumber)) return BadRequest();
        var named = string.IsNullOrWhiteSpace(RegisterNumber) ? null : RegisterNumber.Trim();
        if (named is not null && !Contracts.Keys.MunicipalScopedKey.IsValidLocalNumber(named))
            return await ShowAsync(error: "戸籍の番号は英数字とハイフンの20文字までです。");
        var applicant = new ResidentKey(ResidenceCode!, ResidentNumber!);
        if (await DomicileRegistrations.GetAsync(Grains, Municipality!, applicant) is null) return NotFound();
        try
        {
            await Grains.GetGrain<IDomicileRegistrationGrain>(DomicileRegistrationKeys.For(applicant)).Decide(new DomicileDecision(approve, User.Identity?.Name ?? "unknown", Municipality!, named));
            return await ShowAsync(approve ? "利用登録を承認しました。申請者は次の来店から本籍地の証明書を取得できます。" : "利用登録を却下しました。");
        }
        catch (IssuanceException ex) when (ex.Code == DomicileReasons.Unknown)
        {
            return NotFound();
        }
        catch (IssuanceException ex) when (ex.Code == DomicileReasons.NoMatch)
        {
            return await ShowAsync(error: "該当する戸籍が見つかりません（氏名・生年月日が一致する在籍者が一人だけの戸籍が必要です）。戸籍の番号を確認してください。");
        }
        catch (IssuanceException ex) when (ex.Code == DomicileReasons.NotPending)
        {
            return await ShowAsync(error: "この申請はすでに処理されています。");
        }
    }

    private async Task<IActionResult> ShowAsync(string? message = null, string? error = null)
    {
        Message = message;
        Error = error;
        Pending = await DomicileRegistrations.PendingAsync(Grains, Municipality!, User.Access(DataReads.DomicileList, "registration-review"));
        return Page();
    }
}
