using System.Globalization;
using CareersCompliance.Domain.Common;
using NodaTime;
using Npgsql;

namespace CareersCompliance.Application.Audit;

/// <summary>A field an amending event changed, old → new, as shown to people.</summary>
public sealed record TimelineChange(string Field, string? Old, string? New);

/// <summary>Who recorded one event of a timeline, when, from where and why (for amendments).</summary>
public sealed record TimelineRecord(
    string EventType, long Position, Instant RecordedAt, string ActorUser, string ActorRole, string SourceKind, string? ImportFile, long? ImportLine,
    string? Reason, IReadOnlyList<TimelineChange> Changes)
{
    public string Source => ImportFile is null ? SourceKind : ImportLine is { } line ? $"{ImportFile} line {line}" : ImportFile;
}

/// <summary>The evidence facts of an activity as recorded (no rule is applied here).</summary>
public sealed record ActivityFacts(
    string SchoolUrn, string Kind, LocalDate Date, LocalTime? StartTime, LocalTime? EndTime, string DeliveryMode, IReadOnlyList<string> ProviderIds,
    string? AdviserId, IReadOnlyList<int> YearGroups, IReadOnlyList<string> Checklist, string Title);

/// <summary>A pupil's attendance at an activity: attended, absent or withdrawn, with its history.</summary>
public sealed record AttendanceFacts(string Status, TimelineRecord Recorded, IReadOnlyList<TimelineRecord> Amendments);

/// <summary>How many pupils an activity's attendance records count as attended and absent.</summary>
public sealed record AttendanceCounts(int Attended, int Absent);

/// <summary>One activity on a timeline, with its latest details (as known), its corrections and retraction inline.</summary>
public sealed record TimelineEntry(
    string ActivityId, ActivityFacts Facts, bool Retracted, TimelineRecord Recorded, IReadOnlyList<TimelineRecord> Amendments,
    AttendanceFacts? Attendance, AttendanceCounts? Counts);

/// <summary>A pupil's or a school's evidence in valid-date order.</summary>
public sealed record Timeline(string Subject, string Id, LocalDate? From, LocalDate? To, Instant? KnownAt, IReadOnlyList<TimelineEntry> Entries);

/// <summary>The range and record-time cut of a timeline.</summary>
public sealed record TimelineQuery(LocalDate? From = null, LocalDate? To = null, Instant? KnownAt = null);

/// <summary>
/// Reads the evidence timelines from rm.timeline_activity and rm.timeline_attendance: a pupil's attendance rows and the
/// rows of those activities (two indexed reads), folded here in ledger order so that --known-at can leave out what was
/// recorded after the instant.
/// </summary>
public sealed class EvidenceTimeline(NpgsqlDataSource dataSource)
{
    private const string ActivityColumns =
        """
        event_type, position, recorded_at, actor_user, actor_role, source_kind, import_file, import_line, reason, activity_id, school_urn, kind,
        activity_date, start_time, end_time, delivery_mode, provider_ids, adviser_id, year_groups, checklist, title
        """;

    public async Task<Timeline> ForPupilAsync(PupilId pupil, string displayUpn, TimelineQuery query, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(query);
        var attendance = new Dictionary<string, List<TimelineRecord>>(StringComparer.Ordinal);
        var attended = new Dictionary<string, string>(StringComparer.Ordinal);
        await using (var cmd = dataSource.CreateCommand(
            """
            SELECT event_type, position, recorded_at, actor_user, actor_role, source_kind, import_file, import_line, reason, activity_id, attended
            FROM rm.timeline_attendance WHERE pupil_id = $1 AND recorded_at <= $2 ORDER BY position
            """))
        {
            cmd.Parameters.Add(new NpgsqlParameter<Guid> { TypedValue = pupil.Value });
            cmd.Parameters.Add(KnownAt(query));
            await using var reader = await cmd.ExecuteReaderAsync(ct);
            while (await reader.ReadAsync(ct))
            {
                var activity = reader.GetString(9);
                var status = await reader.GetFieldValueAsync<bool?>(10, ct) switch { true => "attended", false => "absent", null => "withdrawn" };
                var history = attendance.TryGetValue(activity, out var h) ? h : attendance[activity] = [];
                attended.TryGetValue(activity, out var before);
                var changes = before is null ? [] : new[] { new TimelineChange("attendance", before, status) };
                history.Add(await ReadRecordAsync(reader, changes, ct));
                attended[activity] = status;
            }
        }

        var entries = await FoldActivitiesAsync("activity_id = ANY($1)", new NpgsqlParameter<string[]> { TypedValue = [.. attendance.Keys] }, query, ct);
        var result = entries
            .Select(e => e with { Attendance = new AttendanceFacts(attended[e.ActivityId], attendance[e.ActivityId][0], attendance[e.ActivityId][1..]) })
            .ToList();
        return new Timeline("pupil", displayUpn, query.From, query.To, query.KnownAt, Order(result, query));
    }

    public async Task<Timeline> ForSchoolAsync(string urn, TimelineQuery query, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(query);
        var entries = await FoldActivitiesAsync(
            "activity_id IN (SELECT activity_id FROM rm.timeline_activity WHERE school_urn = $1)", new NpgsqlParameter<string> { TypedValue = urn },
            query, ct);
        entries = [.. entries.Where(e => string.Equals(e.Facts.SchoolUrn, urn, StringComparison.Ordinal))];
        var ordered = Order(entries, query);
        var counts = await CountsAsync([.. ordered.Select(e => e.ActivityId)], query, ct);
        return new Timeline("school", urn, query.From, query.To, query.KnownAt,
            [.. ordered.Select(e => e with { Counts = counts.GetValueOrDefault(e.ActivityId, new AttendanceCounts(0, 0)) })]);
    }

    private async Task<Dictionary<string, AttendanceCounts>> CountsAsync(string[] activities, TimelineQuery query, CancellationToken ct)
    {
        // The latest attendance record of each pupil (as known) decides whether they count.
        await using var cmd = dataSource.CreateCommand(
            """
            SELECT activity_id, count(*) FILTER (WHERE attended), count(*) FILTER (WHERE NOT attended)
            FROM (SELECT DISTINCT ON (activity_id, pupil_id) activity_id, attended
                  FROM rm.timeline_attendance WHERE activity_id = ANY($1) AND recorded_at <= $2
                  ORDER BY activity_id, pupil_id, position DESC) latest
            GROUP BY activity_id
            """);
        cmd.Parameters.Add(new NpgsqlParameter<string[]> { TypedValue = activities });
        cmd.Parameters.Add(KnownAt(query));
        var result = new Dictionary<string, AttendanceCounts>(StringComparer.Ordinal);
        await using var reader = await cmd.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct))
        {
            result[reader.GetString(0)] = new AttendanceCounts((int)reader.GetInt64(1), (int)reader.GetInt64(2));
        }

        return result;
    }

    private async Task<List<TimelineEntry>> FoldActivitiesAsync(string condition, NpgsqlParameter subject, TimelineQuery query, CancellationToken ct)
    {
        var builders = new Dictionary<string, Builder>(StringComparer.Ordinal);
        await using var cmd = dataSource.CreateCommand(
            $"SELECT {ActivityColumns} FROM rm.timeline_activity WHERE {condition} AND recorded_at <= $2 ORDER BY position");
        cmd.Parameters.Add(subject);
        cmd.Parameters.Add(KnownAt(query));
        await using var reader = await cmd.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct))
        {
            var id = reader.GetString(9);
            var type = reader.GetString(0);
            builders.TryGetValue(id, out var builder);
            if (string.Equals(type, "activity_retracted", StringComparison.Ordinal))
            {
                if (builder is not null)
                {
                    builder.Amendments.Add(await ReadRecordAsync(reader, [], ct));
                    builder.Retracted = true;
                }

                continue;
            }

            var facts = await ReadFactsAsync(reader, ct);
            if (builder is null)
            {
                builders[id] = new Builder(facts, await ReadRecordAsync(reader, [], ct));
            }
            else
            {
                builder.Amendments.Add(await ReadRecordAsync(reader, Diff(builder.Facts, facts), ct));
                builder.Facts = facts;
            }
        }

        return [.. builders.Select(b => new TimelineEntry(b.Key, b.Value.Facts, b.Value.Retracted, b.Value.Recorded, b.Value.Amendments, null, null))];
    }

    private static List<TimelineEntry> Order(IEnumerable<TimelineEntry> entries, TimelineQuery query) =>
    [
        .. entries
            .Where(e => (query.From is not { } from || e.Facts.Date >= from) && (query.To is not { } to || e.Facts.Date <= to))
            .OrderBy(e => e.Facts.Date).ThenBy(e => e.Facts.StartTime ?? LocalTime.Midnight).ThenBy(e => e.ActivityId, StringComparer.Ordinal),
    ];

    private static NpgsqlParameter<DateTime> KnownAt(TimelineQuery query) =>
        new() { TypedValue = (query.KnownAt ?? Instant.MaxValue).ToDateTimeUtc() };

    // Why: GetFieldValue<string?> throws on NULL; the annotation does not make it nullable.
    private static string? Str(NpgsqlDataReader reader, int ordinal) => reader.IsDBNull(ordinal) ? null : reader.GetString(ordinal);

    private static async Task<TimelineRecord> ReadRecordAsync(NpgsqlDataReader r, IReadOnlyList<TimelineChange> changes, CancellationToken ct) =>
        new(r.GetString(0), r.GetInt64(1), Instant.FromDateTimeUtc(r.GetDateTime(2)), r.GetString(3), r.GetString(4), r.GetString(5),
            Str(r, 6), await r.GetFieldValueAsync<long?>(7, ct), Str(r, 8), changes);

    private static async Task<ActivityFacts> ReadFactsAsync(NpgsqlDataReader r, CancellationToken ct) =>
        new(r.GetString(10), r.GetString(11), LocalDate.FromDateOnly(await r.GetFieldValueAsync<DateOnly>(12, ct)),
            await r.GetFieldValueAsync<TimeOnly?>(13, ct) is { } s ? LocalTime.FromTimeOnly(s) : null,
            await r.GetFieldValueAsync<TimeOnly?>(14, ct) is { } e ? LocalTime.FromTimeOnly(e) : null,
            r.GetString(15), await r.GetFieldValueAsync<string[]>(16, ct), Str(r, 17),
            await r.GetFieldValueAsync<int[]>(18, ct), await r.GetFieldValueAsync<string[]>(19, ct), r.GetString(20));

    /// <summary>The fields a correction changed, old → new.</summary>
    public static IReadOnlyList<TimelineChange> Diff(ActivityFacts old, ActivityFacts now)
    {
        ArgumentNullException.ThrowIfNull(old);
        ArgumentNullException.ThrowIfNull(now);
        var changes = new List<TimelineChange>();
        void Compare(string field, string? a, string? b)
        {
            if (!string.Equals(a, b, StringComparison.Ordinal))
            {
                changes.Add(new TimelineChange(field, a, b));
            }
        }

        Compare("school", old.SchoolUrn, now.SchoolUrn);
        Compare("kind", old.Kind, now.Kind);
        Compare("date", Text.Date(old.Date), Text.Date(now.Date));
        Compare("start", Text.Time(old.StartTime), Text.Time(now.StartTime));
        Compare("end", Text.Time(old.EndTime), Text.Time(now.EndTime));
        Compare("delivery", old.DeliveryMode, now.DeliveryMode);
        Compare("providers", string.Join(';', old.ProviderIds), string.Join(';', now.ProviderIds));
        Compare("adviser", old.AdviserId, now.AdviserId);
        Compare("yearGroups", Text.Years(old.YearGroups), Text.Years(now.YearGroups));
        Compare("checklist", string.Join(';', old.Checklist), string.Join(';', now.Checklist));
        Compare("title", old.Title, now.Title);
        return changes;
    }

    private sealed class Builder(ActivityFacts facts, TimelineRecord recorded)
    {
        public ActivityFacts Facts { get; set; } = facts;

        public TimelineRecord Recorded { get; } = recorded;

        public List<TimelineRecord> Amendments { get; } = [];

        public bool Retracted { get; set; }
    }
}

/// <summary>How timeline and audit values are written for people and files.</summary>
public static class Text
{
    public static string Date(LocalDate date) => NodaTime.Text.LocalDatePattern.Iso.Format(date);

    public static string Instant(Instant instant) => NodaTime.Text.InstantPattern.General.Format(instant);

    public static string? Time(LocalTime? time) => time?.ToString("HH:mm", CultureInfo.InvariantCulture);

    public static string Years(IReadOnlyList<int> years) => string.Join(';', years.Select(y => y.ToString(CultureInfo.InvariantCulture)));
}
