using System.Diagnostics;
using CareersCompliance.EventStore;
using Npgsql;

namespace CareersCompliance.Benchmarks;

public sealed record PhaseResult(long Commands, int EventsPerCommand, double Seconds, IReadOnlyList<double> LatenciesMs)
{
    public double CommandsPerSecond => Commands / Seconds;

    public double EventsPerSecond => Commands * EventsPerCommand / Seconds;

    public double P99Ms => Phases.Percentile(LatenciesMs, 0.99);

    public PhaseResult Plus(PhaseResult other) =>
        new(Commands + other.Commands, EventsPerCommand, Seconds + other.Seconds, [.. LatenciesMs, .. other.LatenciesMs]);
}

public static class Phases
{
    public static async Task WarmUpAsync(PostgresEventStore store, NpgsqlDataSource owner, CancellationToken ct)
    {
        for (var i = 0; i < 200; i++)
        {
            var id = Guid.CreateVersion7();
            await store.AppendAsync(new StreamId("activity", id), ExpectedVersion.NoStream, [BenchEvents.New(id, i)], ct);
            await Baseline.InsertAsync(owner, id, 1, [BenchEvents.New(id, i)], ct);
        }
    }

    /// <summary>N writers, each appending eventsPerCommand events a command to its own streams, for a fixed time.</summary>
    public static async Task<PhaseResult> RunWritersAsync(int writers, double seconds, int eventsPerCommand,
        Func<Guid, long, NewEvent[], Task> append, SealLagMonitor? lag)
    {
        var latencies = new List<double>[writers];
        var stop = Stopwatch.StartNew();
        var tasks = Enumerable.Range(0, writers).Select(w => Task.Run(async () =>
        {
            var mine = latencies[w] = [];
            var streams = Enumerable.Range(0, 16).Select(_ => (Id: Guid.CreateVersion7(), Version: 0L)).ToArray();
            var n = 0;
            while (stop.Elapsed.TotalSeconds < seconds)
            {
                var k = n++ % streams.Length;
                var (id, version) = streams[k];
                var events = Enumerable.Range(0, eventsPerCommand).Select(i => BenchEvents.New(id, n + i)).ToArray();
                var started = Stopwatch.GetTimestamp();
                await append(id, version + 1, events);
                mine.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
                streams[k] = (id, version + eventsPerCommand);
                lag?.Committed(id, version + eventsPerCommand);
            }
        })).ToArray();
        await Task.WhenAll(tasks);
        var elapsed = stop.Elapsed.TotalSeconds;
        var all = latencies.SelectMany(l => l).ToList();
        return new PhaseResult(all.Count, eventsPerCommand, elapsed, all);
    }

    /// <summary>Alternates short baseline and store slices so background load on a shared machine hits both alike.</summary>
    public static async Task<(PhaseResult Baseline, PhaseResult Store)> AlternateAsync(int rounds, double seconds, int eventsPerCommand,
        Func<Guid, long, NewEvent[], Task> baseline, Func<Guid, long, NewEvent[], Task> store, SealLagMonitor? lag)
    {
        PhaseResult? b = null, s = null;
        for (var i = 0; i < rounds; i++)
        {
            var nextB = await RunWritersAsync(8, seconds / rounds, eventsPerCommand, baseline, null);
            var nextS = await RunWritersAsync(8, seconds / rounds, eventsPerCommand, store, lag);
            b = b is null ? nextB : b.Plus(nextB);
            s = s is null ? nextS : s.Plus(nextS);
        }

        return (b!, s!);
    }

    public static async Task ImportAsync(PostgresEventStore store, NpgsqlDataSource owner, int events, Report report, CancellationToken ct)
    {
        const int PerStream = 10;
        const int Chunk = 50_000;
        var appends = Enumerable.Range(0, events / PerStream).Select(_ =>
        {
            var id = Guid.CreateVersion7();
            return new StreamAppend(new StreamId("activity", id), ExpectedVersion.NoStream,
                [.. Enumerable.Range(0, PerStream).Select(i => BenchEvents.New(id, i))]);
        }).ToArray();

        var copyWatch = Stopwatch.StartNew();
        foreach (var chunk in appends.Chunk(Chunk / PerStream))
        {
            await Baseline.CopyAsync(owner, chunk, ct);
        }

        var copyRate = events / copyWatch.Elapsed.TotalSeconds;
        var importWatch = Stopwatch.StartNew();
        foreach (var chunk in appends.Chunk(Chunk / PerStream))
        {
            await store.ImportAsync(chunk, ct);
        }

        var importRate = events / importWatch.Elapsed.TotalSeconds;
        report.Add("baseline_copy_events_per_s", copyRate);
        report.Add("import_events_per_s", importRate);
        report.Add("import_ratio", importRate / copyRate);
    }

    public static double Percentile(IReadOnlyList<double> values, double p)
    {
        if (values.Count == 0)
        {
            return double.NaN;
        }

        var sorted = values.Order().ToArray();
        return sorted[Math.Min(sorted.Length - 1, (int)Math.Ceiling(p * sorted.Length) - 1)];
    }
}
