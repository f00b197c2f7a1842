using System.Diagnostics;
using CareersCompliance.EventStore;
using CareersCompliance.EventStore.Hosting;
using JasperFx;
using JasperFx.Events;
using JasperFx.Events.Projections;
using Marten;
using Marten.Events.Projections;
using Marten.Services;
using Npgsql;

namespace CareersCompliance.Benchmarks;

/// <summary>
/// Marten's event store measured against the same bare-PostgreSQL baselines as ours, in the same run, before the product
/// moves onto it (issue 12): appends as the product would make them (stored name, our JSON, our metadata in the headers,
/// exact expected version), and whether Marten's async daemon loses events behind a long transaction.
/// </summary>
public static class MartenBench
{
    /// <summary>Marten configured as the product configures it (<see cref="MartenEventStoreConfiguration"/>), but in schema
    /// <c>marten</c> of the bench database, which Marten creates itself, with no ledger columns, locks or triggers of ours.</summary>
    /// <param name="dataSource">A data source of the bench database that outlives the store.</param>
    public static DocumentStore CreateStore(NpgsqlDataSource dataSource) => DocumentStore.For(o =>
    {
        MartenEventStoreConfiguration.Apply(o, dataSource, BenchEvents.Registry());
        o.DatabaseSchemaName = "marten";
        o.Events.DatabaseSchemaName = "marten";
        o.Projections.Add(new SeenProjection(), ProjectionLifecycle.Async);
        o.AutoCreateSchemaObjects = AutoCreate.All;
    });

    /// <summary>One command: events with our ids, our metadata as headers, and the exact expected version.</summary>
    public static async Task AppendAsync(DocumentStore store, Guid stream, long firstVersion, NewEvent[] events, CancellationToken ct)
    {
        await using var session = store.LightweightSession();
        session.CorrelationId = events[0].Metadata.CorrelationId.ToString();
        var action = firstVersion == 1
            ? session.Events.StartStream(stream, [.. events.Select(e => e.Data)])
            : session.Events.Append(stream, firstVersion + events.Length - 1, [.. events.Select(e => e.Data)]);
        for (var i = 0; i < events.Length; i++)
        {
            action.Events[i].Id = events[i].EventId;
            action.Events[i].SetHeader("metadata", events[i].Metadata);
        }

        await session.SaveChangesAsync(ct);
    }

    /// <summary>
    /// Holds one transaction open with early sequence numbers while writers commit later ones, then commits it, and
    /// counts what Marten's async daemon projected against what was stored, plus the rows of mt_high_water_skips.
    /// </summary>
    public static async Task LongTransactionAsync(DocumentStore store, NpgsqlDataSource owner, TimeSpan hold, Report report, CancellationToken ct)
    {
        using var daemon = await store.BuildProjectionDaemonAsync();
        await daemon.StartAllAsync();
        await using var connection = await owner.OpenConnectionAsync(ct);
        await using var tx = await connection.BeginTransactionAsync(ct);
        await using (var held = store.LightweightSession(SessionOptions.ForTransaction(tx)))
        {
            var id = Guid.CreateVersion7();
            held.Events.StartStream(id, [.. Enumerable.Range(0, 10).Select(i => BenchEvents.New(id, i).Data)]);
            await held.SaveChangesAsync(ct);
        }

        var writers = Phases.RunWritersAsync(4, hold.TotalSeconds, 1, (s, v, e) => AppendAsync(store, s, v, e, ct), null);
        await writers;
        await tx.CommitAsync(ct);

        var stored = await ScalarAsync(owner, "SELECT count(*) FROM marten.mt_events", ct);
        var watch = Stopwatch.StartNew();
        long seen = 0;
        while (watch.Elapsed < TimeSpan.FromSeconds(60) && (seen = await ScalarAsync(owner, "SELECT count(*) FROM marten.mt_doc_seenevent", ct)) < stored)
        {
            await Task.Delay(200, ct);
        }

        report.Add("marten_long_tx_hold_s", hold.TotalSeconds);
        report.Add("marten_long_tx_events_stored", stored);
        report.Add("marten_long_tx_events_projected", seen);
        report.Add("marten_high_water_skips", await ScalarAsync(owner, "SELECT count(*) FROM marten.mt_high_water_skips", ct));
        await daemon.StopAllAsync();
    }

    /// <summary>Rebuilds the projection from the start with the daemon: Marten's catch-up rate over the stored events.</summary>
    public static async Task CatchUpAsync(DocumentStore store, NpgsqlDataSource owner, Report report, CancellationToken ct)
    {
        var stored = await ScalarAsync(owner, "SELECT count(*) FROM marten.mt_events", ct);
        using var daemon = await store.BuildProjectionDaemonAsync();
        var watch = Stopwatch.StartNew();
        await daemon.RebuildProjectionAsync<SeenProjection>(TimeSpan.FromMinutes(5), ct);
        report.Add("marten_daemon_events_per_s", stored / watch.Elapsed.TotalSeconds);
    }

    private static async Task<long> ScalarAsync(NpgsqlDataSource owner, string sql, CancellationToken ct)
    {
        await using var command = owner.CreateCommand(sql);
        return Convert.ToInt64(await command.ExecuteScalarAsync(ct), System.Globalization.CultureInfo.InvariantCulture);
    }
}

/// <summary>One document per projected event, keyed by event id: a count equal to the stored events means none was lost.</summary>
public sealed class SeenEvent
{
    public Guid Id { get; set; }

    public long Sequence { get; set; }
}

/// <summary>The async projection the daemon runs in the bench.</summary>
internal sealed partial class SeenProjection : EventProjection
{
    /// <summary>Stores the seen marker (Marten finds this method by convention).</summary>
    /// <param name="e">The event with its metadata.</param>
    /// <param name="ops">The projection's document operations.</param>
    public static void Project(IEvent<ActivityRecorded> e, IDocumentOperations ops) =>
        ops.Store(new SeenEvent { Id = e.Id, Sequence = e.Sequence });
}
