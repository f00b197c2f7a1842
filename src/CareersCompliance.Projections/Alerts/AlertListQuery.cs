using CareersCompliance.Domain.Alerts;
using NodaTime;
using Npgsql;

namespace CareersCompliance.Projections.Alerts;

/// <summary>One row of the alert list.</summary>
public sealed record AlertListItem(
    Guid AlertId, string DedupeKey, string Rule, AlertSeverity Severity, string? TrustId, string? SchoolUrn, string Subject, string Detail,
    int? Count, LocalDate? Deadline, int? DaysLeft, string Status, int Occurrence, Instant RaisedAt, Instant FirstRaisedAt,
    string? AcknowledgedBy, string? AcknowledgedNote, Instant? ResolvedAt, string? Resolution, int Deliveries);

/// <summary>Reads rm.alerts for the CLI, the evaluator and (later) the web alerts page.</summary>
public sealed class AlertListQuery(NpgsqlDataSource dataSource)
{
    private const string Columns = """
        alert_id, dedupe_key, rule, severity, trust_id, school_urn, subject, detail, count, deadline, days_left, status, occurrence,
        raised_at, first_raised_at, acknowledged_by, acknowledged_note, resolved_at, resolution, deliveries
        """;

    /// <summary>Alerts by status (null: all), most severe and soonest first; optionally one trust's.</summary>
    public async Task<IReadOnlyList<AlertListItem>> ListAsync(string? status, string? trustId, CancellationToken ct)
    {
        await using var command = dataSource.CreateCommand($"""
            SELECT {Columns} FROM rm.alerts
            WHERE ($1::text IS NULL OR status = $1) AND ($2::text IS NULL OR trust_id = $2)
            ORDER BY status = 'resolved', severity DESC, deadline NULLS LAST, first_raised_at
            """);
        command.Parameters.Add(new NpgsqlParameter { Value = (object?)status ?? DBNull.Value, NpgsqlDbType = NpgsqlTypes.NpgsqlDbType.Text });
        command.Parameters.Add(new NpgsqlParameter { Value = (object?)trustId ?? DBNull.Value, NpgsqlDbType = NpgsqlTypes.NpgsqlDbType.Text });
        return await ReadAsync(command, ct);
    }

    /// <summary>The alert whose id starts with <paramref name="idPrefix"/> (at least 8 hex digits), or null; throws when ambiguous.</summary>
    public async Task<AlertListItem?> FindAsync(string idPrefix, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(idPrefix);
        await using var command = dataSource.CreateCommand($"SELECT {Columns} FROM rm.alerts WHERE alert_id::text LIKE $1 || '%' LIMIT 2");
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = idPrefix.ToLowerInvariant() });
        var found = await ReadAsync(command, ct);
        return found.Count switch
        {
            0 => null,
            1 => found[0],
            _ => throw new InvalidOperationException($"Alert id '{idPrefix}' is ambiguous; give more of it."),
        };
    }

    private static async Task<IReadOnlyList<AlertListItem>> ReadAsync(NpgsqlCommand command, CancellationToken ct)
    {
        var result = new List<AlertListItem>();
        await using var r = await command.ExecuteReaderAsync(ct);
        while (await r.ReadAsync(ct))
        {
            result.Add(Row(r));
        }

        return result;
    }

    // Why synchronous: the row is already buffered by ReadAsync; column reads do no I/O.
    private static AlertListItem Row(NpgsqlDataReader r) => new(
        r.GetGuid(0), r.GetString(1), r.GetString(2), (AlertSeverity)r.GetInt16(3), Text(r, 4), Text(r, 5), r.GetString(6), r.GetString(7),
        r.IsDBNull(8) ? null : r.GetInt32(8), r.IsDBNull(9) ? null : LocalDate.FromDateOnly(r.GetFieldValue<DateOnly>(9)),
        r.IsDBNull(10) ? null : r.GetInt32(10), r.GetString(11), r.GetInt32(12), At(r, 13), At(r, 14), Text(r, 15), Text(r, 16),
        r.IsDBNull(17) ? null : At(r, 17), Text(r, 18), r.GetInt32(19));

    private static string? Text(NpgsqlDataReader r, int i) => r.IsDBNull(i) ? null : r.GetString(i);

    private static Instant At(NpgsqlDataReader r, int i) => Instant.FromDateTimeUtc(r.GetDateTime(i));
}
