using CertOrleans.Contracts.Operations;
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

    public async Task<ServiceSwitches> Set(ServiceSwitches switches)
    {
        await state.SaveAsync(new ServiceSwitchState
        {
            Switches = new ServiceSwitches(
                switches.StoppedMunicipalities.Distinct().Order().ToList(),
                switches.StoppedCertificateTypes.Distinct().Order().ToList(),
                switches.StoppedStoreOperators.Distinct().Order().ToList()),
        });
        return state.State.Switches;
    }
}
