using CareersCompliance.Application;
using CareersCompliance.EventStore.Projections;

namespace CareersCompliance.Projections.IntegrationTests;

/// <summary>The audit and timeline read models rebuilt blue/green from the ledger equal what the daemon built incrementally.</summary>
public sealed class RebuildTests(AuditWorld world) : IClassFixture<AuditWorld>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Theory]
    [InlineData("audit_index", "audit_index")]
    [InlineData("evidence_timeline", "timeline_activity")]
    [InlineData("evidence_timeline", "timeline_attendance")]
    public async Task a_rebuild_equals_incremental_processing(string projectionName, string table)
    {
        var projection = CareersRuntime.Projections().Single(p => string.Equals(p.Name, projectionName, StringComparison.Ordinal));
        var incremental = await DumpAsync(table);

        await new ProjectionRebuilder(world.Db.Owner, world.Runtime.Registry) { BatchSize = 7 }.RebuildAsync(projection, Ct);

        incremental.Should().NotBeEmpty();
        (await DumpAsync(table)).Should().Equal(incremental);
    }

    [Fact]
    public async Task replaying_a_batch_changes_nothing()
    {
        var before = await DumpAsync("timeline_attendance");
        await using (var rewind = world.Db.Owner.CreateCommand("UPDATE es.checkpoints SET position = 0 WHERE name IN ('audit_index', 'evidence_timeline')"))
        {
            await rewind.ExecuteNonQueryAsync(Ct);
        }

        await world.Runtime.CatchUpAsync(Ct);

        (await DumpAsync("timeline_attendance")).Should().Equal(before);
    }

    private async Task<List<string>> DumpAsync(string table)
    {
        // Every column as text, in a stable order, so any difference shows.
        await using var cmd = world.Db.App.CreateCommand($"SELECT t::text FROM rm.{table} t ORDER BY position");
        var rows = new List<string>();
        await using var reader = await cmd.ExecuteReaderAsync(Ct);
        while (await reader.ReadAsync(Ct))
        {
            rows.Add(reader.GetString(0));
        }

        return rows;
    }
}
