using CareersCompliance.Domain.Activities;
using CareersCompliance.Domain.Pupils;
using CareersCompliance.EventStore;
using CareersCompliance.EventStore.Projections;
using Npgsql;

namespace CareersCompliance.Projections.SchoolStreams;

/// <summary>
/// Indexes the streams that hold a school's evidence: each pupil enrolled there, each activity it put on (an activity
/// corrected to another school is indexed under both, and the rules read the latest details), and each activity of another
/// school that one of its pupils is on the register of, before or after joining (evidence follows the pupil, decisions/0032).
/// </summary>
public sealed class SchoolStreamsProjection : IProjection
{
    public const string ProjectionName = "school_streams";

    public string Name => ProjectionName;

    public IReadOnlySet<string>? EventTypes { get; } =
        new HashSet<string>(StringComparer.Ordinal)
        {
            "pupil_enrolled", "activity_recorded", "activity_details_corrected", "attendance_recorded", "attendance_corrected",
        };

    public IReadOnlyList<string> Tables { get; } = ["school_streams", "pupil_activity_streams"];

    public async Task ApplyAsync(IReadOnlyList<EventEnvelope> events, ProjectionContext context, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(events);
        ArgumentNullException.ThrowIfNull(context);
        var urns = new List<string>();
        var types = new List<string>();
        var ids = new List<Guid>();
        var positions = new List<long>();
        var registerPupils = new List<Guid>();
        var registerActivities = new List<Guid>();
        var enrolledPupils = new List<Guid>();
        var enrolledAt = new List<string>();
        foreach (var e in events)
        {
            switch (e.Data)
            {
                case ActivityEvent.AttendanceRecorded a:
                    registerPupils.Add(a.PupilId.Value);
                    registerActivities.Add(e.Stream.Id);
                    break;
                case ActivityEvent.AttendanceCorrected a:
                    registerPupils.Add(a.PupilId.Value);
                    registerActivities.Add(e.Stream.Id);
                    break;
                case PupilEvent.PupilEnrolled p:
                    enrolledPupils.Add(e.Stream.Id);
                    enrolledAt.Add(p.SchoolUrn.Value);
                    break;
                default:
                    break;
            }

            var urn = e.Data switch
            {
                PupilEvent.PupilEnrolled p => p.SchoolUrn.Value,
                ActivityEvent.ActivityRecorded a => a.Details.SchoolUrn.Value,
                ActivityEvent.ActivityDetailsCorrected a => a.Details.SchoolUrn.Value,
                _ => null,
            };
            if (urn is not null)
            {
                urns.Add(urn);
                types.Add(e.Stream.Type);
                ids.Add(e.Stream.Id);
                positions.Add(e.Position ?? 0);
            }
        }

        if (urns.Count > 0)
        {
            await IndexOwnStreamsAsync(context, urns, types, ids, positions, ct);
        }

        if (registerPupils.Count > 0 || enrolledPupils.Count > 0)
        {
            await IndexAttendedActivitiesAsync(context, registerPupils, registerActivities, enrolledPupils, enrolledAt,
                events[^1].Position ?? 0, ct);
        }
    }

    private static async Task IndexOwnStreamsAsync(
        ProjectionContext context, List<string> urns, List<string> types, List<Guid> ids, List<long> positions, CancellationToken ct)
    {
        await using var cmd = context.CreateCommand(
            $"""
             INSERT INTO {context.Table("school_streams")} (school_urn, stream_type, stream_id, first_position)
             SELECT * FROM unnest($1::text[], $2::text[], $3::uuid[], $4::bigint[])
             ON CONFLICT (school_urn, stream_id) DO NOTHING
             """);
        cmd.Parameters.Add(new NpgsqlParameter<string[]> { TypedValue = [.. urns] });
        cmd.Parameters.Add(new NpgsqlParameter<string[]> { TypedValue = [.. types] });
        cmd.Parameters.Add(new NpgsqlParameter<Guid[]> { TypedValue = [.. ids] });
        cmd.Parameters.Add(new NpgsqlParameter<long[]> { TypedValue = [.. positions] });
        await cmd.ExecuteNonQueryAsync(ct);
    }

    /// <summary>
    /// Records who is on which register, then indexes the activity under every school the pupil is enrolled at: for a new
    /// register line, at the pupil's schools so far; for a new enrolment, every activity the pupil was on the register of before.
    /// </summary>
    private static async Task IndexAttendedActivitiesAsync(
        ProjectionContext context, List<Guid> pupils, List<Guid> activities, List<Guid> enrolled, List<string> enrolledAt, long position,
        CancellationToken ct)
    {
        var streams = context.Table("school_streams");
        var registers = context.Table("pupil_activity_streams");
        // Three statements in order: the later ones read what the earlier wrote.
        await using var batch = new NpgsqlBatch(context.Connection, context.Transaction);
        var record = new NpgsqlBatchCommand(
            $"""
             INSERT INTO {registers} (pupil_id, activity_stream)
             SELECT DISTINCT * FROM unnest($1::uuid[], $2::uuid[])
             ON CONFLICT DO NOTHING
             """);
        record.Parameters.Add(new NpgsqlParameter<Guid[]> { TypedValue = [.. pupils] });
        record.Parameters.Add(new NpgsqlParameter<Guid[]> { TypedValue = [.. activities] });
        var byRegister = new NpgsqlBatchCommand(
            $"""
             INSERT INTO {streams} (school_urn, stream_type, stream_id, first_position)
             SELECT DISTINCT s.school_urn, 'activity', x.activity, $3::bigint
             FROM unnest($1::uuid[], $2::uuid[]) AS x (pupil, activity)
             JOIN {streams} s ON s.stream_id = x.pupil AND s.stream_type = 'pupil'
             ON CONFLICT (school_urn, stream_id) DO NOTHING
             """);
        byRegister.Parameters.Add(new NpgsqlParameter<Guid[]> { TypedValue = [.. pupils] });
        byRegister.Parameters.Add(new NpgsqlParameter<Guid[]> { TypedValue = [.. activities] });
        byRegister.Parameters.Add(new NpgsqlParameter<long> { TypedValue = position });
        var byEnrolment = new NpgsqlBatchCommand(
            $"""
             INSERT INTO {streams} (school_urn, stream_type, stream_id, first_position)
             SELECT DISTINCT x.urn, 'activity', r.activity_stream, $3::bigint
             FROM unnest($1::uuid[], $2::text[]) AS x (pupil, urn)
             JOIN {registers} r ON r.pupil_id = x.pupil
             ON CONFLICT (school_urn, stream_id) DO NOTHING
             """);
        byEnrolment.Parameters.Add(new NpgsqlParameter<Guid[]> { TypedValue = [.. enrolled] });
        byEnrolment.Parameters.Add(new NpgsqlParameter<string[]> { TypedValue = [.. enrolledAt] });
        byEnrolment.Parameters.Add(new NpgsqlParameter<long> { TypedValue = position });
        batch.BatchCommands.Add(record);
        batch.BatchCommands.Add(byRegister);
        batch.BatchCommands.Add(byEnrolment);
        await batch.ExecuteNonQueryAsync(ct);
    }
}
