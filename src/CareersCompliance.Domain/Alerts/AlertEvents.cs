using CareersCompliance.Domain.Common;
using NodaTime;

namespace CareersCompliance.Domain.Alerts;

/// <summary>How urgently an alert needs a person; subscriptions choose a minimum.</summary>
public enum AlertSeverity
{
    Info = 1,
    Warning = 2,
    Critical = 3,
}

/// <summary>How an alert reached a recipient.</summary>
public enum AlertChannel
{
    Email,
    Webhook,
}

/// <summary>Why an alert was resolved.</summary>
public enum AlertResolution
{
    /// <summary>An evaluation found the condition no longer holds.</summary>
    ConditionCleared,

    /// <summary>A person resolved it (e.g. handled outside the records).</summary>
    ByPerson,
}

/// <summary>An alert; its id is derived from the deduplication key, so one condition is one stream.</summary>
public readonly record struct AlertId(Guid Value) : IGuidValue<AlertId>
{
    public static AlertId From(Guid value) => new(value);

    public override string ToString() => Value.ToString();
}

/// <summary>
/// The life of one non-compliance or operations alert. Stream: <c>alert-{AlertId}</c>, one per deduplication key, so a
/// condition that persists stays one alert and a condition that returns re-raises the same alert (a new occurrence).
/// Recipients appear only as subscription ids: their e-mail addresses and URLs live in the erasable subscriptions table.
/// </summary>
public abstract record AlertEvent
{
    private AlertEvent() { }

    /// <summary>A condition needing attention was detected for the first time and an alert raised.</summary>
    public sealed record AlertRaised(
        AlertId AlertId, string DedupeKey, string Rule, AlertSeverity Severity, TrustId? TrustId, SchoolUrn? SchoolUrn,
        string Subject, string Detail, int? Count, LocalDate? Deadline, int? DaysLeft, LocalDate DetectedOn,
        ActorId RaisedBy, Instant RaisedAt) : AlertEvent;

    /// <summary>A condition that had cleared was detected again, and its alert raised anew as a new occurrence.</summary>
    public sealed record AlertReRaised(
        AlertId AlertId, int Occurrence, AlertSeverity Severity, string Detail, int? Count, LocalDate? Deadline, int? DaysLeft,
        LocalDate DetectedOn, ActorId RaisedBy, Instant RaisedAt) : AlertEvent;

    /// <summary>An occurrence of an alert was delivered to one subscription over one channel.</summary>
    public sealed record AlertDelivered(
        AlertId AlertId, int Occurrence, AlertChannel Channel, Guid SubscriptionId, string IdempotencyKey, Instant DeliveredAt) : AlertEvent;

    /// <summary>A person acknowledged an open alert, with an optional note.</summary>
    public sealed record AlertAcknowledged(AlertId AlertId, int Occurrence, string? Note, ActorId AcknowledgedBy, Instant AcknowledgedAt) : AlertEvent;

    /// <summary>An alert was resolved: its condition cleared, or a person resolved it.</summary>
    public sealed record AlertResolved(
        AlertId AlertId, int Occurrence, AlertResolution Resolution, string? Note, LocalDate ResolvedOn, ActorId ResolvedBy,
        Instant ResolvedAt) : AlertEvent;
}
