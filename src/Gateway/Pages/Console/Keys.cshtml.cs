using CertOrleans.Contracts.Journal;
using CertOrleans.Contracts.Requests;
using CertOrleans.Contracts.Signing;
using CertOrleans.Contracts.Terminals;
using CertOrleans.Gateway.Apis;
using Microsoft.AspNetCore.Mvc;

namespace CertOrleans.Gateway.Pages.Console;

/// <summary>
/// The municipality's issuing and journal keys (rotate; revoke an issuing key), and, for cluster operators, store
/// terminals (register, suspend, resume). Every change journaled with the person who made it.
/// </summary>
public sealed class KeysModel(IGrainFactory grains) : ConsolePage(grains)
{
    [BindProperty] public int KeyId { get; set; }
    [BindProperty] public string? TerminalId { get; set; }
    [BindProperty] public string? StoreOperator { get; set; }
    [BindProperty] public string? StoreName { get; set; }

    public IReadOnlyList<PublishedKey> IssuingKeys { get; private set; } = [];
    public IReadOnlyList<PublishedKey> JournalKeys { get; private set; } = [];
    public bool Operator => User.IsInRole(Staff.StaffAccount.Operator);
    public string? Message { get; private set; }
    public string? Error { get; private set; }

    public async Task<IActionResult> OnGetAsync() => await SelectAsync() ?? await ShowAsync(null);

    public async Task<IActionResult> OnPostRotateIssuingAsync() => await ChangeAsync(async () =>
    {
        var id = await Issuing().Rotate(Actor);
        return $"発行署名鍵 {id} を作成しました。以前の鍵は退役し、発行済みの証明書の確認には引き続き使われます。";
    });

    public async Task<IActionResult> OnPostRevokeIssuingAsync() => await ChangeAsync(async () =>
    {
        await Issuing().Revoke(KeyId, Actor);
        return $"発行署名鍵 {KeyId} を失効させました。この鍵で署名された証明書はすべて「鍵が失効」と表示されます。";
    });

    public async Task<IActionResult> OnPostRotateJournalAsync() => await ChangeAsync(async () =>
    {
        var id = await Grains.GetGrain<IJournalGrain>(JournalNames.For(Municipality!)).Rotate(Actor);
        return $"記録署名鍵 {id} を作成しました。";
    });

    public async Task<IActionResult> OnPostTerminalAsync(string action)
    {
        if (await SelectAsync() is { } refused) return refused;
        if (!Operator) return Forbid(Security.ConsoleAuthentication.Scheme);
        if (string.IsNullOrWhiteSpace(TerminalId) || !System.Text.RegularExpressions.Regex.IsMatch(TerminalId, "^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$"))
            return await ShowAsync(error: "端末IDは英数字と . _ - の64文字までです。");
        var terminal = Grains.GetGrain<ITerminalGrain>(TerminalId);
        switch (action)
        {
            case "register" when !string.IsNullOrWhiteSpace(StoreOperator) && !string.IsNullOrWhiteSpace(StoreName) && StoreOperator.Length <= 100 && StoreName.Length <= 100:
                await terminal.Register(new TerminalRegistration(StoreOperator.Trim(), StoreName.Trim()), Actor);
                return await ShowAsync($"端末 {TerminalId} を登録しました。");
            case "register":
                return await ShowAsync(error: "事業者名と店舗名を入力してください（各100文字まで）。");
            case "suspend":
                await terminal.Suspend(Actor);
                return await ShowAsync($"端末 {TerminalId} を停止しました。");
            case "resume":
                await terminal.Resume(Actor);
                return await ShowAsync($"端末 {TerminalId} を再開しました。");
            default:
                return BadRequest();
        }
    }

    private async Task<IActionResult> ChangeAsync(Func<Task<string>> change)
    {
        if (await SelectAsync() is { } refused) return refused;
        if (!MayChange) return Forbid(Security.ConsoleAuthentication.Scheme);
        try
        {
            return await ShowAsync(await change());
        }
        catch (IssuanceException ex) when (ex.Code == ErrorCodes.IssuingKeyUnknown)
        {
            return await ShowAsync(error: $"発行署名鍵 {KeyId} はありません。");
        }
    }

    private async Task<IActionResult> ShowAsync(string? message = null, string? error = null)
    {
        Message = message;
        Error = error;
        IssuingKeys = await Issuing().GetPublicKeys();
        JournalKeys = await Grains.GetGrain<IJournalGrain>(JournalNames.For(Municipality!)).GetPublicKeys();
        return Page();
    }

    private IIssuingKeysGrain Issuing() => Grains.GetGrain<IIssuingKeysGrain>(IssuingKeyNames.For(Municipality!));

    private string Actor => User.Identity?.Name ?? "unknown";
}
