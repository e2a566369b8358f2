using Orleans.Concurrency;
using CertOrleans.Contracts.Certificates;
using CertOrleans.Storage.Journal;

namespace CertOrleans.Grains.Verification;

/// <summary>Answers the void list from the lifecycle journal; holds nothing, so any silo may run as many as it needs.</summary>
[StatelessWorker]
public sealed class CertificateStandingGrain(ILifecycleJournal journal) : Grain, ICertificateStandingGrain
{
    public Task<CertificateStanding> GetStanding(string certificateNumber) => journal.FindCertificateAsync(certificateNumber);

    public async Task<VoidList> GetVoidList(string municipalityCode) =>
        await GrainFactory.GetGrain<Contracts.Signing.IIssuingKeysGrain>(Contracts.Signing.IssuingKeyNames.For(municipalityCode))
            .SignVoidList(await journal.VoidCertificateNumbersAsync(municipalityCode));
}
