using System.Diagnostics.Metrics;
using CertOrleans.Grains.Time;
using CertOrleans.Pki.Revocation;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace CertOrleans.Grains.Cards;

/// <summary>What the card CA says of one card now.</summary>
public enum CardRevocationAnswer
{
    Good,
    Revoked,
    /// <summary>No verified, current list is in hand (none read yet, or the last one is past its nextUpdate): fail closed.</summary>
    Unavailable,
}

/// <summary>
/// The card CA's revocation list, held once per silo and read again every <see cref="CardRevocationOptions.RefreshInterval"/>
/// from the configured file: every card authentication asks it in memory, no flow fetches anything. A list is used only
/// when it verifies with the pinned card CA's key, and only until its nextUpdate; a file that is missing, damaged or
/// older than the one in hand changes nothing, so the last good list serves until it expires, and then no card is admitted.
/// </summary>
public sealed partial class CardRevocationList(CardTrust trust, IOptions<CardRevocationOptions> options, ServiceClock time, ILogger<CardRevocationList> logger)
{
    private readonly Lock gate = new();
    private VerifiedCrl? current;
    private (DateTime Written, long Length)? lastRead;

    /// <summary>The list in use, or null when none was ever read.</summary>
    public VerifiedCrl? Current => Volatile.Read(ref current);

    /// <summary>Whether a list is in hand and not past its nextUpdate (on the service's clock).</summary>
    public bool IsCurrent => Current is { } list && time.GetUtcNow() <= list.NextUpdate;

    public CardRevocationAnswer StatusOf(string serialHex)
    {
        var list = Current;
        if (list is null)
        {
            // Not read yet: a silo serves grain calls before the hosted services after it have started.
            Refresh();
            list = Current;
        }
        if (list is null || time.GetUtcNow() > list.NextUpdate) return CardRevocationAnswer.Unavailable;
        return list.IsRevoked(serialHex) ? CardRevocationAnswer.Revoked : CardRevocationAnswer.Good;
    }

    /// <summary>Reads the file again when it changed; keeps the list in hand unless the new one verifies and is not older.</summary>
    public void Refresh()
    {
        var file = options.Value.CrlFile!;
        lock (gate) RefreshFrom(file);
    }

    private void RefreshFrom(string file)
    {
        try
        {
            var info = new FileInfo(file);
            if (!info.Exists)
            {
                Problem(file, "the file does not exist");
                return;
            }
            if (lastRead == (info.LastWriteTimeUtc, info.Length) && Current is not null) return;
            if (info.Length > options.Value.MaxCrlBytes)
            {
                Problem(file, $"the file is larger than Cards:Revocation:MaxCrlBytes ({options.Value.MaxCrlBytes})");
                return;
            }
            var (list, error) = VerifiedCrl.Read(File.ReadAllBytes(file), trust.Root);
            lastRead = (info.LastWriteTimeUtc, info.Length);
            if (list is null)
            {
                Problem(file, error!);
                return;
            }
            if (Current is { } held && list.ThisUpdate < held.ThisUpdate)
            {
                Problem(file, "the list is older than the one in use (a replayed list)");
                return;
            }
            Volatile.Write(ref current, list);
            LogRead(logger, list.RevokedCount, list.ThisUpdate, list.NextUpdate);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            Problem(file, e.Message);
        }
    }

    private void Problem(string file, string problem)
    {
        var list = Current;
        if (list is not null && time.GetUtcNow() <= list.NextUpdate) LogKept(logger, file, problem, list.NextUpdate);
        else LogUnavailable(logger, file, problem);
    }

    [LoggerMessage(EventId = 3300, Level = LogLevel.Information, Message = "Card CA revocation list read: {Revoked} revoked, issued {ThisUpdate:o}, usable until {NextUpdate:o}")]
    private static partial void LogRead(ILogger logger, int revoked, DateTimeOffset thisUpdate, DateTimeOffset nextUpdate);

    [LoggerMessage(EventId = 3301, Level = LogLevel.Warning, Message = "Card CA revocation list {File} not taken ({Problem}); the list in hand serves until {NextUpdate:o}")]
    private static partial void LogKept(ILogger logger, string file, string problem, DateTimeOffset nextUpdate);

    [LoggerMessage(EventId = 3302, Level = LogLevel.Error, Message = "Card CA revocation list {File} not taken ({Problem}) and no current list is in hand: every card is refused (card-status-unavailable)")]
    private static partial void LogUnavailable(ILogger logger, string file, string problem);
}

/// <summary>
/// Reads the list at start, before the silo serves, and again every refresh interval (on the real clock). Publishes
/// until when the list in hand may be used (<c>certorleans_card_crl_usable_until_seconds</c>, Unix time): past it,
/// every card login is refused, so an operator is warned while a new list can still be published.
/// </summary>
public sealed class CardRevocationRefresher : BackgroundService
{
    private readonly CardRevocationList list;
    private readonly IOptions<CardRevocationOptions> options;

    public CardRevocationRefresher(CardRevocationList list, IOptions<CardRevocationOptions> options, IMeterFactory meters)
    {
        (this.list, this.options) = (list, options);
        meters.Create(Requests.IssuanceMetrics.MeterName).CreateObservableGauge("certorleans.card.crl.usable_until",
            () => list.Current is { } held ? [new Measurement<long>(held.NextUpdate.ToUnixTimeSeconds())] : Array.Empty<Measurement<long>>(),
            unit: "s", description: "Until when the card CA's revocation list in hand may be used (Unix time)");
    }

    public override Task StartAsync(CancellationToken cancellationToken)
    {
        list.Refresh();
        return base.StartAsync(cancellationToken);
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(options.Value.RefreshInterval);
        while (await timer.WaitForNextTickAsync(stoppingToken)) list.Refresh();
    }
}
