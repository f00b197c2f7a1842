using System.Text.Json;
using CareersCompliance.EventStore;
using Npgsql;
using Wolverine.RDBMS;
using Wolverine.Runtime;
using static CareersCompliance.Domain.Alerts.AlertEvent;

namespace CareersCompliance.Application.Alerts;

/// <summary>
/// Queues the deliveries of a raised or re-raised alert in the same transaction as the event: one <see cref="DeliverAlert"/>
/// on Wolverine's durable inbox per matching immediate subscription, one digest item per matching digest subscription.
/// Runs after AlertListProjection, so rm.alerts already holds the occurrence. Once the append commits, the messages go to
/// this host's queue; if the host dies first, they are in the inbox and another host recovers them.
/// </summary>
public sealed class AlertOutboxWriter(Func<IWolverineRuntime> messaging, bool deliverHere) : IInlineProjectionWithFollowUp
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

    public Task ApplyAsync(IReadOnlyList<EventEnvelope> events, NpgsqlConnection connection, NpgsqlTransaction transaction, CancellationToken ct) =>
        throw new InvalidOperationException("The alert outbox needs its after-commit step; it runs only inside the store's own append.");

    public async Task ApplyAsync(IReadOnlyList<EventEnvelope> events, NpgsqlConnection connection, NpgsqlTransaction transaction,
        ICollection<Func<CancellationToken, Task>> afterCommit, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(events);
        ArgumentNullException.ThrowIfNull(afterCommit);
        var deliveries = new List<DeliverAlert>();
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
                    SELECT s.subscription_id, a.dedupe_key || '#' || a.occurrence || ':' || s.subscription_id, ({Payload})::text
                    {Matching}
                    """, id, "immediate"));
                batch.BatchCommands.Add(Command($"""
                    INSERT INTO alerts.digest_items (subscription_id, alert_id, occurrence, payload)
                    SELECT s.subscription_id, a.alert_id, a.occurrence, {Payload}
                    {Matching}
                    ON CONFLICT DO NOTHING
                    """, id, "digest"));
                await using var reader = await batch.ExecuteReaderAsync(ct);
                while (await reader.ReadAsync(ct))
                {
                    using var payload = JsonDocument.Parse(reader.GetString(2));
                    deliveries.Add(new DeliverAlert(reader.GetGuid(0), reader.GetString(1), payload.RootElement.Clone()));
                }
            }
        }

        if (deliveries.Count > 0)
        {
            await PublishInTransactionAsync(messaging(), transaction, deliveries, deliverHere ? afterCommit : null);
        }
    }

    /// <summary>
    /// Persists the messages in the caller's transaction through Wolverine's outbox and, given <paramref name="afterCommit"/>,
    /// hands them to this host's queue once the transaction has committed (the caller runs it). Without it they wait in the
    /// inbox until this host stops and releases them to the others.
    /// </summary>
    internal static async Task PublishInTransactionAsync(IWolverineRuntime runtime, NpgsqlTransaction transaction, IEnumerable<DeliverAlert> messages,
        ICollection<Func<CancellationToken, Task>>? afterCommit)
    {
        var context = new MessageContext(runtime);
        await context.EnlistInOutboxAsync(new DatabaseEnvelopeTransaction((IMessageDatabase)runtime.Storage, transaction));
        foreach (var message in messages)
        {
            await context.PublishAsync(message);
        }

        afterCommit?.Add(_ => context.FlushOutgoingMessagesAsync());
    }

    private static NpgsqlBatchCommand Command(string sql, Guid alertId, string mode)
    {
        var command = new NpgsqlBatchCommand(sql);
        command.Parameters.Add(new NpgsqlParameter<Guid> { TypedValue = alertId });
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = mode });
        return command;
    }
}
