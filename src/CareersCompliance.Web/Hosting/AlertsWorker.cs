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
/// import of many files leads to one evaluation), and at start. The daily evaluation and digests are a scheduled Wolverine
/// message (<see cref="EvaluateAlertsDaily"/>); this worker makes sure one is scheduled, at start and every hour. Any
/// number of hosts may run it: evaluations take a database advisory lock. Delivery is Wolverine's (AlertMessaging).
/// Careers:RunAlertsWorker turns it on or off (default: as Careers:RunLedgerWorker); Careers:Alerts:PollMilliseconds (2000)
/// and Careers:Alerts:DebounceMilliseconds (10000) tune the trigger.
/// </summary>
internal sealed partial class AlertsWorker(CareersRuntime runtime, AlertCenter alerts, IClock clock, IConfiguration configuration, ILogger<AlertsWorker> logger)
    : BackgroundService
{
    private static readonly Duration ScheduleCheckEvery = Duration.FromHours(1);

    private long _checkedUpTo = -1;
    private Instant? _scheduleCheckedAt;

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
        var now = clock.GetCurrentInstant();
        if (_scheduleCheckedAt is null || now - _scheduleCheckedAt >= ScheduleCheckEvery)
        {
            // Why also here: a run that failed for good (dead-lettered) would otherwise end the daily chain.
            await alerts.ScheduleNextDailyEvaluationAsync(null, ct);
            _scheduleCheckedAt = now;
        }

        if (_checkedUpTo < 0)
        {
            // Why at start: conditions may have started or cleared while no host was running.
            var sealedUpTo = await HeadAsync(ct);
            if (await EvaluateAsync(ct))
            {
                _checkedUpTo = sealedUpTo;
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
        if (await EvaluateAsync(ct))
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

    /// <summary>Evaluates as of today; false when another host is evaluating (its evaluation covers the same events).</summary>
    private async Task<bool> EvaluateAsync(CancellationToken ct)
    {
        if (await alerts.EvaluateExclusiveAsync(null, wait: false, ct) is not { } s)
        {
            return false;
        }

        LogEvaluated(logger, s.AsOf, s.Raised, s.ReRaised, s.Resolved, s.StillOpen);
        return true;
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
        Message = "Alerts evaluated as of {AsOf}: raised {Raised}, re-raised {ReRaised}, resolved {Resolved}, still open {StillOpen}")]
    private static partial void LogEvaluated(ILogger logger, LocalDate asOf, int raised, int reRaised, int resolved, int stillOpen);

    [LoggerMessage(Level = LogLevel.Error, Message = "Alert evaluation failed; it is tried again at the next poll")]
    private static partial void LogEvaluationFailed(ILogger logger, Exception exception);
}
