using CareersCompliance.Domain.Activities;
using CareersCompliance.Domain.Pupils;
using CareersCompliance.EventStore;
using CareersCompliance.EventStore.Projections;
using Npgsql;

namespace CareersCompliance.Projections.SchoolStreams;

/// <summary>
/// Indexes the streams that hold a school's evidence: each pupil enrolled there and each activity it put on
/// (an activity corrected to another school is indexed under both, and the rules read the latest details).
/// </summary>
public sealed class SchoolStreamsProjection : IProjection
{
    public const string ProjectionName = "school_streams";

    public string Name => ProjectionName;

    public IReadOnlySet<string>? EventTypes { get; } =
        new HashSet<string>(StringComparer.Ordinal) { "pupil_enrolled", "activity_recorded", "activity_details_corrected" };

    public IReadOnlyList<string> Tables { get; } = ["school_streams"];

    public async Task ApplyAsync(IReadOnlyList<EventEnvelope> events, ProjectionContext context, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(events);
        ArgumentNullException.ThrowIfNull(context);
        var urns = new List<string>();
        var types = new List<string>();
        var ids = new List<Guid>();
        var positions = new List<long>();
        foreach (var e in events)
        {
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

        if (urns.Count == 0)
        {
            return;
        }

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
}
