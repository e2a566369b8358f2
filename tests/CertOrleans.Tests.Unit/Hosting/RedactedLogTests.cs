using CertOrleans.Contracts.Cards;
using CertOrleans.Contracts.Residents;
using CertOrleans.ServiceDefaults.Logging;
using CertOrleans.ServiceDefaults;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Logging.Console;
using Microsoft.Extensions.Options;

namespace CertOrleans.Tests.Hosting;

/// <summary>Orleans names grains by their keys in its own log lines; a resident's key holds the resident number.</summary>
public sealed class RedactedLogTests
{
    private static readonly ResidentKey Resident = new("092011", "4000012");

    [Fact]
    public void Every_host_logs_only_through_the_redacting_console_format()
    {
        var builder = WebApplication.CreateBuilder();
        builder.AddServiceDefaults();
        using var app = builder.Build();
        Assert.IsType<ConsoleLoggerProvider>(Assert.Single(app.Services.GetServices<ILoggerProvider>()));
        Assert.Equal(RedactingConsoleFormatter.Name, app.Services.GetRequiredService<IOptionsMonitor<ConsoleLoggerOptions>>().CurrentValue.FormatterName);
        Assert.Contains(app.Services.GetServices<ConsoleFormatter>(), f => f is RedactingConsoleFormatter);
    }

    [Fact]
    public void Grain_keys_that_name_a_person_leave_the_process_as_pseudonyms()
    {
        var formatter = new RedactingConsoleFormatter(new StaticOptions(), new PersonalKeyRedactor());
        var household = HouseholdKeys.For("092011", "H-000042");
        var card = CardKeys.ForSerial("5A0F33C1");
        // The shape of Orleans' own messages: the target grain id in the text, again in the exception.
        var message = $"Response did not arrive on time for message: Request [S127.0.0.1:11111:1 sys.client]->[S127.0.0.1:11111:1 resident/{Resident.GrainKey}] " +
                      $"IResidentGrain.Prepare; also household/{household}, card/{card} and domicileregistration/{Contracts.Domiciles.DomicileRegistrationKeys.For(Resident)}";
        var output = new StringWriter();
        formatter.Write(new LogEntry<string>(LogLevel.Warning, "Orleans.Runtime.CallbackData", new EventId(100157), message, new TimeoutException($"grain resident/{Resident.GrainKey}"), (s, _) => s), null, output);
        var line = output.ToString();

        Assert.DoesNotContain("4000012", line);
        Assert.DoesNotContain("H-000042", line);
        Assert.DoesNotContain("5A0F33C1", line);
        Assert.Contains("resident/r092011-~", line);
        Assert.Contains("household/h092011-~", line);
        Assert.Contains("card/card-~", line);
        Assert.Contains("domicileregistration/d092011-~", line);
        // The same resident gets the same pseudonym within a process, so an operator can follow one grain's lines.
        var pseudonyms = System.Text.RegularExpressions.Regex.Matches(line, "r092011-~[0-9a-f]{10}").Select(m => m.Value).ToList();
        Assert.Equal(2, pseudonyms.Count);
        Assert.Single(pseudonyms.Distinct());
        // Certificate numbers and request ids are not personal and stay readable.
        var plain = new StringWriter();
        formatter.Write(new LogEntry<string>(LogLevel.Information, "CertOrleans", new EventId(1), "certificate 092011-20261126-V9GMPW0MXX printed", null, (s, _) => s), null, plain);
        Assert.Contains("092011-20261126-V9GMPW0MXX", plain.ToString());
    }

    private sealed class StaticOptions : IOptionsMonitor<ConsoleFormatterOptions>
    {
        public ConsoleFormatterOptions CurrentValue { get; } = new() { UseUtcTimestamp = true };

        public ConsoleFormatterOptions Get(string? name) => CurrentValue;

        public IDisposable? OnChange(Action<ConsoleFormatterOptions, string?> listener) => null;
    }
}
