using CertOrleans.Contracts.Certificates;
using CertOrleans.Contracts.Municipalities;
using CertOrleans.Contracts.Operations;
using CertOrleans.Contracts.Requests;
using CertOrleans.Contracts.Residents;
using CertOrleans.Grains.Time;
using CertOrleans.Storage;

namespace CertOrleans.Grains.Operations;

[GenerateSerializer, Alias("certorleans.service-switch-state")]
public sealed class ServiceSwitchState
{
    [Id(0)] public ServiceSwitches Switches { get; set; } = ServiceSwitches.AllRunning;
}

public sealed class ServiceSwitchGrain(
    [PersistentState("service-switch", StorageNames.Default)] IPersistentState<ServiceSwitchState> state) : Grain, IServiceSwitchGrain
{
    public Task<ServiceSwitches> Get() => Task.FromResult(state.State.Switches);

    private static IssuanceException Invalid(string message) => new(ErrorCodes.InvalidConfiguration, message);

    public async Task<ServiceSwitches> Set(ServiceSwitches switches)
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
        await state.SaveAsync(new ServiceSwitchState
        {
            Switches = new ServiceSwitches(
                switches.StoppedMunicipalities.Distinct().Order().ToList(),
                switches.StoppedCertificateTypes.Distinct().Order().ToList(),
                switches.StoppedStoreOperators.Distinct().Order().ToList(),
                // What kiosks and the status page show while something is stopped; nothing stopped, no notice.
                switches.StoppedMunicipalities.Count + switches.StoppedCertificateTypes.Count + switches.StoppedStoreOperators.Count == 0 || string.IsNullOrWhiteSpace(switches.Notice)
                    ? null : switches.Notice.Trim()),
        });
        return state.State.Switches;
    }
}
