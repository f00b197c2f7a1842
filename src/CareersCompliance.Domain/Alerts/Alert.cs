using System.Collections.Immutable;
using CareersCompliance.Domain.Common;
using static CareersCompliance.Domain.Alerts.AlertEvent;

namespace CareersCompliance.Domain.Alerts;

/// <summary>Decision state of an alert: not raised, open (maybe acknowledged), resolved.</summary>
public abstract record Alert
{
    private Alert() { }

    public sealed record NotRaised : Alert;

    /// <summary>An open occurrence; <see cref="Deliveries"/> holds the idempotency keys already delivered.</summary>
    public sealed record Open(AlertId Id, int Occurrence, bool Acknowledged, ImmutableHashSet<string> Deliveries) : Alert;

    public sealed record Resolved(AlertId Id, int Occurrence, ImmutableHashSet<string> Deliveries) : Alert;

    public static Alert Initial { get; } = new NotRaised();

    public static Alert Evolve(Alert state, AlertEvent @event) => (state, @event) switch
    {
        (NotRaised, AlertRaised e) => new Open(e.AlertId, 1, false, ImmutableHashSet.Create<string>(StringComparer.Ordinal)),
        (Resolved s, AlertReRaised e) => new Open(s.Id, e.Occurrence, false, s.Deliveries),
        (Open s, AlertAcknowledged) => s with { Acknowledged = true },
        (Open s, AlertDelivered e) => s with { Deliveries = s.Deliveries.Add(e.IdempotencyKey) },
        (Resolved s, AlertDelivered e) => s with { Deliveries = s.Deliveries.Add(e.IdempotencyKey) },
        (Open s, AlertResolved) => new Resolved(s.Id, s.Occurrence, s.Deliveries),
        _ => state,
    };

    internal static DomainRuleViolation NotFound() => new("alert-not-found", "No such alert has been raised.");
}
