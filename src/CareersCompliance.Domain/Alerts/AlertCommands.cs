using CareersCompliance.Domain.Common;
using NodaTime;
using static CareersCompliance.Domain.Alerts.AlertEvent;

namespace CareersCompliance.Domain.Alerts;

// Why one file: the four alert slices are one short lifecycle, read best top to bottom
// (eventmodel/slices/raise-alert.json ... resolve-alert.json).

/// <summary>
/// Raises the alert for a detected condition: first time raised, after a resolution re-raised, while open nothing
/// (a persisting condition is one alert, not one per evaluation). Slice: eventmodel/slices/raise-alert.json
/// </summary>
public sealed record RaiseAlert(AlertId AlertId, AlertCondition Condition, LocalDate DetectedOn, ActorId By, Instant Now)
{
    public static AlertEvent[] Decide(Alert state, RaiseAlert c)
    {
        ArgumentNullException.ThrowIfNull(c);
        var x = c.Condition;
        return state switch
        {
            Alert.NotRaised =>
            [
                new AlertRaised(c.AlertId, x.DedupeKey, x.Rule, x.Severity, x.TrustId, x.SchoolUrn, x.Subject, x.Detail, x.Count, x.Deadline,
                    x.DaysLeft, c.DetectedOn, c.By, c.Now),
            ],
            Alert.Open => [],
            Alert.Resolved r =>
                [new AlertReRaised(c.AlertId, r.Occurrence + 1, x.Severity, x.Detail, x.Count, x.Deadline, x.DaysLeft, c.DetectedOn, c.By, c.Now)],
            _ => throw new InvalidOperationException($"Unknown alert state {state.GetType().Name}."),
        };
    }
}

/// <summary>Records that the dispatcher delivered an occurrence to a subscription; a repeat of the same key changes nothing.
/// Slice: eventmodel/slices/record-alert-delivery.json</summary>
public sealed record RecordAlertDelivery(AlertId AlertId, int Occurrence, AlertChannel Channel, Guid SubscriptionId, string IdempotencyKey, Instant Now)
{
    public static AlertEvent[] Decide(Alert state, RecordAlertDelivery c)
    {
        ArgumentNullException.ThrowIfNull(c);
        var delivered = state switch
        {
            Alert.Open o => o.Deliveries,
            Alert.Resolved r => r.Deliveries,
            _ => throw Alert.NotFound(),
        };
        return delivered.Contains(c.IdempotencyKey)
            ? []
            : [new AlertDelivered(c.AlertId, c.Occurrence, c.Channel, c.SubscriptionId, c.IdempotencyKey, c.Now)];
    }
}

/// <summary>A person acknowledges an open alert. Slice: eventmodel/slices/acknowledge-alert.json</summary>
public sealed record AcknowledgeAlert(AlertId AlertId, string? Note, ActorId By, Instant Now)
{
    public static AlertEvent[] Decide(Alert state, AcknowledgeAlert c)
    {
        ArgumentNullException.ThrowIfNull(c);
        return state switch
        {
            Alert.NotRaised => throw Alert.NotFound(),
            Alert.Resolved => throw new DomainRuleViolation("alert-resolved", "The alert is resolved; there is nothing to acknowledge."),
            Alert.Open { Acknowledged: true } => [],
            Alert.Open o => [new AlertAcknowledged(c.AlertId, o.Occurrence, c.Note, c.By, c.Now)],
            _ => throw new InvalidOperationException($"Unknown alert state {state.GetType().Name}."),
        };
    }
}

/// <summary>Resolves an open alert: automatically when its condition cleared, or by a person.
/// Slice: eventmodel/slices/resolve-alert.json</summary>
public sealed record ResolveAlert(AlertId AlertId, AlertResolution Resolution, string? Note, LocalDate ResolvedOn, ActorId By, Instant Now)
{
    public static AlertEvent[] Decide(Alert state, ResolveAlert c)
    {
        ArgumentNullException.ThrowIfNull(c);
        return state switch
        {
            Alert.NotRaised => throw Alert.NotFound(),
            Alert.Resolved => [],
            Alert.Open o => [new AlertResolved(c.AlertId, o.Occurrence, c.Resolution, c.Note, c.ResolvedOn, c.By, c.Now)],
            _ => throw new InvalidOperationException($"Unknown alert state {state.GetType().Name}."),
        };
    }
}
