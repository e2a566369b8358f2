using System.Data.Common;
using CertOrleans.Contracts.Requests;

namespace CertOrleans.SiloHosting;

/// <summary>
/// A database that is restarting must reach the kiosk as "try again shortly", not as an exception type the
/// gateway cannot even deserialize: any grain call that fails on the store answers <c>store-unavailable</c>.
/// The database's message stays in the silo's log (it can quote values; the kiosk never sees it).
/// </summary>
public sealed class StoreFailureFilter : IIncomingGrainCallFilter
{
    public async Task Invoke(IIncomingGrainCallContext context)
    {
        try
        {
            await context.Invoke();
        }
        catch (Exception ex) when (IsFromStore(ex))
        {
            throw Unavailable();
        }
        catch (Orleans.Runtime.OrleansException ex) when (ex.InnerException is IssuanceException { Code: ErrorCodes.StoreUnavailable } unavailable)
        {
            // Orleans wraps what the grain storage threw (StoreFailureStorage): the caller hears the code itself.
            throw unavailable;
        }
    }

    public static IssuanceException Unavailable() => new(ErrorCodes.StoreUnavailable, "The store cannot be reached just now; try again shortly.");

    /// <summary>Whether the store failed, anywhere in the exception's chain (the silo's start retries on the same test).</summary>
    public static bool IsFromStore(Exception? ex)
    {
        for (; ex is not null; ex = ex.InnerException)
            if (ex is DbException) return true;
        return false;
    }
}
