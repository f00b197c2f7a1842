using System.Globalization;
using CareersCompliance.Domain.Activities;
using CareersCompliance.EventStore;
using CareersCompliance.EventStore.Projections;
using CareersCompliance.Projections.Audit;
using Npgsql;
using NpgsqlTypes;

namespace CareersCompliance.Projections.Timelines;

/// <summary>
/// rm.timeline_activity and rm.timeline_attendance: every activity and attendance event as a row, keyed by event id, with
/// who recorded it and from where. Why rows of events rather than a folded view: a timeline "known at" an instant must
/// drop what was recorded later, so the fold happens at read time over a pupil's (or school's) few indexed rows.
/// </summary>
public sealed class EvidenceTimelineProjection : IProjection
{
    public const string ProjectionName = "evidence_timeline";

    public string Name => ProjectionName;

    public IReadOnlySet<string>? EventTypes { get; } = new HashSet<string>(StringComparer.Ordinal)
    {
        "activity_recorded", "activity_details_corrected", "activity_retracted",
        "attendance_recorded", "attendance_corrected", "attendance_withdrawn",
    };

    public IReadOnlyList<string> Tables { get; } = ["timeline_activity", "timeline_attendance"];

    public async Task ApplyAsync(IReadOnlyList<EventEnvelope> events, ProjectionContext context, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(events);
        ArgumentNullException.ThrowIfNull(context);
        var activities = new List<(EventEnvelope E, string Id, ActivityDetails? Details, string? Reason)>();
        var attendance = new List<(EventEnvelope E, ActivityEvent A, Guid Pupil, bool? Attended, string? Reason)>();
        foreach (var e in events)
        {
            switch (e.Data)
            {
                case ActivityEvent.ActivityRecorded a:
                    activities.Add((e, a.ActivityId.Value, a.Details, null));
                    break;
                case ActivityEvent.ActivityDetailsCorrected a:
                    activities.Add((e, a.ActivityId.Value, a.Details, a.Reason));
                    break;
                case ActivityEvent.ActivityRetracted a:
                    activities.Add((e, a.ActivityId.Value, null, a.Reason));
                    break;
                case ActivityEvent.AttendanceRecorded a:
                    attendance.Add((e, a, a.PupilId.Value, a.Attended, null));
                    break;
                case ActivityEvent.AttendanceCorrected a:
                    attendance.Add((e, a, a.PupilId.Value, a.Attended, a.Reason));
                    break;
                case ActivityEvent.AttendanceWithdrawn a:
                    attendance.Add((e, a, a.PupilId.Value, null, a.Reason));
                    break;
            }
        }

        if (activities.Count > 0)
        {
            await InsertActivitiesAsync(activities, context, ct);
        }

        if (attendance.Count > 0)
        {
            await InsertAttendanceAsync(attendance, context, ct);
        }
    }

    private static async Task InsertActivitiesAsync(
        List<(EventEnvelope E, string Id, ActivityDetails? Details, string? Reason)> rows, ProjectionContext context, CancellationToken ct)
    {
        // Why lists travel as ';'-joined text: unnest flattens a two-dimensional array, so jagged lists cannot be passed as arrays.
        await using var cmd = context.CreateCommand(
            $"""
             INSERT INTO {context.Table("timeline_activity")} (event_id, position, activity_id, event_type, school_urn, recorded_at, actor_user,
                 actor_role, source_kind, import_file, import_line, kind, activity_date, start_time, end_time, delivery_mode, provider_ids,
                 adviser_id, year_groups, checklist, title, reason)
             SELECT u.event_id, u.position, u.activity_id, u.event_type, u.school_urn, u.recorded_at, u.actor_user, u.actor_role, u.source_kind,
                    u.import_file, u.import_line, u.kind, u.activity_date, u.start_time, u.end_time, u.delivery_mode,
                    string_to_array(u.provider_ids, ';'), u.adviser_id, string_to_array(u.year_groups, ';')::int[],
                    string_to_array(u.checklist, ';'), u.title, u.reason
             FROM unnest($1::uuid[], $2::bigint[], $3::text[], $4::text[], $5::text[], $6::timestamptz[], $7::text[], $8::text[], $9::text[],
                         $10::text[], $11::bigint[], $12::text[], $13::date[], $14::time[], $15::time[], $16::text[], $17::text[], $18::text[],
                         $19::text[], $20::text[], $21::text[], $22::text[])
                  AS u(event_id, position, activity_id, event_type, school_urn, recorded_at, actor_user, actor_role, source_kind, import_file,
                       import_line, kind, activity_date, start_time, end_time, delivery_mode, provider_ids, adviser_id, year_groups, checklist,
                       title, reason)
             ON CONFLICT (event_id) DO NOTHING
             """);
        var p = cmd.Parameters;
        AddCommon(p, rows.Select(r => r.E).ToList(), [.. rows.Select(r => r.Id)]);
        var details = rows.Select(r => r.Details).ToList();
        var e = rows.Select(r => r.E).ToList();
        p.Add(new NpgsqlParameter<string?[]> { TypedValue = [.. details.Select(d => d?.SchoolUrn.Value)] });
        AddWho(p, e);
        p.Add(new NpgsqlParameter<string?[]> { TypedValue = [.. details.Select(d => d is null ? null : Words.Snake(d.Kind))] });
        p.Add(AuditIndexProjection.Nullable(NpgsqlDbType.Date, details.Select(d => d?.Date.ToDateOnly())));
        p.Add(AuditIndexProjection.Nullable(NpgsqlDbType.Time, details.Select(d => d?.StartTime?.ToTimeOnly())));
        p.Add(AuditIndexProjection.Nullable(NpgsqlDbType.Time, details.Select(d => d?.EndTime?.ToTimeOnly())));
        p.Add(new NpgsqlParameter<string?[]> { TypedValue = [.. details.Select(d => d is null ? null : Words.Snake(d.DeliveryMode))] });
        p.Add(new NpgsqlParameter<string?[]> { TypedValue = [.. details.Select(d => d is null ? null : string.Join(';', d.ProviderIds))] });
        p.Add(new NpgsqlParameter<string?[]> { TypedValue = [.. details.Select(d => d?.AdviserId?.Value)] });
        p.Add(new NpgsqlParameter<string?[]>
        {
            TypedValue = [.. details.Select(d => d is null ? null : string.Join(';', d.YearGroups.Select(y => y.ToString(CultureInfo.InvariantCulture))))],
        });
        p.Add(new NpgsqlParameter<string?[]> { TypedValue = [.. details.Select(d => d is null ? null : string.Join(';', ChecklistTokens(d.Checklist)))] });
        p.Add(new NpgsqlParameter<string?[]> { TypedValue = [.. details.Select(d => d?.Title)] });
        p.Add(new NpgsqlParameter<string?[]> { TypedValue = [.. rows.Select(r => r.Reason)] });
        await cmd.ExecuteNonQueryAsync(ct);
    }

    private static async Task InsertAttendanceAsync(
        List<(EventEnvelope E, ActivityEvent A, Guid Pupil, bool? Attended, string? Reason)> rows, ProjectionContext context, CancellationToken ct)
    {
        await using var cmd = context.CreateCommand(
            $"""
             INSERT INTO {context.Table("timeline_attendance")} (event_id, position, activity_id, event_type, pupil_id, attended, reason,
                 recorded_at, actor_user, actor_role, source_kind, import_file, import_line)
             SELECT u.event_id, u.position, u.activity_id, u.event_type, u.pupil_id, u.attended, u.reason, u.recorded_at, u.actor_user,
                    u.actor_role, u.source_kind, u.import_file, u.import_line
             FROM unnest($1::uuid[], $2::bigint[], $3::text[], $4::text[], $5::timestamptz[], $6::text[], $7::text[], $8::text[], $9::text[],
                         $10::bigint[], $11::uuid[], $12::boolean[], $13::text[])
                  AS u(event_id, position, activity_id, event_type, recorded_at, actor_user, actor_role, source_kind, import_file, import_line,
                       pupil_id, attended, reason)
             ON CONFLICT (event_id) DO NOTHING
             """);
        var p = cmd.Parameters;
        var e = rows.Select(r => r.E).ToList();
        AddCommon(p, e, [.. rows.Select(r => ActivityIdOf(r.A))]);
        AddWho(p, e);
        p.Add(new NpgsqlParameter<Guid[]> { TypedValue = [.. rows.Select(r => r.Pupil)] });
        p.Add(AuditIndexProjection.Nullable(NpgsqlDbType.Boolean, rows.Select(r => r.Attended)));
        p.Add(new NpgsqlParameter<string?[]> { TypedValue = [.. rows.Select(r => r.Reason)] });
        await cmd.ExecuteNonQueryAsync(ct);
    }

    // $1..$4: event id, position, activity id, event type.
    private static void AddCommon(NpgsqlParameterCollection p, List<EventEnvelope> events, string[] activityIds)
    {
        p.Add(new NpgsqlParameter<Guid[]> { TypedValue = [.. events.Select(e => e.EventId)] });
        p.Add(new NpgsqlParameter<long[]> { TypedValue = [.. events.Select(e => e.Position ?? 0)] });
        p.Add(new NpgsqlParameter<string[]> { TypedValue = activityIds });
        p.Add(new NpgsqlParameter<string[]> { TypedValue = [.. events.Select(e => e.EventType)] });
    }

    // recorded_at, actor user and role, source kind, import file and line.
    private static void AddWho(NpgsqlParameterCollection p, List<EventEnvelope> events)
    {
        p.Add(new NpgsqlParameter<DateTime[]> { TypedValue = [.. events.Select(e => e.RecordedAt.ToDateTimeUtc())] });
        p.Add(new NpgsqlParameter<string[]> { TypedValue = [.. events.Select(e => e.Metadata.Actor.UserId)] });
        p.Add(new NpgsqlParameter<string[]> { TypedValue = [.. events.Select(e => e.Metadata.Actor.Role)] });
        p.Add(new NpgsqlParameter<string[]> { TypedValue = [.. events.Select(e => AuditIndexProjection.SourceName(e.Metadata.Source.Kind))] });
        p.Add(new NpgsqlParameter<string?[]> { TypedValue = [.. events.Select(e => e.Metadata.Source.ImportFile)] });
        p.Add(AuditIndexProjection.Nullable(NpgsqlDbType.Bigint, events.Select(e => e.Metadata.Source.ImportLine)));
    }

    private static string ActivityIdOf(ActivityEvent a) => a switch
    {
        ActivityEvent.AttendanceRecorded r => r.ActivityId.Value,
        ActivityEvent.AttendanceCorrected r => r.ActivityId.Value,
        ActivityEvent.AttendanceWithdrawn r => r.ActivityId.Value,
        _ => throw new ArgumentOutOfRangeException(nameof(a), a.GetType().Name, "Not an attendance event."),
    };

    /// <summary>The import tokens of the ticked checklist items, in the contract's order.</summary>
    public static IEnumerable<string> ChecklistTokens(ActivityChecklist c)
    {
        ArgumentNullException.ThrowIfNull(c);
        bool[] ticked = [c.ProviderInfo, c.Careers, c.LearningLike, c.Questions, c.Purpose, c.Outcomes, c.TwoWay, c.Reflection,
            c.RangeOfPeople, c.Task, c.Feedback];
        return ActivityChecklist.Tokens.Where((_, i) => ticked[i]);
    }
}
