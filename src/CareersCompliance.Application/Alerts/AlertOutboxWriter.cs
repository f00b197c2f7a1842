using CareersCompliance.EventStore;
using Npgsql;
using static CareersCompliance.Domain.Alerts.AlertEvent;

namespace CareersCompliance.Application.Alerts;

/// <summary>
/// Writes the deliveries of a raised or re-raised alert in the same transaction as the event (design 7.5): one outbox row per
/// matching immediate subscription, one digest item per matching digest subscription. Runs after AlertListProjection, so
/// rm.alerts already holds the occurrence. The outbox dedupe key (<c>{alert key}#{occurrence}:{subscription}</c>) is the
/// Idempotency-Key the receiver sees; ON CONFLICT makes a repeated write harmless.
/// </summary>
public sealed class AlertOutboxWriter : IInlineProjection
{
    private const string Matching = """
        FROM rm.alerts a JOIN alerts.subscriptions s
          ON s.min_severity <= a.severity
         AND (s.trust_id IS NULL OR (s.trust_id = a.trust_id AND (cardinality(s.school_urns) = 0 OR a.school_urn = ANY (s.school_urns))))
        WHERE a.alert_id = $1 AND s.mode = $2
        """;

    private const string Payload = """
        jsonb_build_object('kind', 'alert', 'alertId', a.alert_id, 'occurrence', a.occurrence, 'dedupeKey', a.dedupe_key, 'rule', a.rule,
            'severity', a.severity, 'trustId', a.trust_id, 'schoolUrn', a.school_urn, 'subject', a.subject, 'detail', a.detail,
            'count', a.count, 'deadline', a.deadline, 'daysLeft', a.days_left, 'raisedAt', a.raised_at)
        """;

    public async Task ApplyAsync(IReadOnlyList<EventEnvelope> events, NpgsqlConnection connection, NpgsqlTransaction transaction, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(events);
        foreach (var e in events)
        {
            var alertId = e.Data switch
            {
                AlertRaised r => r.AlertId.Value,
                AlertReRaised r => r.AlertId.Value,
                _ => (Guid?)null,
            };
            if (alertId is not { } id)
            {
                continue;
            }

            var batch = new NpgsqlBatch(connection, transaction);
            await using (batch)
            {
                batch.BatchCommands.Add(Command($"""
                    INSERT INTO es.outbox (id, dedupe_key, destination, payload)
                    SELECT gen_random_uuid(), a.dedupe_key || '#' || a.occurrence || ':' || s.subscription_id, s.subscription_id::text, {Payload}
                    {Matching}
                    ON CONFLICT (dedupe_key) DO NOTHING
                    """, id, "immediate"));
                batch.BatchCommands.Add(Command($"""
                    INSERT INTO alerts.digest_items (subscription_id, alert_id, occurrence, payload)
                    SELECT s.subscription_id, a.alert_id, a.occurrence, {Payload}
                    {Matching}
                    ON CONFLICT DO NOTHING
                    """, id, "digest"));
                await batch.ExecuteNonQueryAsync(ct);
            }
        }
    }

    private static NpgsqlBatchCommand Command(string sql, Guid alertId, string mode)
    {
        var command = new NpgsqlBatchCommand(sql);
        command.Parameters.Add(new NpgsqlParameter<Guid> { TypedValue = alertId });
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = mode });
        return command;
    }
}
