using CertOrleans.Contracts.Certificates;
using CertOrleans.Contracts.Municipalities;
using CertOrleans.Contracts.Operations;
using CertOrleans.Contracts.Requests;
using CertOrleans.Contracts.Residents;
using CertOrleans.Grains.Journal;
using CertOrleans.Grains.Time;
using CertOrleans.Storage;
using Microsoft.Extensions.Logging;

namespace CertOrleans.Grains.Operations;

[GenerateSerializer, Alias("certorleans.service-switch-state")]
public sealed class ServiceSwitchState : IJournalsActs<ServiceSwitchState>
{
    [Id(0)] public ServiceSwitches Switches { get; set; } = ServiceSwitches.AllRunning;
    [Id(1)] public List<PendingAct> PendingActs { get; set; } = [];

    public ServiceSwitchState Copy() => new() { Switches = Switches, PendingActs = [.. PendingActs] };
}

public sealed class ServiceSwitchGrain(
    [PersistentState("service-switch", StorageNames.Default)] IPersistentState<ServiceSwitchState> state,
    ActJournal journal,
    ILogger<ServiceSwitchGrain> logger) : Grain, IServiceSwitchGrain
{
    private ActRecorder<ServiceSwitchState>? recorder;

    private ActRecorder<ServiceSwitchState> Acts => recorder ??= new(() => state.State, next => state.SaveAsync(next), journal, this, logger);

    public override Task OnActivateAsync(CancellationToken cancellationToken) => Acts.FlushAsync();

    public Task<ServiceSwitches> Get() => Task.FromResult(state.State.Switches);

    private static IssuanceException Invalid(string message) => new(ErrorCodes.InvalidConfiguration, message);

    public async Task<ServiceSwitches> Set(ServiceSwitches switches, string actor, string? reason = null)
    {
        // A typo must not look like a stop: every entry names something this deployment knows.
        foreach (var code in switches.StoppedMunicipalities) await EnsureServedAsync(code, "stoppedMunicipalities must hold codes of municipalities served here.");
        if (switches.StoppedCertificateTypes.Any(type => !CertificateTypes.TryParse(type, out _)))
            throw Invalid("stoppedCertificateTypes must hold certificate type codes (juminhyo, inkan, …).");
        if (switches.StoppedStoreOperators.Any(name => string.IsNullOrWhiteSpace(name) || name.Length > 64))
            throw Invalid("stoppedStoreOperators must hold store operator names of 1 to 64 characters.");
        if (switches.Notice is { Length: > ServiceSwitches.MaxNoticeLength } || switches.MunicipalityNotices?.Values.Any(n => n.Length > ServiceSwitches.MaxNoticeLength) == true)
            throw Invalid($"notice and municipalityNotices must be at most {ServiceSwitches.MaxNoticeLength} characters.");
        if (switches.MunicipalityNotices?.Keys.Any(code => !switches.StoppedMunicipalities.Contains(code)) == true)
            throw Invalid("municipalityNotices may name only stopped municipalities.");
        EnsureCurrent(switches.Version);
        var stopped = switches.StoppedMunicipalities.Distinct().Order().ToList();
        var anything = stopped.Count + switches.StoppedCertificateTypes.Count + switches.StoppedStoreOperators.Count > 0;
        return await SaveAsync(new ServiceSwitches(
            stopped,
            switches.StoppedCertificateTypes.Distinct().Order().ToList(),
            switches.StoppedStoreOperators.Distinct().Order().ToList(),
            // What kiosks and the status page show while something is stopped; nothing stopped, no notice.
            !anything || string.IsNullOrWhiteSpace(switches.Notice) ? null : switches.Notice.Trim(),
            Notices(switches.MunicipalityNotices ?? new Dictionary<string, string>())), actor, reason);
    }

    public async Task<ServiceSwitches> SetMunicipality(string municipalityCode, bool stopped, string notice, long expectedVersion, string actor)
    {
        await EnsureServedAsync(municipalityCode, "The municipality is not served here.");
        if (string.IsNullOrWhiteSpace(notice) || notice.Trim().Length > ServiceSwitches.MaxNoticeLength)
            throw Invalid($"A stop or resumption needs a reason of 1 to {ServiceSwitches.MaxNoticeLength} characters.");
        EnsureCurrent(expectedVersion);
        var current = state.State.Switches;
        var notices = new Dictionary<string, string>(current.MunicipalityNotices ?? new Dictionary<string, string>());
        notices.Remove(municipalityCode);
        // The reason of a stop is this municipality's own notice; a resumption's reason goes into the journal only.
        if (stopped) notices[municipalityCode] = notice.Trim();
        var municipalities = stopped ? current.StoppedMunicipalities.Append(municipalityCode).Distinct().Order().ToList()
            : current.StoppedMunicipalities.Where(m => m != municipalityCode).ToList();
        var anything = municipalities.Count + current.StoppedCertificateTypes.Count + current.StoppedStoreOperators.Count > 0;
        return await SaveAsync(current with { StoppedMunicipalities = municipalities, MunicipalityNotices = Notices(notices), Notice = anything ? current.Notice : null },
            actor, notice);
    }

    private void EnsureCurrent(long version)
    {
        if (version != state.State.Switches.Version)
            throw new IssuanceException(ErrorCodes.SwitchesChanged, $"The switches are at version {state.State.Switches.Version}, not {version}: read them again.");
    }

    private async Task EnsureServedAsync(string code, string message)
    {
        if (!ResidentKey.IsValidMunicipalityCode(code) || await GrainFactory.GetGrain<IMunicipalityGrain>(MunicipalityKeys.For(code)).Get() is null) throw Invalid(message);
    }

    private static IReadOnlyDictionary<string, string> Notices(IReadOnlyDictionary<string, string> notices) =>
        notices.Where(n => !string.IsNullOrWhiteSpace(n.Value)).ToDictionary(n => n.Key, n => n.Value.Trim(), StringComparer.Ordinal);

    private async Task<ServiceSwitches> SaveAsync(ServiceSwitches switches, string actor, string? reason)
    {
        var before = state.State.Switches;
        var next = state.State.Copy();
        next.Switches = switches with { Version = before.Version + 1 };
        var details = new Dictionary<string, string>
        {
            ["stoppedMunicipalities"] = string.Join(',', next.Switches.StoppedMunicipalities),
            ["stoppedCertificateTypes"] = string.Join(',', next.Switches.StoppedCertificateTypes),
            ["stoppedStoreOperators"] = string.Join(',', next.Switches.StoppedStoreOperators),
            ["version"] = next.Switches.Version.ToString(System.Globalization.CultureInfo.InvariantCulture),
        };
        if (!string.IsNullOrWhiteSpace(reason)) details["reason"] = reason.Trim();
        // Switches stop service everywhere: the cluster's chain keeps every change, and each municipality whose stop or
        // notice it changed, its own.
        var affected = next.Switches.StoppedMunicipalities.Union(before.StoppedMunicipalities)
            .Where(code => next.Switches.StoppedMunicipalities.Contains(code) != before.StoppedMunicipalities.Contains(code)
                || next.Switches.NoticeFor(code) != before.NoticeFor(code));
        var chains = affected.Prepend(Contracts.Journal.JournalNames.ClusterChain).Distinct();
        await Acts.SaveAsync(next, chains.Select(chain => PendingAct.For(chain, Contracts.Journal.JournalKinds.SwitchSet, actor, "stop switches", details)).ToArray());
        return state.State.Switches;
    }
}
