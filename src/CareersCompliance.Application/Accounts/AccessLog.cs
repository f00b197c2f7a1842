using NodaTime;
using Npgsql;

namespace CareersCompliance.Application.Accounts;

/// <summary>One view or export of pupil-level data, about to be logged.</summary>
public sealed record AccessRecord(
    Guid? AccountId, string Username, string Role, string Action, string Resource, string? SchoolUrn, string? TrustId,
    IReadOnlyList<Guid> PupilIds, int PupilCount, string? Detail = null);

/// <summary>A logged access.</summary>
public sealed record AccessLogEntry(
    long Id, Instant At, string Username, string Role, string Action, string Resource, string? SchoolUrn, string? TrustId,
    IReadOnlyList<Guid> PupilIds, int PupilCount, string? Detail);

/// <summary>
/// Filters for reading the log. <paramref name="Schools"/>, when set, restricts rows to those schools (a compliance officer
/// sees the accesses within their scope only).
/// </summary>
public sealed record AccessLogFilter(
    string? Username = null, string? SchoolUrn = null, Guid? PupilId = null, Instant? From = null, Instant? To = null,
    IReadOnlyCollection<string>? Schools = null, int Limit = 200);

/// <summary>The insert-only record of who viewed or exported pupil-level data, what and when (app.access_log).</summary>
public sealed class AccessLog(NpgsqlDataSource dataSource)
{
    public const string View = "view";
    public const string Export = "export";

    public async Task WriteAsync(AccessRecord record, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(record);
        await using var cmd = dataSource.CreateCommand(
            """
            INSERT INTO app.access_log (account_id, username, role, action, resource, school_urn, trust_id, pupil_ids, pupil_count, detail)
            VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)
            """);
        cmd.Parameters.Add(new NpgsqlParameter { Value = (object?)record.AccountId ?? DBNull.Value, NpgsqlDbType = NpgsqlTypes.NpgsqlDbType.Uuid });
        cmd.Parameters.Add(new NpgsqlParameter<string> { TypedValue = record.Username });
        cmd.Parameters.Add(new NpgsqlParameter<string> { TypedValue = record.Role });
        cmd.Parameters.Add(new NpgsqlParameter<string> { TypedValue = record.Action });
        cmd.Parameters.Add(new NpgsqlParameter<string> { TypedValue = record.Resource });
        cmd.Parameters.Add(Text(record.SchoolUrn));
        cmd.Parameters.Add(Text(record.TrustId));
        cmd.Parameters.Add(new NpgsqlParameter<Guid[]> { TypedValue = [.. record.PupilIds] });
        cmd.Parameters.Add(new NpgsqlParameter<int> { TypedValue = record.PupilCount });
        cmd.Parameters.Add(Text(record.Detail));
        await cmd.ExecuteNonQueryAsync(ct);
    }

    /// <summary>The newest entries matching the filter, newest first.</summary>
    public async Task<IReadOnlyList<AccessLogEntry>> QueryAsync(AccessLogFilter filter, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(filter);
        await using var cmd = dataSource.CreateCommand(
            """
            SELECT id, at, username, role, action, resource, school_urn, trust_id, pupil_ids, pupil_count, detail
              FROM app.access_log
             WHERE ($1::text IS NULL OR username = $1)
               AND ($2::text IS NULL OR school_urn = $2)
               AND ($3::uuid IS NULL OR pupil_ids @> ARRAY[$3::uuid])
               AND ($4::timestamptz IS NULL OR at >= $4)
               AND ($5::timestamptz IS NULL OR at < $5)
               AND ($6::text[] IS NULL OR school_urn = ANY($6))
             ORDER BY id DESC
             LIMIT $7
            """);
        cmd.Parameters.Add(Text(string.IsNullOrWhiteSpace(filter.Username) ? null : AccountService.Normalise(filter.Username)));
        cmd.Parameters.Add(Text(string.IsNullOrWhiteSpace(filter.SchoolUrn) ? null : filter.SchoolUrn.Trim()));
        cmd.Parameters.Add(new NpgsqlParameter { Value = (object?)filter.PupilId ?? DBNull.Value, NpgsqlDbType = NpgsqlTypes.NpgsqlDbType.Uuid });
        cmd.Parameters.Add(Timestamp(filter.From));
        cmd.Parameters.Add(Timestamp(filter.To));
        cmd.Parameters.Add(new NpgsqlParameter
        {
            Value = filter.Schools is null ? DBNull.Value : filter.Schools.ToArray(),
            NpgsqlDbType = NpgsqlTypes.NpgsqlDbType.Array | NpgsqlTypes.NpgsqlDbType.Text,
        });
        cmd.Parameters.Add(new NpgsqlParameter<int> { TypedValue = Math.Clamp(filter.Limit, 1, 5000) });
        await using var reader = await cmd.ExecuteReaderAsync(ct);
        var entries = new List<AccessLogEntry>();
        while (await reader.ReadAsync(ct))
        {
            entries.Add(Read(reader));
        }

        return entries;
    }

    private static AccessLogEntry Read(NpgsqlDataReader reader) => new(
        reader.GetInt64(0), Instant.FromDateTimeUtc(reader.GetDateTime(1)), reader.GetString(2), reader.GetString(3), reader.GetString(4),
        reader.GetString(5), reader.IsDBNull(6) ? null : reader.GetString(6), reader.IsDBNull(7) ? null : reader.GetString(7),
        reader.GetFieldValue<Guid[]>(8), reader.GetInt32(9), reader.IsDBNull(10) ? null : reader.GetString(10));

    private static NpgsqlParameter Text(string? value) => new() { Value = (object?)value ?? DBNull.Value, NpgsqlDbType = NpgsqlTypes.NpgsqlDbType.Text };

    private static NpgsqlParameter Timestamp(Instant? value) =>
        new() { Value = (object?)value?.ToDateTimeUtc() ?? DBNull.Value, NpgsqlDbType = NpgsqlTypes.NpgsqlDbType.TimestampTz };
}
