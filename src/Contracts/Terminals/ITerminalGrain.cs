namespace CertOrleans.Contracts.Terminals;

/// <summary>A store kiosk terminal known to the service, keyed by its terminal id (the CN of its TLS client certificate).</summary>
[Alias("certorleans.terminal")]
public interface ITerminalGrain : IGrainWithStringKey
{
    [Alias("register")]
    Task Register(TerminalRegistration registration, string actor);

    [Alias("suspend")]
    Task Suspend(string actor);

    [Alias("resume")]
    Task Resume(string actor);

    [Alias("status"), ReadOnly]
    Task<TerminalStatus> GetStatus();

    /// <summary>
    /// The status for a request starting (or checking again) on this terminal; while the terminal is active the request
    /// is told of every change to it for <paramref name="watchFor"/> (its lifetime), so its later steps need not ask.
    /// </summary>
    [Alias("admit")]
    Task<TerminalStatus> Admit(string requestId, TimeSpan watchFor);
}

[GenerateSerializer, Immutable, Alias("certorleans.terminal-registration")]
public sealed record TerminalRegistration(
    [property: Id(0)] string StoreOperator,
    [property: Id(1)] string StoreName);

[GenerateSerializer, Immutable, Alias("certorleans.terminal-status")]
public sealed record TerminalStatus(
    [property: Id(0)] bool Known,
    [property: Id(1)] bool Suspended,
    [property: Id(2)] string? StoreOperator)
{
    /// <summary>Why this terminal may not be served (not registered, or suspended), or null: the one rule, for the gateway and the request grain.</summary>
    public Requests.IssuanceException? Refusal() =>
        !Known ? new(Requests.ErrorCodes.TerminalUnknown, "This terminal is not registered.")
        : Suspended ? new(Requests.ErrorCodes.TerminalSuspended, "This terminal is suspended.")
        : null;
}
