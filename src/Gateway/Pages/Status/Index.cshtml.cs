using CertOrleans.Contracts.Time;
using CertOrleans.Contracts.Certificates;
using CertOrleans.Contracts.Municipalities;
using CertOrleans.Contracts.Operations;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace CertOrleans.Gateway.Pages.Status;

/// <summary>
/// The public status page (/status): each municipality served here, whether its store service is open now,
/// stopped (with the operators' notice) or closed (with when it opens), and the maintenance announced for the
/// next two weeks. Nothing about anyone; no script; rate-limited per client address like /verify.
/// </summary>
public sealed class IndexModel(IGrainFactory grains) : PageModel
{

    public IReadOnlyList<MunicipalityStatus> Municipalities { get; private set; } = [];

    public async Task OnGetAsync()
    {
        Municipalities = await grains.GetGrain<IServiceStatusGrain>(0).GetAll();
        // A status is only true now: no intermediary may serve an old one.
        Response.Headers.CacheControl = "no-store";
    }

    public static string State(MunicipalityStatus status) => status.Service switch
    {
        { Open: true } when status.StoppedCertificateTypes.Count > 0 => "一部停止中",
        { Open: true } => "ご利用いただけます",
        { ClosedReason: ClosedReasons.Stopped } => "停止中",
        { ClosedReason: ClosedReasons.Maintenance } => "メンテナンス中",
        { ClosedReason: ClosedReasons.YearEndClosure } => "年末年始休止中",
        _ => "サービス時間外",
    };

    public static string TypeName(string code) => CertificateTypes.TryParse(code, out var type) ? type.JapaneseName() : code;

    public static string Local(DateTimeOffset at) => at.InJapan().ToString("M月d日 HH:mm", System.Globalization.CultureInfo.InvariantCulture);
}
