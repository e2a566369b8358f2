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
        foreach (var code in switches.StoppedMunicipalities)
        {
            if (!ResidentKey.IsValidMunicipalityCode(code) || await GrainFactory.GetGrain<IMunicipalityGrain>(MunicipalityKeys.For(code)).Get() is null)
                throw Invalid("stoppedMunicipalities must hold codes of municipalities served here.");
        }
        if (switches.StoppedCertificateTypes.Any(type => !CertificateTypes.TryParse(type, out _)))
            throw Invalid("stoppedCertificateTypes must hold certificate type codes (juminhyo, inkan, …).");
        if (switches.StoppedStoreOperators.Any(name => string.IsNullOrWhiteSpace(name) || name.Length > 64))
            throw Invalid("stoppedStoreOperators must hold store operator names of 1 to 64 characters.");
        if (switches.Notice is { Length: > ServiceSwitches.MaxNoticeLength })
            throw Invalid($"notice must be at most {ServiceSwitches.MaxNoticeLength} characters.");
        var next = state.State.Copy();
        next.Switches = new ServiceSwitches(
            switches.StoppedMunicipalities.Distinct().Order().ToList(),
            switches.StoppedCertificateTypes.Distinct().Order().ToList(),
            switches.StoppedStoreOperators.Distinct().Order().ToList(),
            // What kiosks and the status page show while something is stopped; nothing stopped, no notice.
            switches.StoppedMunicipalities.Count + switches.StoppedCertificateTypes.Count + switches.StoppedStoreOperators.Count == 0 || string.IsNullOrWhiteSpace(switches.Notice)
                ? null : switches.Notice.Trim());
        // Switches stop service everywhere: the cluster's chain keeps every change, and each municipality stopped or
        // resumed by it, its own.
        var details = new Dictionary<string, string>
        {
            ["stoppedMunicipalities"] = string.Join(',', next.Switches.StoppedMunicipalities),
            ["stoppedCertificateTypes"] = string.Join(',', next.Switches.StoppedCertificateTypes),
            ["stoppedStoreOperators"] = string.Join(',', next.Switches.StoppedStoreOperators),
        };
        if (!string.IsNullOrWhiteSpace(reason)) details["reason"] = reason.Trim();
        var chains = next.Switches.StoppedMunicipalities.Union(state.State.Switches.StoppedMunicipalities).Prepend(Contracts.Journal.JournalNames.ClusterChain).Distinct();
        await Acts.SaveAsync(next, chains.Select(chain => PendingAct.For(chain, Contracts.Journal.JournalKinds.SwitchSet, actor, "stop switches", details)).ToArray());
        return state.State.Switches;
    }
}
