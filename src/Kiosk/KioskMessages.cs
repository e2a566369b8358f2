namespace CertOrleans.Kiosk;

/// <summary>
/// What the kiosk screen says for each problem code. Sensitive reasons (support measures) never reach the
/// terminal: the server answers refused-contact-office, shown with the neutral message any onlooker may read.
/// </summary>
public static class KioskMessages
{
    private const string Generic = "この証明書はコンビニエンスストアでは交付できません。お住まいの市区町村の窓口にお問い合わせください。 (This certificate cannot be issued here; please ask at your city office.)";

    public static string For(string code) => code switch
    {
        "refused-contact-office" => Generic,
        "refused-moved-out" or "refused-move-out-filed" => "転出された方・転出届を出された方は、コンビニ交付をご利用いただけません。 (Not available after moving out or filing a move-out.)",
        "refused-deceased" => Generic,
        "refused-moved-in-today" => "転入・転居の当日はコンビニ交付をご利用いただけません。明日以降にご利用ください。 (Not available on the day of moving in; please try tomorrow.)",
        "refused-under-15" => "15歳未満の方はコンビニ交付をご利用いただけません。 (Residents under 15 cannot use the store service.)",
        "refused-unprintable-characters" => "お名前またはご住所に使用されている文字の都合により、窓口での交付となります。 (Characters in your record need counter issuance.)",
        "refused-not-offered" => "この証明書はお住まいの市区町村ではコンビニ交付の対象外です。 (Your municipality does not offer this certificate at stores.)",
        "card-revoked" or "card-unknown" or "card-certificate-expired" or "card-certificate-untrusted" or "card-certificate-invalid"
            => "このカードはご利用いただけません。市区町村の窓口にお問い合わせください。 (This card cannot be used; please ask at your city office.)",
        "card-signature-invalid" or "challenge-expired" or "challenge-used" => "カードの認証に失敗しました。最初からやり直してください。 (Card authentication failed; please start again.)",
        "request-expired" or "request-gone" => "時間切れのため、操作を中止しました。最初からやり直してください。 (The session timed out; please start again.)",
        "terminal-unknown" or "terminal-suspended" or "terminal-certificate-invalid" or "terminal-certificate-required"
            => "この端末は現在ご利用いただけません。 (This terminal is out of service.)",
        "refused-household-move-out-pending" => "転出予定の方がいる世帯の住民票（世帯全員）は交付できません。 (Not available while a household member is about to move out.)",
        "refused-period-of-stay-expired" => "在留期間の満了日を過ぎているため、コンビニ交付をご利用いただけません。在留期間の更新等の状況を確認しますので、市区町村の窓口にお越しください。 (Your period of stay has passed its end date; please come to the city office counter, where an extension can be checked.)",
        "refused-household-period-of-stay-expired" => "在留期間の満了日を過ぎている方がいる世帯の住民票（世帯全員）は、窓口での交付となります。 (A household member's period of stay has passed its end date; please ask at the city office counter.)",
        "refused-seal-not-registered" => "印鑑登録がありません。 (No seal registration.)",
        "refused-seal-abolished" => "印鑑登録が廃止されています。 (The seal registration has been abolished.)",
        "refused-tax-data-absent" => "今年度の課税情報がないため交付できません。窓口にお問い合わせください。 (No tax data for this fiscal year; please ask at the city office.)",
        "option-not-allowed" => "選択された記載事項ではコンビニ交付できません。 (This option is not available here.)",
        "service-stopped" => "現在、証明書のコンビニ交付を停止しています。 (Store issuance is stopped for now.)",
        "service-closed" => "ただいまサービス時間外です。 (The service is closed now.)",
        "municipality-mismatch" => "選択された市区町村にお住まいの方のカードではありません。 (This card holder does not live in the chosen municipality.)",
        "refused-domicile-not-registered" => "本籍地の証明書は、本籍地の市区町村への利用登録（承認済み）が必要です。 (The 本籍地 city's certificates need an approved registration made with this card.)",
        "domicile-none" => "本籍地がお住まいの市区町村以外で、本サービスの利用登録を受け付ける市区町村ではありません。 (Your 本籍 is in no other city taking registrations here.)",
        "domicile-not-served" => "本籍地の市区町村は利用登録を受け付けていません。 (Your 本籍地 city does not take registrations.)",
        "service-unavailable" => "ただいま証明書交付サービスを利用できません。しばらくしてからお試しください。 (The service is unavailable; please try later.)",
        _ => $"証明書を交付できませんでした（{code}）。 (The certificate could not be issued: {code}.)",
    };
}
