using CareersCompliance.Application.Alerts;
using CareersCompliance.Domain.Alerts;
using CareersCompliance.Domain.Common;
using NodaTime;
using NodaTime.Testing;

namespace CareersCompliance.Alerts.IntegrationTests;

/// <summary>Alerts appear when a condition is found, stay one alert while it persists, and resolve when it clears.</summary>
public sealed class AlertLifecycleTests
{
    private const string PupilsShort = "pal-pupils-short:100001:p1:2026-02-28";

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task a_persisting_condition_raises_one_alert_and_it_resolves_when_the_evidence_arrives()
    {
        await using var w = await AlertWorld.CreateAsync("persist", FakeClock.FromUtc(2026, 1, 15, 7, 0, 0), AlertOptions.Default with { VerifyLedger = false }, Ct);
        await w.ImportOneEncounterAsync(Ct);

        var first = await w.Alerts.Processor.EvaluateAsync(null, Ct);
        w.Clock.Advance(Duration.FromDays(1));
        var second = await w.Alerts.Processor.EvaluateAsync(null, Ct);

        first.Raised.Should().BeGreaterThan(0);
        second.Raised.Should().Be(0, "nothing new was found the next day");
        var alert = (await w.Alerts.List.ListAsync("open", null, Ct)).Single(a => string.Equals(a.DedupeKey, PupilsShort, StringComparison.Ordinal));
        alert.Count.Should().Be(3);
        alert.DaysLeft.Should().Be(44);
        (await w.Alerts.HistoryAsync(alert.AlertId, Ct)).Select(e => e.EventType).Should().Equal("alert_raised");

        await w.ImportSecondEncounterAsync(Ct);
        w.Clock.Advance(Duration.FromDays(7));
        var third = await w.Alerts.Processor.EvaluateAsync(null, Ct);

        third.Resolved.Should().BeGreaterThanOrEqualTo(1);
        var resolved = (await w.Alerts.List.ListAsync("resolved", null, Ct)).Single(a => string.Equals(a.DedupeKey, PupilsShort, StringComparison.Ordinal));
        resolved.Resolution.Should().Be(nameof(AlertResolution.ConditionCleared));
    }

    [Fact]
    public async Task moving_the_clock_across_the_window_close_resolves_the_closing_alert_and_raises_a_missed_window()
    {
        await using var w = await AlertWorld.CreateAsync("window", FakeClock.FromUtc(2026, 2, 27, 7, 0, 0), AlertOptions.Default with { VerifyLedger = false }, Ct);
        await w.ImportOneEncounterAsync(Ct);

        await w.Alerts.Processor.EvaluateAsync(null, Ct);
        var before = await w.Alerts.List.ListAsync("open", AlertWorld.Trust, Ct);
        before.Single(a => string.Equals(a.DedupeKey, PupilsShort, StringComparison.Ordinal)).Severity.Should().Be(AlertSeverity.Critical, "one day is left");
        before.Should().NotContain(a => string.Equals(a.Rule, AlertRules.PalWindowMissed, StringComparison.Ordinal));

        w.Clock.Reset(Instant.FromUtc(2026, 3, 1, 7, 0));
        await w.Alerts.Processor.EvaluateAsync(null, Ct);

        var open = await w.Alerts.List.ListAsync("open", AlertWorld.Trust, Ct);
        open.Should().NotContain(a => string.Equals(a.DedupeKey, PupilsShort, StringComparison.Ordinal));
        open.Should().Contain(a => string.Equals(a.DedupeKey, "pal-window-missed:100001:p1:2026-02-28", StringComparison.Ordinal) && a.Severity == AlertSeverity.Critical);
        (await w.Alerts.List.ListAsync("resolved", AlertWorld.Trust, Ct)).Should().Contain(a => string.Equals(a.DedupeKey, PupilsShort, StringComparison.Ordinal));
    }

    [Fact]
    public async Task an_acknowledged_alert_that_clears_and_returns_is_re_raised_as_a_new_occurrence()
    {
        await using var w = await AlertWorld.CreateAsync("reraise", FakeClock.FromUtc(2026, 1, 15, 7, 0, 0), AlertOptions.Default with { VerifyLedger = false }, Ct);
        await w.ImportOneEncounterAsync(Ct);
        await w.Alerts.Processor.EvaluateAsync(null, Ct);
        var alert = (await w.Alerts.List.ListAsync("open", null, Ct)).Single(a => string.Equals(a.DedupeKey, PupilsShort, StringComparison.Ordinal));

        var acked = await w.Alerts.AcknowledgeAsync(alert.AlertId.ToString()[..8], "booking a second provider", new ActorId("director-1"), Ct);
        await w.Alerts.ResolveAsync(alert.AlertId.ToString(), "handled", new ActorId("director-1"), Ct);
        await w.Alerts.Processor.EvaluateAsync(null, Ct);

        acked.Status.Should().Be("acknowledged");
        acked.AcknowledgedNote.Should().Be("booking a second provider");
        var again = await w.Alerts.List.FindAsync(alert.AlertId.ToString(), Ct);
        again!.Status.Should().Be("open");
        again.Occurrence.Should().Be(2);
        (await w.Alerts.HistoryAsync(alert.AlertId, Ct)).Select(e => e.EventType).Should()
            .Equal("alert_raised", "alert_acknowledged", "alert_resolved", "alert_re_raised");
    }
}
