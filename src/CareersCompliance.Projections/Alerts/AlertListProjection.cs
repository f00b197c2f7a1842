using CareersCompliance.EventStore;
using Npgsql;
using NpgsqlTypes;
using static CareersCompliance.Domain.Alerts.AlertEvent;

namespace CareersCompliance.Projections.Alerts;

/// <summary>
/// rm.alerts, kept inside the alert events' append transaction, so the evaluator and the outbox writer always see the
/// alert list as the stream says (readmodels.json alert-list).
/// </summary>
public sealed class AlertListProjection : IInlineProjection
{
    public async Task ApplyAsync(IReadOnlyList<EventEnvelope> events, NpgsqlConnection connection, NpgsqlTransaction transaction, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(events);
        foreach (var envelope in events)
        {
            await using var command = Command(envelope.Data, connection, transaction);
            if (command is not null)
            {
                await command.ExecuteNonQueryAsync(ct);
            }
        }
    }

    private static NpgsqlCommand? Command(object data, NpgsqlConnection connection, NpgsqlTransaction tx) => data switch
    {
        AlertRaised e => Sql(connection, tx, """
            INSERT INTO rm.alerts (alert_id, dedupe_key, rule, severity, trust_id, school_urn, subject, detail, count, deadline, days_left,
                                   status, occurrence, raised_at, first_raised_at)
            VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, 'open', 1, $12, $12)
            ON CONFLICT (alert_id) DO NOTHING
            """, e.AlertId.Value, e.DedupeKey, e.Rule, (short)e.Severity, e.TrustId?.Value, e.SchoolUrn?.Value, e.Subject, e.Detail, e.Count,
            e.Deadline?.ToDateOnly(), e.DaysLeft, e.RaisedAt.ToDateTimeUtc()),
        AlertReRaised e => Sql(connection, tx, """
            UPDATE rm.alerts SET status = 'open', occurrence = $2, severity = $3, detail = $4, count = $5, deadline = $6, days_left = $7,
                raised_at = $8, acknowledged_by = NULL, acknowledged_note = NULL, acknowledged_at = NULL,
                resolved_at = NULL, resolved_by = NULL, resolution = NULL
            WHERE alert_id = $1
            """, e.AlertId.Value, e.Occurrence, (short)e.Severity, e.Detail, e.Count, e.Deadline?.ToDateOnly(), e.DaysLeft, e.RaisedAt.ToDateTimeUtc()),
        AlertAcknowledged e => Sql(connection, tx, """
            UPDATE rm.alerts SET status = 'acknowledged', acknowledged_by = $2, acknowledged_note = $3, acknowledged_at = $4 WHERE alert_id = $1
            """, e.AlertId.Value, e.AcknowledgedBy.Value, e.Note, e.AcknowledgedAt.ToDateTimeUtc()),
        AlertResolved e => Sql(connection, tx, """
            UPDATE rm.alerts SET status = 'resolved', resolved_at = $2, resolved_by = $3, resolution = $4 WHERE alert_id = $1
            """, e.AlertId.Value, e.ResolvedAt.ToDateTimeUtc(), e.ResolvedBy.Value, e.Resolution.ToString()),
        AlertDelivered e => Sql(connection, tx, "UPDATE rm.alerts SET deliveries = deliveries + 1 WHERE alert_id = $1", e.AlertId.Value),
        _ => null,
    };

    private static NpgsqlCommand Sql(NpgsqlConnection connection, NpgsqlTransaction tx, string sql, params object?[] values)
    {
        var command = new NpgsqlCommand(sql, connection, tx);
        foreach (var value in values)
        {
            command.Parameters.Add(value switch
            {
                null => new NpgsqlParameter { Value = DBNull.Value },
                DateTime t => new NpgsqlParameter { Value = t, NpgsqlDbType = NpgsqlDbType.TimestampTz },
                _ => new NpgsqlParameter { Value = value },
            });
        }

        return command;
    }
}
