using CareersCompliance.Domain.Alerts;
using CareersCompliance.Domain.Common;
using CareersCompliance.Testing.Specs;
using CareersCompliance.Testing.Time;
using NodaTime;
using static CareersCompliance.Domain.Alerts.AlertEvent;

namespace CareersCompliance.Domain.Tests.Alerts;

/// <summary>eventmodel/slices/raise-alert.json, record-alert-delivery.json, acknowledge-alert.json, resolve-alert.json.</summary>
public sealed class AlertLifecycleTests
{
    private static readonly AlertId Id = new(Guid.NewGuid());
    private static readonly ActorId System = new("system:alert-evaluator");
    private static readonly ActorId Director = new("director-7");
    private static readonly Instant Now = Instant.FromUtc(2026, 1, 15, 7, 0);
    private static readonly Guid Subscription = Guid.NewGuid();
    private static readonly DeciderSpec<Alert, AlertEvent> Spec = new(Alert.Initial, Alert.Evolve);

    private static readonly AlertCondition Condition = new(
        "pal-pupils-short:100001:p1:2026-02-28", "pal-pupils-short", AlertSeverity.Warning, new TrustId("T1"), new SchoolUrn("100001"),
        "Hill School (100001): provider access phase 1, Year 9 cohort", "3 of 10 pupil(s) short; 44 days left.", 3, 28.February(2026), 44);

    private static readonly AlertRaised Raised = new(Id, Condition.DedupeKey, Condition.Rule, AlertSeverity.Warning, Condition.TrustId,
        Condition.SchoolUrn, Condition.Subject, Condition.Detail, 3, 28.February(2026), 44, 15.January(2026), System, Now);

    private static readonly AlertResolved Cleared = new(Id, 1, AlertResolution.ConditionCleared, null, 20.January(2026), System, Now);

    [Fact]
    public void a_detected_condition_raises_an_alert() =>
        Spec.Given()
            .When(s => RaiseAlert.Decide(s, new RaiseAlert(Id, Condition, 15.January(2026), System, Now)))
            .Then(Raised);

    [Fact]
    public void a_persisting_condition_raises_nothing_more() =>
        Spec.Given(Raised)
            .When(s => RaiseAlert.Decide(s, new RaiseAlert(Id, Condition with { Count = 2, DaysLeft = 43 }, 16.January(2026), System, Now)))
            .ThenNothing();

    [Fact]
    public void a_condition_that_returns_after_resolution_is_re_raised() =>
        Spec.Given(Raised, Cleared)
            .When(s => RaiseAlert.Decide(s, new RaiseAlert(Id, Condition with { Count = 1, DaysLeft = 30 }, 29.January(2026), System, Now)))
            .Then(new AlertReRaised(Id, 2, AlertSeverity.Warning, Condition.Detail, 1, 28.February(2026), 30, 29.January(2026), System, Now));

    [Fact]
    public void a_delivery_is_recorded_per_channel_and_subscription() =>
        Spec.Given(Raised)
            .When(s => RecordAlertDelivery.Decide(s, new RecordAlertDelivery(Id, 1, AlertChannel.Email, Subscription, "k1", Now)))
            .Then(new AlertDelivered(Id, 1, AlertChannel.Email, Subscription, "k1", Now));

    [Fact]
    public void the_same_delivery_recorded_twice_changes_nothing() =>
        Spec.Given(Raised, new AlertDelivered(Id, 1, AlertChannel.Webhook, Subscription, "k1", Now))
            .When(s => RecordAlertDelivery.Decide(s, new RecordAlertDelivery(Id, 1, AlertChannel.Webhook, Subscription, "k1", Now)))
            .ThenNothing();

    [Fact]
    public void delivery_of_an_unknown_alert_is_refused() =>
        Spec.Given()
            .When(s => RecordAlertDelivery.Decide(s, new RecordAlertDelivery(Id, 1, AlertChannel.Email, Subscription, "k1", Now)))
            .ThenRejects("alert-not-found");

    [Fact]
    public void an_open_alert_is_acknowledged_with_a_note() =>
        Spec.Given(Raised)
            .When(s => AcknowledgeAlert.Decide(s, new AcknowledgeAlert(Id, "booked two providers", Director, Now)))
            .Then(new AlertAcknowledged(Id, 1, "booked two providers", Director, Now));

    [Fact]
    public void acknowledging_twice_changes_nothing() =>
        Spec.Given(Raised, new AlertAcknowledged(Id, 1, null, Director, Now))
            .When(s => AcknowledgeAlert.Decide(s, new AcknowledgeAlert(Id, "again", Director, Now)))
            .ThenNothing();

    [Fact]
    public void a_resolved_alert_cannot_be_acknowledged() =>
        Spec.Given(Raised, Cleared)
            .When(s => AcknowledgeAlert.Decide(s, new AcknowledgeAlert(Id, null, Director, Now)))
            .ThenRejects("alert-resolved");

    [Fact]
    public void an_alert_resolves_when_its_condition_clears() =>
        Spec.Given(Raised)
            .When(s => ResolveAlert.Decide(s, new ResolveAlert(Id, AlertResolution.ConditionCleared, null, 20.January(2026), System, Now)))
            .Then(Cleared);

    [Fact]
    public void a_person_can_resolve_an_alert() =>
        Spec.Given(Raised, new AlertAcknowledged(Id, 1, null, Director, Now))
            .When(s => ResolveAlert.Decide(s, new ResolveAlert(Id, AlertResolution.ByPerson, "handled with the hub", 21.January(2026), Director, Now)))
            .Then(new AlertResolved(Id, 1, AlertResolution.ByPerson, "handled with the hub", 21.January(2026), Director, Now));

    [Fact]
    public void resolving_a_resolved_alert_changes_nothing() =>
        Spec.Given(Raised, Cleared)
            .When(s => ResolveAlert.Decide(s, new ResolveAlert(Id, AlertResolution.ByPerson, null, 21.January(2026), Director, Now)))
            .ThenNothing();
}
