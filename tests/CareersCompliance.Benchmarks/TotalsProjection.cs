using CareersCompliance.EventStore;
using CareersCompliance.EventStore.Projections;
using Npgsql;

namespace CareersCompliance.Benchmarks;

/// <summary>An aggregate read model built the way rebuilds should be: aggregate the batch in memory, then one bulk upsert.</summary>
public sealed class TotalsProjection : IProjection
{
    public const string CreateSql = "CREATE TABLE rm.bench_totals (school_id uuid PRIMARY KEY, activities bigint NOT NULL, pupils bigint NOT NULL)";

    public string Name => "bench_totals";

    public IReadOnlySet<string>? EventTypes { get; } = new HashSet<string>(StringComparer.Ordinal) { "activity_recorded" };

    public IReadOnlyList<string> Tables { get; } = ["bench_totals"];

    public async Task ApplyAsync(IReadOnlyList<EventEnvelope> events, ProjectionContext context, CancellationToken ct)
    {
        var totals = new Dictionary<Guid, (long Activities, long Pupils)>();
        foreach (var e in events)
        {
            var data = (ActivityRecorded)e.Data;
            var (a, p) = totals.GetValueOrDefault(data.SchoolId);
            totals[data.SchoolId] = (a + 1, p + data.PupilCount);
        }

        var table = context.Table("bench_totals");
        await using var command = context.CreateCommand($"""
            INSERT INTO {table} (school_id, activities, pupils) SELECT * FROM unnest($1::uuid[], $2::bigint[], $3::bigint[])
            ON CONFLICT (school_id) DO UPDATE SET activities = {table}.activities + excluded.activities, pupils = {table}.pupils + excluded.pupils
            """);
        command.Parameters.Add(new NpgsqlParameter<Guid[]> { TypedValue = [.. totals.Keys] });
        command.Parameters.Add(new NpgsqlParameter<long[]> { TypedValue = [.. totals.Values.Select(v => v.Activities)] });
        command.Parameters.Add(new NpgsqlParameter<long[]> { TypedValue = [.. totals.Values.Select(v => v.Pupils)] });
        await command.ExecuteNonQueryAsync(ct);
    }
}
