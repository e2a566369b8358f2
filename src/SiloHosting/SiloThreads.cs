namespace CertOrleans.SiloHosting;

/// <summary>
/// Microsoft.Data.Sqlite's "async" calls complete synchronously, so every storage operation holds a thread
/// pool thread for its whole duration. With the default minimum (one thread per core) a burst of grain
/// writes starves the pool and the runtime adds threads only slowly; a higher floor keeps writes flowing.
/// </summary>
public static class SiloThreads
{
    public static void Configure(int minimum = 64)
    {
        ThreadPool.GetMinThreads(out var worker, out var completion);
        ThreadPool.SetMinThreads(Math.Max(worker, minimum), Math.Max(completion, minimum));
    }
}
