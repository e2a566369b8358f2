using CertOrleans.Contracts.Municipalities;
using CertOrleans.Contracts.Residents;
using CertOrleans.Contracts.Signing;

namespace CertOrleans.Contracts.Keys;

/// <summary>Which municipality a grain's data belongs to, from its key: the key types are the only ones that know their shape.</summary>
public static class MunicipalityOfKey
{
    public static string Parse(string grainKey) => grainKey switch
    {
        ['r', ..] => ResidentKey.Parse(grainKey).MunicipalityCode,
        ['f', ..] => FamilyRegisterKeys.Parse(grainKey).MunicipalityCode,
        ['h', ..] => HouseholdKeys.Parse(grainKey).MunicipalityCode,
        ['k', ..] => IssuingKeyNames.Parse(grainKey),
        // The cluster's own journal has a data key of its own, under the name "cluster".
        ['j', ..] => Journal.JournalNames.Parse(grainKey),
        ['m', ..] => MunicipalityKeys.Parse(grainKey),
        // The console's cookie keys are sealed with the cluster's data key, like its journal.
        Sessions.IConsoleKeyRingGrain.Key => Journal.JournalNames.ClusterChain,
        ['d', ..] => Domiciles.DomicileRegistrationKeys.Parse(grainKey).MunicipalityCode,
        _ => throw new FormatException($"'{grainKey}' is not the key of a grain that holds one municipality's data."),
    };
}
