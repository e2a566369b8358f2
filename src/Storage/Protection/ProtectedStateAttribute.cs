using System.Reflection;
using CertOrleans.Contracts.Keys;
using Microsoft.Extensions.DependencyInjection;
using Orleans.Runtime;
using Orleans.Serialization;

namespace CertOrleans.Storage.Protection;

/// <summary>
/// Marks a grain constructor parameter of type <see cref="ProtectedState{T}"/>: the grain's personal data,
/// stored sealed under its state name, opened when the grain activates. The municipality whose data key seals
/// it comes from the grain's key, and the seal is bound to <c>{state name}|{grain key}</c>.
/// </summary>
[AttributeUsage(AttributeTargets.Parameter)]
public sealed class ProtectedStateAttribute(string stateName) : Attribute, IFacetMetadata, IPersistentStateConfiguration
{
    public string StateName => stateName;

    public string StorageName => StorageNames.Default;
}

/// <summary>Makes the <see cref="ProtectedState{T}"/> a <see cref="ProtectedStateAttribute"/> asks for (registered once per silo).</summary>
public sealed class ProtectedStateAttributeMapper : IAttributeToFactoryMapper<ProtectedStateAttribute>
{
    private static readonly MethodInfo CreateOf = typeof(ProtectedStateAttributeMapper).GetMethod(nameof(Create), BindingFlags.NonPublic | BindingFlags.Static)!;

    public Factory<IGrainContext, object> GetFactory(ParameterInfo parameter, ProtectedStateAttribute metadata)
    {
        var type = parameter.ParameterType;
        if (!type.IsGenericType || type.GetGenericTypeDefinition() != typeof(ProtectedState<>))
            throw new ArgumentException($"[ProtectedState] needs a parameter of type ProtectedState<T>, not {type.Name}.", parameter.Name);
        var create = CreateOf.MakeGenericMethod(type.GetGenericArguments()).CreateDelegate<Func<IGrainContext, ProtectedStateAttribute, object>>();
        return context => create(context, metadata);
    }

    private static object Create<T>(IGrainContext context, ProtectedStateAttribute metadata) where T : class, new()
    {
        var services = context.ActivationServices;
        var storage = services.GetRequiredService<IPersistentStateFactory>().Create<SealedState>(context, metadata);
        var key = context.GrainId.Key.ToString()!;
        var state = new ProtectedState<T>(storage, services.GetRequiredService<DataKeyStore>(), services.GetRequiredService<Serializer>(),
            MunicipalityOfKey.Parse(key), ProtectedState<T>.OwnerOf(metadata.StateName, key));
        // After the storage provider has read the sealed row (SetupState), before the grain's own activation.
        context.ObservableLifecycle.Subscribe($"protected-state-{metadata.StateName}", GrainLifecycleStage.SetupState + 1, _ => state.LoadAsync());
        return state;
    }
}
