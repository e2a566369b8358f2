using CertOrleans.Contracts.Certificates;

namespace CertOrleans.Contracts.Reports;

/// <summary>The Japanese names of the codes a report and the console show: certificate types and request outcomes.</summary>
public static class ReportNames
{
    /// <summary>The Japanese name of a certificate type code ("-" for a request that never chose one).</summary>
    public static string TypeName(string code) => CertificateTypes.TryParse(code, out var type) ? type.JapaneseName() : code == "-" ? "（選択前）" : code;

    public static string OutcomeName(string outcome) => outcome switch
    {
        "Printed" => "交付",
        "Cancelled" => "取消",
        "PrintFailed" => "印刷失敗",
        "Expired" => "時間切れ",
        "AuthenticationFailed" => "認証失敗",
        _ => outcome,
    };
}
