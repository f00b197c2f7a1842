using System.Globalization;
using System.Text;
using CareersCompliance.Application.Pupils;
using CareersCompliance.Domain.Common;
using NodaTime;
using Npgsql;

namespace CareersCompliance.Application.Audit;

/// <summary>Filters of <c>careers audit</c>; every one is optional and they combine with AND.</summary>
public sealed record AuditFilter
{
    public string? SchoolUrn { get; init; }

    public PupilId? Pupil { get; init; }

    public string? Actor { get; init; }

    public IReadOnlyList<string> EventTypes { get; init; } = [];

    /// <summary>Recorded at or after this instant.</summary>
    public Instant? From { get; init; }

    /// <summary>Recorded at or before this instant.</summary>
    public Instant? To { get; init; }

    /// <summary>The imported file name, as the source names it.</summary>
    public string? File { get; init; }

    /// <summary>The events of one activity: its recording, register, corrections and retraction.</summary>
    public string? ActivityId { get; init; }

    /// <summary>Show the trail as it stood at this instant: nothing recorded after it.</summary>
    public Instant? KnownAt { get; init; }

    /// <summary>Rows after this ledger position (the paging cursor).</summary>
    public long After { get; init; }

    public int Limit { get; init; } = 100;
}

/// <summary>One audit row: who recorded what, when, from where, what it corrects and why. Pupils by UPN, never by name.</summary>
public sealed record AuditEntry(
    long Position,
    Guid EventId,
    string EventType,
    string StreamType,
    Guid StreamId,
    long StreamVersion,
    Instant RecordedAt,
    LocalDate? ValidDate,
    Instant? ValidAt,
    string ActorUser,
    string ActorRole,
    string SourceKind,
    string? ImportFile,
    string? ImportSha256,
    long? ImportLine,
    string TrustId,
    string? SchoolUrn,
    string? Pupil,
    string? ActivityId,
    Guid CorrelationId,
    Guid? CausationId,
    string? Command,
    string? Reason,
    string? Corrects,
    string? Summary)
{
    /// <summary>Where the event came from: "file.csv line 12" for imports, otherwise the source kind.</summary>
    public string Source => ImportFile is null ? SourceKind : ImportLine is { } line ? $"{ImportFile} line {line}" : ImportFile;
}

/// <summary>A page of the audit trail, with the cursor of the next page when there is one.</summary>
public sealed record AuditPage(IReadOnlyList<AuditEntry> Entries, long? NextAfter);

/// <summary>Reads rm.audit_index with the filters of <c>careers audit</c>, in ledger order, a page at a time.</summary>
public sealed class AuditTrail(NpgsqlDataSource dataSource, PupilRegister pupils)
{
    public async Task<AuditPage> QueryAsync(AuditFilter filter, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(filter);
        await using var cmd = BuildCommand(filter);
        var rows = new List<(AuditEntry Entry, Guid? PupilId)>();
        await using (var reader = await cmd.ExecuteReaderAsync(ct))
        {
            while (await reader.ReadAsync(ct))
            {
                rows.Add((await ReadEntryAsync(reader, ct), await reader.GetFieldValueAsync<Guid?>(17, ct)));
            }
        }

        var more = rows.Count > filter.Limit;
        if (more)
        {
            rows.RemoveAt(rows.Count - 1);
        }

        var ids = rows.Where(r => r.PupilId is not null).Select(r => new PupilId(r.PupilId!.Value)).Distinct().ToList();
        var details = await pupils.GetAsync(ids, ct);
        var entries = rows.ConvertAll(r => r.PupilId is { } id
            ? r.Entry with { Pupil = details.TryGetValue(new PupilId(id), out var d) ? d.DisplayUpn : "[unknown]" }
            : r.Entry);
        return new AuditPage(entries, more ? entries[^1].Position : null);
    }

    /// <summary>
    /// The school's latest recordings, newest first, one per command (an import or a register is one recording): its first
    /// event and how many it wrote. Reads the newest <paramref name="scan"/> rows of the school's index, backwards. Alerts
    /// are left out: they are what the system noticed, not what anyone recorded.
    /// </summary>
    public async Task<IReadOnlyList<(AuditEntry First, int Events)>> LatestForSchoolAsync(string schoolUrn, int count, CancellationToken ct, int scan = 500)
    {
        await using var cmd = dataSource.CreateCommand(
            """
            SELECT position, event_id, event_type, stream_type, stream_id, stream_version, recorded_at, valid_date, valid_at, actor_user,
                   actor_role, source_kind, import_file, import_sha256, import_line, trust_id, school_urn, pupil_id, activity_id,
                   correlation_id, causation_id, command, reason, corrects, summary
            FROM rm.audit_index WHERE school_urn = $1 AND stream_type <> 'alert' ORDER BY position DESC LIMIT $2
            """);
        cmd.Parameters.Add(new NpgsqlParameter<string> { TypedValue = schoolUrn });
        cmd.Parameters.Add(new NpgsqlParameter<int> { TypedValue = scan });
        var groups = new List<(AuditEntry First, int Events)>();
        var index = new Dictionary<Guid, int>();
        await using var reader = await cmd.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct))
        {
            var entry = await ReadEntryAsync(reader, ct);
            if (index.TryGetValue(entry.CorrelationId, out var i))
            {
                // Newest first: the earlier event of the command becomes its first.
                groups[i] = (entry, groups[i].Events + 1);
            }
            else if (groups.Count < count)
            {
                index[entry.CorrelationId] = groups.Count;
                groups.Add((entry, 1));
            }
        }

        return groups;
    }

    private NpgsqlCommand BuildCommand(AuditFilter filter)
    {
        var sql = new StringBuilder(
            """
            SELECT position, event_id, event_type, stream_type, stream_id, stream_version, recorded_at, valid_date, valid_at, actor_user,
                   actor_role, source_kind, import_file, import_sha256, import_line, trust_id, school_urn, pupil_id, activity_id,
                   correlation_id, causation_id, command, reason, corrects, summary
            FROM rm.audit_index WHERE position > $1
            """);
        var cmd = dataSource.CreateCommand();
        cmd.Parameters.Add(new NpgsqlParameter<long> { TypedValue = filter.After });
        void Add(string condition, NpgsqlParameter parameter)
        {
            cmd.Parameters.Add(parameter);
            sql.Append(" AND ").Append(condition.Replace("@", "$" + cmd.Parameters.Count.ToString(CultureInfo.InvariantCulture), StringComparison.Ordinal));
        }

        void Where<T>(string condition, T? value)
            where T : class
        {
            if (value is not null)
            {
                Add(condition, new NpgsqlParameter<T> { TypedValue = value });
            }
        }

        void WhereValue<T>(string condition, T? value)
            where T : struct
        {
            if (value is { } v)
            {
                Add(condition, new NpgsqlParameter<T> { TypedValue = v });
            }
        }

        Where("school_urn = @", filter.SchoolUrn);
        WhereValue("pupil_id = @", filter.Pupil?.Value);
        Where("actor_user = @", filter.Actor);
        Where("event_type = ANY(@)", filter.EventTypes.Count > 0 ? filter.EventTypes.ToArray() : null);
        WhereValue("recorded_at >= @", filter.From?.ToDateTimeUtc());
        WhereValue("recorded_at <= @", filter.To?.ToDateTimeUtc());
        WhereValue("recorded_at <= @", filter.KnownAt?.ToDateTimeUtc());
        Where("import_file = @", filter.File);
        Where("activity_id = @", filter.ActivityId);

        // One row more than asked tells whether another page follows.
        cmd.Parameters.Add(new NpgsqlParameter<int> { TypedValue = filter.Limit + 1 });
        sql.Append(" ORDER BY position LIMIT $").Append(cmd.Parameters.Count);
        cmd.CommandText = sql.ToString();
        return cmd;
    }

    // Why: GetFieldValue<string?> throws on NULL; the annotation does not make it nullable.
    private static string? Str(NpgsqlDataReader reader, int ordinal) => reader.IsDBNull(ordinal) ? null : reader.GetString(ordinal);

    private static async Task<AuditEntry> ReadEntryAsync(NpgsqlDataReader reader, CancellationToken ct) =>
        new(
            reader.GetInt64(0),
            reader.GetGuid(1),
            reader.GetString(2),
            reader.GetString(3),
            reader.GetGuid(4),
            reader.GetInt64(5),
            Instant.FromDateTimeUtc(reader.GetDateTime(6)),
            await reader.GetFieldValueAsync<DateOnly?>(7, ct) is { } vd ? LocalDate.FromDateOnly(vd) : null,
            await reader.GetFieldValueAsync<DateTime?>(8, ct) is { } va ? Instant.FromDateTimeUtc(va) : null,
            reader.GetString(9),
            reader.GetString(10),
            reader.GetString(11),
            Str(reader, 12),
            Str(reader, 13),
            await reader.GetFieldValueAsync<long?>(14, ct),
            reader.GetString(15),
            Str(reader, 16),
            null,
            Str(reader, 18),
            reader.GetGuid(19),
            await reader.GetFieldValueAsync<Guid?>(20, ct),
            Str(reader, 21),
            Str(reader, 22),
            Str(reader, 23),
            Str(reader, 24));
}
