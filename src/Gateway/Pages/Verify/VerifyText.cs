namespace CertOrleans.Gateway.Pages.Verify;

/// <summary>The verification page's words, in Japanese (the default) and English (<c>?lang=en</c>).</summary>
public sealed class VerifyText(bool english)
{
    public bool English { get; } = english;

    public string Lang => English ? "en" : "ja";

    private string T(string ja, string en) => English ? en : ja;

    public string Title => T("証明書の確認", "Check a certificate");
    public string Switch => T("English", "日本語");
    public string SwitchLang => English ? "ja" : "en";
    public string Intro => T(
        "コンビニ交付で発行された証明書（住民票の写し、印鑑登録証明書など）が本物かどうかを確認できます。送られた内容はこのサーバに保存しません。",
        "Check whether a certificate printed at a convenience store (住民票の写し, 印鑑登録証明書 …) is genuine. Nothing you send is stored on this server.");
    public string PdfHeading => T("PDFで確認する", "Check the PDF");
    public string PdfLabel => T("証明書のPDFファイル", "The certificate's PDF file");
    public string PdfHelp => T("電子データ（PDF）をお持ちの場合は、そのままアップロードしてください。記載内容まで確認します。", "If you have the PDF, upload it: the content itself is checked.");
    public string CodeHeading => T("紙の証明書で確認する", "Check a paper certificate");
    public string CodeHelp => T(
        "証明書のQRコードをスマートフォン等で読み取った文字列（CO2. で始まります）と、下部に印字された証明書番号を入力してください。",
        "Scan the certificate's QR code with a phone and paste what it reads (it starts with CO2.), and type the certificate number printed at the bottom.");
    public string NumberLabel => T("証明書番号", "Certificate number");
    public string CodeLabel => T("検証コード（QRコードの内容）", "Verification code (what the QR code reads)");
    public string Submit => T("確認する", "Check");
    public string About => T("この確認の意味（印刷用の説明）", "What this check means (printable)");
    public string FieldsHeading => T("署名された記載事項", "The signed items");
    public string FieldsHelp => T("紙の証明書と一行ずつ見比べてください。", "Compare them with the paper, line by line.");
    public string Municipality => T("発行市区町村", "Issued by");
    public string Number => T("証明書番号", "Certificate number");
    public string Type => T("証明書の種類", "Certificate");
    public string IssuedAt => T("発行日時", "Issued at");
    public string ImageMatched => T("（画像: 署名と一致）", "(image: matches the signature)");
    public string NotStored => T("送られたファイルや入力はこのサーバに保存していません。", "What you sent was not stored.");

    public string Verdict(string result, bool contentChecked) => result switch
    {
        "genuine" when contentChecked => T("本物です。発行されたとおりの内容です。", "Genuine: exactly as issued."),
        "genuine" => T("この検証コードは本物で、この証明書番号に発行されたものです。紙に印字された証明書番号と見比べてください。紙の記載内容は確認していません。PDFをお持ちならアップロードしてください。",
            "This verification code is genuine and was issued for this certificate number: compare the number with the one printed on the paper. The paper's text was not checked: upload the PDF if you have it."),
        "altered" => T("改ざんされています。発行された内容と一致しません。", "Altered: it differs from what was issued."),
        "void" => T("無効です。この証明書の交付は完了していません（印刷の失敗などで手数料は返金されています）。", "Void: its issuance did not complete (the print failed or was abandoned, and the fee was refunded)."),
        "pending" => T("発行の手続き中です。しばらくしてからもう一度確認してください。", "Being issued: check again in a few minutes."),
        "revoked-key" => T("発行に使われた鍵が失効しています。この証明書を信用しないでください。", "The issuing key was revoked: do not trust this certificate."),
        "unknown-key" => T("発行元の鍵が見つかりません。本物と確認できません。", "Unknown issuing key: it cannot be confirmed genuine."),
        _ => T("検証コードを読み取れません。", "The verification code cannot be read."),
    };

    public string TextOnly => T("この証明書は旧方式（第1版）の検証コードです。署名されているのは記載の文字だけで、その配置や画像（公印など）は確認できません。紙と注意して見比べてください。",
        "This certificate carries a version-1 code: only its text is signed, not where it stands nor its images (the seal). Compare it with the paper with care.");

    public string VerdictClass(string result) => result switch
    {
        "genuine" => "genuine",
        "pending" => "caution",
        _ => "warning",
    };

    public string FieldName(string name) => name switch
    {
        "title" => T("表題", "Title"),
        "municipality" => T("市区町村", "Municipality"),
        "heading" => T("見出し", "Heading"),
        "statement" => T("証明文", "Statement"),
        "issue-date" => T("発行日", "Issue date"),
        "issuer" => T("発行者", "Issuer"),
        "seal" => T("公印", "Official seal"),
        "caption" => T("注記", "Caption"),
        "certificate-number" => T("証明書番号", "Certificate number"),
        "page" => T("ページ", "Page"),
        "note" => T("欄外", "Footer"),
        _ when name.StartsWith("image:", StringComparison.Ordinal) => name["image:".Length..],
        _ => name,
    };

    public string TooLarge => T("ファイルが大きすぎます（4 MiB まで）。", "The file is too large (at most 4 MiB).");
    public string NotPdf => T("PDFファイルを読み取れません。", "The file is not a readable PDF.");
    public string TooComplex => T("このPDFは確認できる範囲（20ページ、展開後 16 MiB、5 秒）を超えています。", "This PDF is beyond what the check reads (20 pages, 16 MiB decoded, 5 seconds).");
    public string PhotoHeading => T("QRコードの写真で確認する", "Check a photo of the QR code");
    public string PhotoHelp => T("証明書のQRコードを撮影した写真（またはスキャンした画像）を選んでください。読み取った証明書番号を、紙に印字された番号と見比べてください。",
        "Choose a photo (or scan) of the certificate's QR code. Compare the certificate number it reads with the one printed on the paper.");
    public string PhotoLabel => T("QRコードの写真", "Photo of the QR code");
    public string NoQr => T("画像からQRコードを読み取れませんでした（8 MiB まで）。明るい場所で、QRコード全体が写るように撮影してください。",
        "No QR code could be read from the picture (at most 8 MiB). Take it in good light with the whole code in view.");
    public string Missing => T("証明書番号と検証コードを入力してください。", "Enter the certificate number and the verification code.");
}
