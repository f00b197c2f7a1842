using CareersCompliance.Application;
using CareersCompliance.Application.Alerts;
using NodaTime;
using Npgsql;

namespace CareersCompliance.Web.Hosting;

/// <summary>Registers the alert centre (pages) and the alerts worker.</summary>
public static class AlertsHosting
{
    public static IServiceCollection AddCareersAlerts(this IServiceCollection services)
    {
        // Why every host delivers: Wolverine's durable inbox shares the deliveries among the hosts and moves a dead host's on.
        services.AddAlertDelivery(AlertOptions.FromEnvironment());
        services.AddHostedService<AlertsWorker>();
        return services;
    }
}

/// <summary>
/// Runs the alert evaluator when the sealed ledger head moves past events other than the alerts' own (debounced, so an
/// import of many files leads to one evaluation), and once a day after midnight Europe/London (then also the daily digests).
/// Any number of hosts may run it: evaluations take a database advisory lock. Delivery is Wolverine's (AlertMessaging). Careers:RunAlertsWorker turns it on or off (default: as Careers:RunLedgerWorker);
/// Careers:Alerts:PollMilliseconds (2000) and Careers:Alerts:DebounceMilliseconds (10000) tune the trigger.
/// </summary>
internal sealed partial class AlertsWorker(CareersRuntime runtime, AlertCenter alerts, IClock clock, IConfiguration configuration, ILogger<AlertsWorker> logger)
    : BackgroundService
{
    // Why a fixed key: all hosts of one database must agree on it; advisory locks are per database.
    private const long EvaluationLockKey = 7220601;

    // Why a few minutes past midnight: the day's date has changed everywhere and the sealer has caught up the night's imports.
    private static readonly LocalTime DailyAt = new(0, 5);

    private long _checkedUpTo = -1;
    private LocalDate? _dailyDoneFor;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!configuration.GetValue("Careers:RunAlertsWorker", configuration.GetValue("Careers:RunLedgerWorker", defaultValue: true)))
        {
            return;
        }

        var poll = TimeSpan.FromMilliseconds(configuration.GetValue("Careers:Alerts:PollMilliseconds", 2000));
        var debounce = TimeSpan.FromMilliseconds(configuration.GetValue("Careers:Alerts:DebounceMilliseconds", 10_000));
        try
        {
            await EvaluateLoopAsync(poll, debounce, stoppingToken);
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Shutting down.
        }
    }

    /// <summary>One pass of the trigger: the daily evaluation when due, else an evaluation when relevant events were sealed.</summary>
    private async Task TickAsync(TimeSpan debounce, CancellationToken ct)
    {
        var now = clock.GetCurrentInstant().InZone(NonComplianceAlertProcessor.London);
        if (_dailyDoneFor is null || (now.Date > _dailyDoneFor && now.TimeOfDay >= DailyAt))
        {
            // Why also at start: conditions may have started or cleared while no host was running.
            var sealedUpTo = await HeadAsync(ct);
            if (await EvaluateAsync(now.Date, digests: _dailyDoneFor is not null, ct))
            {
                (_dailyDoneFor, _checkedUpTo) = (now.Date, sealedUpTo);
            }

            return;
        }

        var head = await HeadAsync(ct);
        if (head <= _checkedUpTo || !await RelevantSinceAsync(_checkedUpTo, head, ct))
        {
            _checkedUpTo = Math.Max(_checkedUpTo, head);
            return;
        }

        // Why wait: the rest of an import (more files, more transactions) arrives within seconds; evaluate once for all of it.
        await Task.Delay(debounce, ct);
        // Why move the mark only after success: a failed evaluation, or another host's one that began before these events,
        // leaves them to be found again at the next poll.
        var upTo = await HeadAsync(ct);
        if (await EvaluateAsync(null, digests: false, ct))
        {
            _checkedUpTo = upTo;
        }
    }

    private async Task EvaluateLoopAsync(TimeSpan poll, TimeSpan debounce, CancellationToken ct)
    {
        while (!ct.IsCancellationRequested)
        {
            try
            {
                await TickAsync(debounce, ct);
            }
            catch (Exception e) when (e is not OperationCanceledException || !ct.IsCancellationRequested)
            {
                // Why carry on: a database outage or a conflicting evaluation elsewhere must not end evaluation for good.
                LogEvaluationFailed(logger, e);
            }

            await Task.Delay(poll, ct);
        }
    }

    /// <summary>Evaluates under the advisory lock; false when another host holds it (that host's evaluation covers the same events).</summary>
    private async Task<bool> EvaluateAsync(LocalDate? daily, bool digests, CancellationToken ct)
    {
        await using var connection = await runtime.App.OpenConnectionAsync(ct);
        await using (var take = new NpgsqlCommand("SELECT pg_try_advisory_lock($1)", connection))
        {
            take.Parameters.Add(new NpgsqlParameter<long> { TypedValue = EvaluationLockKey });
            if (await take.ExecuteScalarAsync(ct) is not true)
            {
                return false;
            }
        }

        try
        {
            var s = await alerts.Processor.EvaluateAsync(daily, ct);
            var queued = digests && daily is { } date ? await alerts.ComposeDigestsAsync(date, ct) : 0;
            LogEvaluated(logger, s.AsOf, s.Raised, s.ReRaised, s.Resolved, s.StillOpen, queued);
            return true;
        }
        finally
        {
            await using var release = new NpgsqlCommand("SELECT pg_advisory_unlock($1)", connection);
            release.Parameters.Add(new NpgsqlParameter<long> { TypedValue = EvaluationLockKey });
            await release.ExecuteScalarAsync(CancellationToken.None);
        }
    }

    private async Task<long> HeadAsync(CancellationToken ct)
    {
        await using var command = runtime.App.CreateCommand("SELECT position FROM es.ledger_head WHERE id = 1");
        return await command.ExecuteScalarAsync(ct) is long position ? position : 0;
    }

    // Why exclude the alerts' own events: raising and delivering alerts must not trigger another evaluation.
    private async Task<bool> RelevantSinceAsync(long after, long upTo, CancellationToken ct)
    {
        await using var command = runtime.App.CreateCommand(
            @"SELECT EXISTS (SELECT 1 FROM es.ledger WHERE position > $1 AND position <= $2 AND event_type NOT LIKE 'alert\_%')");
        command.Parameters.Add(new NpgsqlParameter<long> { TypedValue = after });
        command.Parameters.Add(new NpgsqlParameter<long> { TypedValue = upTo });
        return await command.ExecuteScalarAsync(ct) is true;
    }

    [LoggerMessage(Level = LogLevel.Information,
        Message = "Alerts evaluated as of {AsOf}: raised {Raised}, re-raised {ReRaised}, resolved {Resolved}, still open {StillOpen}; {Digests} digest(s) queued")]
    private static partial void LogEvaluated(ILogger logger, LocalDate asOf, int raised, int reRaised, int resolved, int stillOpen, int digests);

    [LoggerMessage(Level = LogLevel.Error, Message = "Alert evaluation failed; it is tried again at the next poll")]
    private static partial void LogEvaluationFailed(ILogger logger, Exception exception);
}
