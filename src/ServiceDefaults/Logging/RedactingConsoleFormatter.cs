using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Logging.Console;
using Microsoft.Extensions.Options;

namespace CertOrleans.ServiceDefaults.Logging;

/// <summary>
/// The one console format of every CertOrleans process: one line per entry (UTC time, level, category, event id,
/// message), then the exception. Everything, our messages and Orleans' own (which name grains by their keys), passes
/// through the <see cref="PersonalKeyRedactor"/> on its way out, so no resident number reaches a log line.
/// </summary>
public sealed class RedactingConsoleFormatter(IOptionsMonitor<ConsoleFormatterOptions> options, PersonalKeyRedactor redactor)
    : ConsoleFormatter(Name)
{
    public new const string Name = "certorleans";

    public override void Write<TState>(in LogEntry<TState> logEntry, IExternalScopeProvider? scopeProvider, TextWriter textWriter)
    {
        var message = logEntry.Formatter(logEntry.State, null);
        if (string.IsNullOrEmpty(message) && logEntry.Exception is null) return;
        var time = (options.CurrentValue.UseUtcTimestamp ? DateTimeOffset.UtcNow : DateTimeOffset.Now).ToString("yyyy-MM-ddTHH:mm:ss.fffzzz", System.Globalization.CultureInfo.InvariantCulture);
        var line = $"{time} {Level(logEntry.LogLevel)} {logEntry.Category}[{logEntry.EventId.Id}] {message}";
        if (logEntry.Exception is { } exception) line += Environment.NewLine + exception;
        textWriter.WriteLine(redactor.Redact(line));
    }

    private static string Level(LogLevel level) => level switch
    {
        LogLevel.Trace => "trce",
        LogLevel.Debug => "dbug",
        LogLevel.Information => "info",
        LogLevel.Warning => "warn",
        LogLevel.Error => "fail",
        LogLevel.Critical => "crit",
        _ => "none",
    };
}

public static class RedactedLoggingExtensions
{
    /// <summary>
    /// Console logging through <see cref="RedactingConsoleFormatter"/> and nothing else: the framework's other
    /// providers (debug, event source) would see the text before redaction.
    /// </summary>
    public static ILoggingBuilder AddRedactedConsole(this ILoggingBuilder logging)
    {
        logging.ClearProviders();
        logging.Services.AddSingleton<PersonalKeyRedactor>();
        logging.AddConsole(o => o.FormatterName = RedactingConsoleFormatter.Name);
        logging.AddConsoleFormatter<RedactingConsoleFormatter, ConsoleFormatterOptions>(o => o.UseUtcTimestamp = true);
        return logging;
    }
}
