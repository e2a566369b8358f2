using Microsoft.Extensions.DependencyInjection;
using Orleans.Storage;

namespace CertOrleans.SiloHosting;

/// <summary>
/// The grain storage with the store's failures turned into <c>store-unavailable</c> where they happen. The call filter
/// (<see cref="StoreFailureFilter"/>) never sees a grain whose state could not be read at activation: that failure
/// went back to the caller as the database driver's own exception, which no client can deserialize (the gateway saw
/// a CodecNotFoundException during a failover). Orleans wraps what a storage provider throws in an OrleansException;
/// the code inside it is one every client can read.
/// </summary>
public sealed class StoreFailureStorage(IGrainStorage inner) : IGrainStorage, ILifecycleParticipant<ISiloLifecycle>
{
    public Task ReadStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState) =>
        Guard(() => inner.ReadStateAsync(stateName, grainId, grainState));

    public Task WriteStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState) =>
        Guard(() => inner.WriteStateAsync(stateName, grainId, grainState));

    public Task ClearStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState) =>
        Guard(() => inner.ClearStateAsync(stateName, grainId, grainState));

    /// <summary>The provider initialises itself in the silo's lifecycle; it still does, through its wrapper.</summary>
    public void Participate(ISiloLifecycle lifecycle) => (inner as ILifecycleParticipant<ISiloLifecycle>)?.Participate(lifecycle);

    private static async Task Guard(Func<Task> operation)
    {
        try
        {
            await operation();
        }
        catch (Exception ex) when (StoreFailureFilter.IsFromStore(ex))
        {
            throw StoreFailureFilter.Unavailable();
        }
    }

    /// <summary>Wraps the grain storage registered under <paramref name="name"/> (registered before this is called).</summary>
    public static void Wrap(IServiceCollection services, string name)
    {
        var registered = services.Last(d => d.ServiceType == typeof(IGrainStorage) && d.IsKeyedService && Equals(d.ServiceKey, name));
        var factory = registered.KeyedImplementationFactory
            ?? throw new InvalidOperationException($"The grain storage '{name}' is not registered by a factory, so it cannot be wrapped.");
        services.Remove(registered);
        services.AddKeyedSingleton<IGrainStorage>(name, (provider, key) => new StoreFailureStorage((IGrainStorage)factory(provider, key)));
    }
}
