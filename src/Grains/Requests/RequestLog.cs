using CertOrleans.Contracts.Requests;
using Microsoft.Extensions.Logging;

namespace CertOrleans.Grains.Requests;

/// <summary>
/// Everything an issuance request logs, with stable event ids (3000–3099) for alerting. Only request ids,
/// terminal ids, outcomes and codes: never a name, an address or a resident number. A request's start, end and
/// refusal are at Debug: the lifecycle journal records every one of them, and writing them to the console cost
/// about 5 % of the silo's CPU under load (docs/benchmarks.md); warnings and errors are what alerting needs.
/// </summary>
public static partial class RequestLog
{
    [LoggerMessage(EventId = 3000, Level = LogLevel.Debug, Message = "Request {RequestId} started at terminal {TerminalId}")]
    public static partial void Started(ILogger logger, string requestId, string terminalId);

    [LoggerMessage(EventId = 3001, Level = LogLevel.Debug, Message = "Request {RequestId} at terminal {TerminalId} ended {Outcome} ({FailureCode}); state wiped")]
    public static partial void Ended(ILogger logger, string requestId, string terminalId, RequestOutcome outcome, string? failureCode);

    [LoggerMessage(EventId = 3002, Level = LogLevel.Debug, Message = "A start at terminal {TerminalId} was refused ({Code}); nothing was recorded")]
    public static partial void Refused(ILogger logger, string terminalId, string code);

    [LoggerMessage(EventId = 3010, Level = LogLevel.Warning, Message = "Request {RequestId} touched by terminal {TerminalId}, which did not start it")]
    public static partial void TerminalMismatch(ILogger logger, string requestId, string terminalId);

    [LoggerMessage(EventId = 3020, Level = LogLevel.Warning, Message = "Request {RequestId}: the request register cannot be written ({Error})")]
    public static partial void RegisterUnavailable(ILogger logger, string requestId, string error);

    [LoggerMessage(EventId = 3021, Level = LogLevel.Warning, Message = "Request {RequestId}: lifecycle record not written (attempt {Attempt}, {Error}); retrying")]
    public static partial void JournalRetry(ILogger logger, string requestId, int attempt, string error);

    [LoggerMessage(EventId = 3022, Level = LogLevel.Warning, Message = "Request {RequestId} had already been closed by the sweeper; its end was not recorded twice")]
    public static partial void AlreadyClosed(ILogger logger, string requestId);

    [LoggerMessage(EventId = 3023, Level = LogLevel.Error, Message = "Request {RequestId} was printed after the sweeper had recorded it expired: check the silos' clocks (the record says expired and the fee is refunded)")]
    public static partial void PrintedAfterSweep(ILogger logger, string requestId);

    [LoggerMessage(EventId = 3024, Level = LogLevel.Warning, Message = "The holder's journal pseudonym could not be made ({Error}); the request is recorded without it")]
    public static partial void HolderUnknown(ILogger logger, string error);
}
