using System.Text.Json;
using CertOrleans.Contracts.Requests;
using Microsoft.AspNetCore.Diagnostics;

namespace CertOrleans.Gateway.Problems;

/// <summary>Turns every exception that reaches the pipeline into problem+json; nothing escapes as a bare 500 page.</summary>
public sealed partial class IssuanceExceptionHandler(ILogger<IssuanceExceptionHandler> logger) : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext context, Exception exception, CancellationToken cancellationToken)
    {
        var (code, detail) = exception switch
        {
            IssuanceException issuance => (issuance.Code, issuance.Message),
            // A grain whose state could not be read as it activated: Orleans wraps the store's answer.
            OrleansException { InnerException: IssuanceException wrapped } => (wrapped.Code, wrapped.Message),
            BadHttpRequestException { InnerException: JsonException json } => (GatewayErrorCodes.MalformedRequest, JsonDetail(json)),
            BadHttpRequestException { StatusCode: 415 } => (GatewayErrorCodes.UnsupportedMediaType, (string?)null),
            BadHttpRequestException { StatusCode: 413 } => (GatewayErrorCodes.PayloadTooLarge, (string?)null),
            BadHttpRequestException bad => (GatewayErrorCodes.MalformedRequest, bad.Message),
            // A silo failure whose exception could not even be carried here (CodecNotFound) is still a silo failure.
            TimeoutException or OrleansException or OperationCanceledException or Orleans.Serialization.CodecNotFoundException
                => (GatewayErrorCodes.ServiceUnavailable, (string?)null),
            _ => (GatewayErrorCodes.InternalError, (string?)null),
        };
        // A bug is an error; a silo that is down or restarting is expected during a fault and answered 503.
        if (code == GatewayErrorCodes.InternalError) LogUnhandled(logger, exception.GetType().Name, context.Request.Path);
        else if (code == GatewayErrorCodes.ServiceUnavailable) LogUnavailable(logger, exception.GetType().Name, context.Request.Path);
        await ProblemResults.WriteAsync(context, code, detail, (exception as IssuanceException)?.NextOpening, (exception as IssuanceException)?.Notice);
        return true;
    }

    // The JSON reader's message names the path and position, never the values.
    private static string JsonDetail(JsonException json) =>
        json.Path is { Length: > 0 } path ? $"Invalid JSON at {path}." : "The body is not valid JSON.";

    [LoggerMessage(EventId = 5000, Level = LogLevel.Error, Message = "Unhandled {ExceptionType} on {Path}")]
    private static partial void LogUnhandled(ILogger logger, string exceptionType, string path);

    [LoggerMessage(EventId = 5001, Level = LogLevel.Warning, Message = "Cluster unavailable ({ExceptionType}) on {Path}; answered service-unavailable")]
    private static partial void LogUnavailable(ILogger logger, string exceptionType, string path);
}
