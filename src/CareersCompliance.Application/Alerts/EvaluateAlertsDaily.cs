using NodaTime;
using NodaTime.Text;
using Wolverine.Attributes;

namespace CareersCompliance.Application.Alerts;

/// <summary>
/// The daily evaluation and digests for one Europe/London date, a scheduled message on Wolverine's durable inbox: it runs
/// at 00:05 that day on whichever host is up (or as soon as one starts, if none was), and its handler schedules the next.
/// </summary>
/// <param name="Date">The date, ISO (yyyy-MM-dd).</param>
[MessageIdentity(StoredName)]
public sealed record EvaluateAlertsDaily(string Date)
{
    public const string StoredName = "evaluate-alerts-daily";

    // Why a few minutes past midnight: the day's date has changed everywhere and the sealer has caught up the night's imports.
    public static LocalTime RunsAt { get; } = new(0, 5);

    public LocalDate Day => LocalDatePattern.Iso.Parse(Date).GetValueOrThrow();

    public static EvaluateAlertsDaily For(LocalDate date) => new(LocalDatePattern.Iso.Format(date));

    /// <summary>The first run strictly after <paramref name="now"/>.</summary>
    public static EvaluateAlertsDaily NextAfter(Instant now)
    {
        var local = now.InZone(NonComplianceAlertProcessor.London);
        return For(local.TimeOfDay < RunsAt ? local.Date : local.Date.PlusDays(1));
    }

    /// <summary>When this date's run is due.</summary>
    public Instant DueAt => Day.At(RunsAt).InZoneLeniently(NonComplianceAlertProcessor.London).ToInstant();
}

/// <summary>Wolverine's handler: evaluates as of the date, queues the day's digests, and schedules the next day's run.</summary>
public sealed class EvaluateAlertsDailyHandler(AlertCenter alerts)
{
    public async Task HandleAsync(EvaluateAlertsDaily message, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(message);
        await alerts.EvaluateExclusiveAsync(message.Day, wait: true, ct);
        await alerts.ComposeDigestsAsync(message.Day, ct);
        await alerts.ScheduleNextDailyEvaluationAsync(message.Day, ct);
    }
}
