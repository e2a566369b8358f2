using CertOrleans.Contracts.Time;
using System.CommandLine;
using System.Security.Cryptography.X509Certificates;
using CertOrleans.Kiosk;
using CertOrleans.Pki;

// certorleans-kiosk: plays a store multi-copy machine. The PIN is checked by the (software) card, never sent.
var gateway = new Option<string>("--gateway") { Description = "Gateway base address", DefaultValueFactory = _ => "https://127.0.0.1:5443/" };
var gatewayCa = new Option<FileInfo>("--gateway-ca") { Description = "CA certificate (PEM) the gateway's TLS certificate must chain to", DefaultValueFactory = _ => new FileInfo("data/pki/gateway-ca.pem") };
var terminal = new Option<FileInfo>("--terminal") { Description = "The terminal's client certificate (PKCS#12)", DefaultValueFactory = _ => new FileInfo("data/pki/terminal-kiosk-demo-0001.pfx") };
var card = new Option<FileInfo>("--card") { Description = "The test My Number card file", Required = true };
var pinOption = new Option<string?>("--pin") { Description = "The card PIN (asked for when omitted)" };
var municipality = new Option<string>("--municipality") { Description = "The municipality (全国地方公共団体コード) chosen on the kiosk screen", DefaultValueFactory = _ => "092011" };
var type = new Option<string>("--type") { Description = "Certificate type", DefaultValueFactory = _ => "juminhyo" };
var copies = new Option<int>("--copies") { Description = "Number of copies (1-3)", DefaultValueFactory = _ => 1 };
var printerFails = new Option<bool>("--printer-fails") { Description = "Simulate a paper jam: the print is reported as failed" };
var household = new Option<bool>("--household") { Description = "住民票: the whole household" };
var members = new Option<string?>("--members") { Description = "住民票: chosen household members, by the ids the menu lists (e.g. m1,m3)" };
var noHead = new Option<bool>("--no-household-head") { Description = "住民票: leave out 世帯主・続柄" };
var domicile = new Option<bool>("--domicile") { Description = "住民票: print 本籍・筆頭者" };
var myNumber = new Option<bool>("--my-number") { Description = "住民票: print 個人番号 (only where the municipality allows it)" };
var fiscalYear = new Option<int?>("--fiscal-year") { Description = "Tax certificates: the fiscal year (年度, e.g. 2025) among those the menu offers; the latest when omitted" };
var commonNameHistory = new Option<bool>("--common-name-history") { Description = "住民票: print 通称の履歴 (foreign residents who have had a 通称)" };
var previousAddress = new Option<bool>("--previous-address") { Description = "住民票: print 前住所" };
var lastChange = new Option<bool>("--last-change") { Description = "住民票: print 異動事由 (the last change and its date)" };
var history = new Option<bool>("--history") { Description = "Show the card holder's own issuances of the last 12 months (交付履歴) after the card is read, then finish: nothing is ordered, paid or printed" };
var output = new Option<DirectoryInfo>("--out") { Description = "The printer's spool folder: the PDF is written there to be printed", DefaultValueFactory = _ => new DirectoryInfo("out") };
var registerDomicile = new Option<bool>("--register-domicile") { Description = "本籍地の利用登録: register for the 本籍地 city's 戸籍 certificates (nothing is printed or paid)" };
var registerMember = new Option<string?>("--register-member") { Description = "koseki-kojin: another member of your 戸籍, by the id the menu lists (e.g. r2): your spouse, child or parent" };
var fromDomicile = new Option<bool>("--from-domicile") { Description = "Order --type (a 戸籍 type) from the holder's 本籍地 city (needs an approved registration)" };
var lang = new Option<string?>("--lang") { Description = "The language the resident chose: the menu and refusals come in it (ja, en, zh, ko, pt, es; sent as Accept-Language, Japanese when the gateway has no other)" };
var keep = new Option<bool>("--keep") { Description = "Keep the printed PDF in --out (a store terminal deletes it once the print is confirmed)" };

var root = new RootCommand("CertOrleans kiosk simulator: prints a certificate with a test My Number card")
    { gateway, gatewayCa, terminal, card, pinOption, municipality, type, copies, household, members, noHead, domicile, myNumber, commonNameHistory, previousAddress, lastChange, fiscalYear, printerFails, history, output, keep, registerDomicile, fromDomicile, registerMember, lang };
root.SetAction(async (parse, ct) =>
{
    try
    {
        if (parse.GetValue(registerMember) is not null && (parse.GetValue(type) != "koseki-kojin" || parse.GetValue(fromDomicile)))
            return Fail(2, "--register-member goes with --type koseki-kojin of your own city (not --from-domicile).");
        var language = parse.GetValue(lang);
        if (language is not null && !System.Text.RegularExpressions.Regex.IsMatch(language, "^[A-Za-z]{1,8}(-[A-Za-z0-9]{1,8})*$"))
            return Fail(2, $"--lang must be a language tag such as en or zh-Hans, not '{language}'.");
        if (parse.GetValue(history) && (parse.GetValue(registerDomicile) || parse.GetValue(fromDomicile)))
            return Fail(2, "--history only shows the history and finishes: use it without --register-domicile or --from-domicile.");
        foreach (var file in new[] { parse.GetValue(gatewayCa)!, parse.GetValue(terminal)!, parse.GetValue(card)! })
            if (!file.Exists) return Fail(2, $"No such file: {file.FullName}");

        if (!Uri.TryCreate(parse.GetValue(gateway), UriKind.Absolute, out var gatewayUri) || gatewayUri.Scheme != Uri.UriSchemeHttps)
            return Fail(2, $"--gateway must be an https:// address, not '{parse.GetValue(gateway)}'.");
        var softwareCard = SoftwareCard.Load(parse.GetValue(card)!.FullName);
        if (softwareCard.Locked) return Fail(3, new CardLockedException().Message);
        using var terminalCertificate = X509CertificateLoader.LoadPkcs12FromFile(parse.GetValue(terminal)!.FullName, null);
        using var root = X509CertificateLoader.LoadCertificateFromFile(parse.GetValue(gatewayCa)!.FullName);
        using var http = GatewayHttp.Create(gatewayUri, terminalCertificate, root);
        var kiosk = new KioskClient(http, language);

        // The idle screen: is the chosen municipality's service open? Checked before any card is read.
        var availability = await kiosk.GetAvailabilityAsync(parse.GetValue(municipality)!, ct);
        // The menu in the language the gateway answered in; the fee in yen whatever the language.
        Console.WriteLine($"{availability.MunicipalityName}: " + string.Join(", ", availability.Offers.Select(o =>
            $"{o.Name} ¥{o.Fee}{(o.FiscalYears is { Count: > 0 } years ? $" [{string.Join('/', years)}年度]" : "")}{(o.AvailableNow ? "" : $" (次回 / next {o.NextOpening?.InJapan():M/d HH:mm})")}")));
        foreach (var announced in availability.Announced ?? [])
            Console.WriteLine($"お知らせ: {announced.Start.InJapan():M/d HH:mm}–{announced.End.InJapan():M/d HH:mm} {announced.Notice}");
        if (!availability.Open)
            return Fail(1, $"{availability.ClosedReasonText ?? availability.ClosedReason} [{availability.ClosedReason}]{(availability.Notice is { } notice ? $" {notice}" : "")}"
                + (availability.NextOpening is { } next ? $" 次の開始: {next.InJapan():yyyy-MM-dd HH:mm} JST" : ""));
        Console.WriteLine("マイナンバーカードを置いてください… (card read)");
        var pin = parse.GetValue(pinOption) ?? ReadPin();
        if (parse.GetValue(registerDomicile))
        {
            var standing = (await kiosk.RegisterAsync(softwareCard, pin, parse.GetValue(municipality)!, ct)).Domicile!;
            Console.WriteLine($"本籍地 {standing.MunicipalityName} ({standing.MunicipalityCode}): {standing.Status switch
            {
                "approved" => "利用登録は承認済みです。 (approved: order its 戸籍 with --from-domicile)",
                "pending" => "利用登録を受け付けました。本籍地の市区町村の確認後に利用できます。 (pending: the city's staff decide)",
                var other => other,
            }}");
            return standing.Status is "approved" or "pending" ? 0 : 1;
        }
        if (parse.GetValue(history))
        {
            // The history screen's 「終了」: the request is cancelled, so nothing is ordered, paid or printed.
            var visit = await kiosk.ViewHistoryAsync(softwareCard, pin, parse.GetValue(municipality)!, ct);
            PrintHistory(visit.History);
            Console.WriteLine($"終了しました。 (finished: nothing ordered or paid; request {visit.Outcome})");
            return 0;
        }
        var result = await kiosk.RunAsync(softwareCard, pin, parse.GetValue(municipality)!, parse.GetValue(type)!, parse.GetValue(copies), parse.GetValue(printerFails),
            new KioskOptions(parse.GetValue(household), !parse.GetValue(noHead), parse.GetValue(domicile), parse.GetValue(myNumber),
                parse.GetValue(members)?.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries), parse.GetValue(fiscalYear),
                parse.GetValue(commonNameHistory), parse.GetValue(previousAddress), parse.GetValue(lastChange))
            { RegisterMember = parse.GetValue(registerMember) }, ct,
            printer: new KioskPrinter(parse.GetValue(output)!, parse.GetValue(keep)), fromDomicile: parse.GetValue(fromDomicile));
        if (result.Outcome != "Printed")
            return Fail(1, $"印刷に失敗しました。料金は返金されます。 (The print failed and was reported; request {result.Outcome}, certificate {result.Document.CertificateNumber} voided.)");
        Console.WriteLine($"{result.Menu.MunicipalityName} ({result.Menu.MunicipalityCode}); household: " +
            string.Join(", ", result.Menu.HouseholdMembers.Select(m => $"{m.MemberId} {m.Name}")));
        if (result.Menu.RegisterMembers is { Count: > 0 } registerMembers)
            Console.WriteLine("戸籍 members (--register-member): " + string.Join(", ", registerMembers.Select(m => $"{m.MemberId} {m.Name} {m.Relationship}{(m.RefusalCode is { } why ? $" [{why}]" : "")}")));
        if (result.Menu.Domicile is { } d) Console.WriteLine($"本籍地 {d.MunicipalityName} ({d.MunicipalityCode}): {d.Status}");
        Console.WriteLine($"{result.Order.CertificateType}{(result.Order.FiscalYear is { } year ? $" ({year}年度)" : "")} × {result.Order.Copies}: {result.Order.Fee} 円 paid");
        Console.WriteLine(result.PrintedFile is { } path ? $"printed, kept at: {path}" : "printed; the spooled PDF was deleted once the print was confirmed (--keep keeps it)");
        Console.WriteLine($"certificate number {result.Document.CertificateNumber}, {result.Document.PageCount} page(s); request {result.Outcome}");
        Console.WriteLine("timings: " + string.Join(", ", result.Timings.Select(t => $"{t.Key} {t.Value.TotalMilliseconds:F0} ms")));
        return 0;
    }
    catch (KioskProblemException ex)
    {
        var opening = ex.NextOpening is { } next ? $"\n  次の開始 / opens: {next.InJapan():yyyy-MM-dd HH:mm} JST" : "";
        var notice = ex.Notice is { } text ? $"\n  お知らせ / notice: {text}" : "";
        // The gateway's title is the screen's message, in the kiosk's language; the code is for the operator.
        return Fail(1, $"{ex.Title}\n  [{ex.Code}]{opening}{notice}");
    }
    catch (WrongPinException ex)
    {
        return Fail(3, $"暗証番号が違います。 {ex.Message}");
    }
    catch (CardLockedException ex)
    {
        return Fail(3, $"カードがロックされました。 {ex.Message}");
    }
    catch (HttpRequestException ex)
    {
        return Fail(1, $"The gateway cannot be reached: {ex.Message}");
    }
    catch (Exception ex) when (ex is InvalidDataException or System.Security.Cryptography.CryptographicException or IOException)
    {
        return Fail(2, ex.Message);
    }
});
return await root.Parse(args).InvokeAsync();

static void PrintHistory(IReadOnlyList<HistoryItem> past)
{
    Console.WriteLine(past.Count == 0 ? "交付履歴 (過去12か月): なし" : "交付履歴 (過去12か月):");
    foreach (var item in past)
        Console.WriteLine(item.Outcome == "RecordsRead"
            ? $"  {item.EndedAt.InJapan():yyyy-MM-dd HH:mm}  市による記録の照会  目的: {item.PurposeName ?? item.Purpose}  ({item.ReadByRole})"
            : $"  {item.EndedAt.InJapan():yyyy-MM-dd HH:mm}  {item.CertificateName ?? item.CertificateType ?? "-"}  {item.StoreOperator}  {item.CertificateNumber ?? "-"}  {item.Outcome}");
}

static int Fail(int code, string message)
{
    Console.Error.WriteLine(message);
    return code;
}

static string ReadPin()
{
    Console.Write("暗証番号 (4桁) / PIN: ");
    if (Console.IsInputRedirected) return Console.ReadLine()?.Trim() ?? "";
    var pin = new System.Text.StringBuilder();
    while (true)
    {
        var key = Console.ReadKey(intercept: true);
        if (key.Key == ConsoleKey.Enter) break;
        if (key.Key == ConsoleKey.Backspace && pin.Length > 0) { pin.Length--; Console.Write("\b \b"); continue; }
        if (char.IsAsciiDigit(key.KeyChar) && pin.Length < 4) { pin.Append(key.KeyChar); Console.Write('*'); }
    }
    Console.WriteLine();
    return pin.ToString();
}
