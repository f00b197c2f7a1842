using System.Diagnostics;
using CareersCompliance.Application.Alerts;
using CareersCompliance.Domain.Alerts;
using NodaTime;
using NodaTime.Testing;

namespace CareersCompliance.Alerts.IntegrationTests;

/// <summary>The daily evaluation and digests are a scheduled message on Wolverine's durable inbox that schedules the next day.</summary>
public sealed class DailyScheduleTests
{
    private const string Secret = "test-webhook-secret";

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task the_daily_run_sends_each_digest_subscriber_the_day_digest_and_schedules_the_next_day_once()
    {
        // Why the real time: Wolverine runs scheduled messages by the wall clock, so the product's clock must agree with it.
        var now = SystemClock.Instance.GetCurrentInstant();
        var clock = new FakeClock(now);
        await using var receiver = new WebhookReceiver(Secret, () => clock.GetCurrentInstant().ToUnixTimeSeconds());
        receiver.Start();
        var options = AlertOptions.Default with { VerifyLedger = false, BackoffBase = TimeSpan.FromMilliseconds(100), BackoffCap = TimeSpan.FromMilliseconds(400) };
        await using var w = await AlertWorld.CreateAsync("daily", clock, options, Ct);
        await w.ImportOneEncounterAsync(Ct);
        var digest = await w.Alerts.Subscriptions.AddAsync(AlertChannel.Webhook, receiver.Url, Secret, AlertWorld.Trust, [], AlertSeverity.Info,
            DeliveryMode.Digest, "test", Ct);
        (await w.Alerts.Processor.EvaluateAsync(null, Ct)).Raised.Should().BeGreaterThan(0, "the encounters of last year's cohort fell short");
        var today = now.InZone(NonComplianceAlertProcessor.London).Date;

        (await w.Alerts.ScheduleDailyEvaluationAsync(EvaluateAlertsDaily.For(today), now.Plus(Duration.FromSeconds(1)), Ct)).Should().BeTrue();
        var key = $"digest:{today:yyyy-MM-dd}:{digest.Id}";
        var waited = Stopwatch.StartNew();
        while (!receiver.Applied.ContainsKey(key))
        {
            waited.Elapsed.Should().BeLessThan(TimeSpan.FromSeconds(30), "today's run is due a second after it was scheduled");
            await Task.Delay(50, Ct);
        }

        var tomorrow = EvaluateAlertsDaily.NextAfter(clock.GetCurrentInstant());
        tomorrow.Day.Should().Be(today.PlusDays(1));
        (await w.Alerts.WaitUntilNothingDueAsync(TimeSpan.FromSeconds(30), Ct)).Should().BeTrue();
        (await w.CountAsync($"""
            SELECT count(*) FROM wolverine.wolverine_incoming_envelopes WHERE message_type = '{EvaluateAlertsDaily.StoredName}' AND status = 'Scheduled'
               AND execution_time = '{tomorrow.DueAt.ToDateTimeUtc():O}'
            """, Ct)).Should().Be(1, "the run scheduled tomorrow's, at 00:05 in London");
        (await w.Alerts.ScheduleNextDailyEvaluationAsync(null, Ct)).Should().BeFalse("a host starting now finds tomorrow's run scheduled and adds none");
        receiver.Applied.Keys.Should().ContainSingle(k => k.StartsWith("digest:", StringComparison.Ordinal), "one digest per subscriber and date");
    }
}
