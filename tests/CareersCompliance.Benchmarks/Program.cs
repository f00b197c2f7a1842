using System.Diagnostics;
using System.Globalization;
using CareersCompliance.Benchmarks;
using CareersCompliance.EventStore;
using CareersCompliance.EventStore.Hosting;
using CareersCompliance.EventStore.Projections;
using CareersCompliance.EventStore.Sealing;
using CareersCompliance.EventStore.Verification;

// Bounded benchmark of the event store against bare PostgreSQL baselines measured in the same run (design 7.8).
if (args is ["import", .. var importArgs])
{
    return await ImportBench.RunAsync(importArgs, CancellationToken.None);
}

if (args is ["load", ..])
{
    return await LoadBench.RunAsync(args);
}

var seconds = args.Length > 0 ? double.Parse(args[0], CultureInfo.InvariantCulture) : 6.0;
var importEvents = args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 200_000;
var ct = CancellationToken.None;
var adminCs = await DatabaseLocator.ResolveAsync(Environment.GetEnvironmentVariable("CAREERS_BENCH_DB"), "CAREERS_BENCH_ADMIN_DB", "careers", ct);
var benchCs = await Setup.CreateBenchDatabaseAsync(adminCs, ct);
await using var owner = EventStoreDataSources.CreateOwner(benchCs);
await using var app = EventStoreDataSources.CreateApplication(benchCs);
await using var sealerSource = EventStoreDataSources.CreateSealer(benchCs);
var store = new PostgresEventStore(app, BenchEvents.Registry());
var report = new Report();

var sealer = new LedgerSealer(sealerSource);
using var stopSealer = new CancellationTokenSource();
var sealing = Environment.GetEnvironmentVariable("BENCH_NO_SEALER") is null ? sealer.RunAsync(stopSealer.Token) : Task.CompletedTask;
var lag = new SealLagMonitor(owner);
using var stopLag = new CancellationTokenSource();
var lagTask = lag.RunAsync(stopLag.Token);

await Phases.WarmUpAsync(store, owner, ct);
Task BaselineInsert(Guid s, long v, NewEvent[] e) => Baseline.InsertAsync(owner, s, v, e, ct);
Task StoreAppend(Guid s, long v, NewEvent[] e) => store.AppendAsync(new StreamId("activity", s), ExpectedVersion.Exact(v - 1), e, ct);
var (baseSingle, storeSingle) = await Phases.AlternateAsync(4, 2 * seconds, 1, BaselineInsert, StoreAppend, lag);
var (baseBatch, storeBatch) = await Phases.AlternateAsync(4, 2 * seconds, 10, BaselineInsert, StoreAppend, lag);
await Task.Delay(500, ct);
await stopLag.CancelAsync();
await lagTask;

report.Add("baseline_single_tx_per_s", baseSingle.CommandsPerSecond);
report.Add("single_append_tx_per_s", storeSingle.CommandsPerSecond);
report.Add("single_append_p99_ms", storeSingle.P99Ms);
report.Add("baseline_single_p99_ms", baseSingle.P99Ms);
report.Add("single_append_ratio", storeSingle.CommandsPerSecond / baseSingle.CommandsPerSecond);
report.Add("baseline_batch10_events_per_s", baseBatch.EventsPerSecond);
report.Add("batch_append_events_per_s", storeBatch.EventsPerSecond);
report.Add("batch_append_p99_ms", storeBatch.P99Ms);
report.Add("batch_append_ratio", storeBatch.EventsPerSecond / baseBatch.EventsPerSecond);
report.Add("seal_lag_p50_ms", Phases.Percentile(lag.Lags, 0.50));
report.Add("seal_lag_p95_ms", Phases.Percentile(lag.Lags, 0.95));
report.Add("seal_lag_samples", lag.Lags.Count);

// Marten, as the product would use it, against the same baseline in the same run (issue 12: measure before moving).
await using var martenSource = EventStoreDataSources.CreateOwner(benchCs);
await using (var marten = MartenBench.CreateStore(martenSource))
{
    await marten.Storage.ApplyAllConfiguredChangesToDatabaseAsync();
    Task MartenAppend(Guid s, long v, NewEvent[] e) => MartenBench.AppendAsync(marten, s, v, e, ct);
    var (martenBaseSingle, martenSingle) = await Phases.AlternateAsync(4, 2 * seconds, 1, BaselineInsert, MartenAppend, null);
    var (martenBaseBatch, martenBatch) = await Phases.AlternateAsync(4, 2 * seconds, 10, BaselineInsert, MartenAppend, null);
    report.Add("marten_single_append_tx_per_s", martenSingle.CommandsPerSecond);
    report.Add("marten_single_append_p99_ms", martenSingle.P99Ms);
    report.Add("marten_single_append_ratio", martenSingle.CommandsPerSecond / martenBaseSingle.CommandsPerSecond);
    report.Add("marten_batch_append_events_per_s", martenBatch.EventsPerSecond);
    report.Add("marten_batch_append_p99_ms", martenBatch.P99Ms);
    report.Add("marten_batch_append_ratio", martenBatch.EventsPerSecond / martenBaseBatch.EventsPerSecond);
    await MartenBench.LongTransactionAsync(marten, owner, TimeSpan.FromSeconds(2 * seconds), report, ct);
    await MartenBench.CatchUpAsync(marten, owner, report, ct);
}

await stopSealer.CancelAsync();
await sealing;
await Phases.ImportAsync(store, owner, importEvents, report, ct);

var sealWatch = Stopwatch.StartNew();
var sealedCount = await sealer.SealCommittedAsync(TimeSpan.FromMinutes(2), ct);
report.Add("seal_bulk_events_per_s", sealedCount / sealWatch.Elapsed.TotalSeconds);

var head = (await sealer.GetHeadAsync(ct)).Position;
var rebuildWatch = Stopwatch.StartNew();
await new ProjectionRebuilder(owner, BenchEvents.Registry()).RebuildAsync(new TotalsProjection(), ct);
report.Add("rebuild_events_per_s", head / rebuildWatch.Elapsed.TotalSeconds);

var verifyWatch = Stopwatch.StartNew();
var verified = await new LedgerVerifier(owner).VerifyAsync(ct);
report.Add("verify_events_per_s", verified.VerifiedUpTo / verifyWatch.Elapsed.TotalSeconds);
report.Add("verify_ok", verified.Ok ? 1 : 0);
report.Add("ledger_events", head);
report.Add("peak_rss_mb", Process.GetCurrentProcess().PeakWorkingSet64 / 1024.0 / 1024.0);
report.Print();
return verified.Ok ? 0 : 1;
