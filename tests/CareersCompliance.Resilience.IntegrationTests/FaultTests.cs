using System.Diagnostics;
using System.Globalization;
using System.Text.Json.Nodes;
using CareersCompliance.Application;
using CareersCompliance.Application.Commands;
using CareersCompliance.Application.Demo;
using CareersCompliance.Application.Recording;
using CareersCompliance.Domain.Common;
using CareersCompliance.Domain.Providers;
using CareersCompliance.EventStore;
using CareersCompliance.EventStore.Projections;
using CareersCompliance.EventStore.Verification;
using CareersCompliance.Testing.Postgres;
using NodaTime;
using NodaTime.Testing;
using Npgsql;

namespace CareersCompliance.Resilience.IntegrationTests;

/// <summary>Faults a school's records must survive: a killed importer, a transaction left open, a statement timeout.</summary>
public sealed class FaultTests : IAsyncLifetime
{
    // How many event ids have been handed out: es.mt_events.seq_id comes from Marten's sequence, which is not rolled back.
    private const string EventIdsAllocated = "SELECT coalesce(pg_sequence_last_value('es.mt_events_sequence'), 0)";

    private static readonly TimeSpan CliLimit = TimeSpan.FromMinutes(3);
    private readonly List<string> _databases = [];
    private readonly Mis _mis = new();

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task an_import_killed_halfway_through_a_large_attendance_file_and_rerun_has_no_duplicate_and_no_missing_event()
    {
        var all = _mis.Folder("demo");
        // Why this size: enough chunks that the kill after the first leaves most of the file to write; no more, since every
        // import, catch-up and report below scales with it (6,000 pupils took 3.5 minutes).
        var summary = DemoGenerator.Write(all, new DemoOptions { Schools = 4, Pupils = 1200, WriteCorrections = false });
        var rows = summary.RowsPerFile["attendance.csv"];
        rows.Should().BeGreaterThanOrEqualTo(5 * ImportRunner.ChunkRows, "an attendance row is one event, written a chunk of rows at a time; the file must be large enough to kill the import halfway");
        var setup = _mis.Folder("setup");
        foreach (var file in Directory.GetFiles(all, "*.csv").Where(f => !string.Equals(Path.GetFileName(f), "attendance.csv", StringComparison.Ordinal)))
        {
            File.Copy(file, Path.Combine(setup, Path.GetFileName(file)));
        }

        var attendance = Path.Combine(all, "attendance.csv");
        var killed = await DatabaseAsync("killed");
        var clean = await DatabaseAsync("clean");
        var cleanImport = CareersCli.RunAsync(clean, CliLimit, "import", all);
        Ok(await CareersCli.RunAsync(killed, CliLimit, "import", setup));
        var beforeKill = await CountByTypeAsync(killed);
        var idsBefore = await ScalarAsync(killed, EventIdsAllocated);

        var named = CareersCli.Named(killed, "careers-res-kill");
        using (var importer = CareersCli.Start(named, "import", "attendance", attendance))
        {
            await WaitUntilWritingAsync(killed, "careers-res-kill", importer);
            // Why wait on the id sequence rather than a fixed time: nextval is not rolled back, so it shows, from outside the
            // import's transaction, that at least one whole chunk of the file's events is written (and not yet all of them).
            await WaitForAsync(async () => await ScalarAsync(killed, EventIdsAllocated) - idsBefore >= ImportRunner.ChunkRows || importer.HasExited, TimeSpan.FromSeconds(90));
            importer.HasExited.Should().BeFalse("the import must still be running when it is killed: {0}", importer.HasExited ? await importer.StandardError.ReadToEndAsync(Ct) : "");
            (await ScalarAsync(killed, EventIdsAllocated) - idsBefore).Should().BeLessThan(rows, "the import is killed halfway, not after writing the whole file");
            importer.Kill(); // SIGKILL on Linux: no finally blocks, no rollback from the client.
            await importer.WaitForExitAsync(Ct);
        }

        await WaitUntilGoneAsync(killed, "careers-res-kill");
        (await CountByTypeAsync(killed)).Should().Equal(beforeKill, "a killed import commits nothing of its file");
        Ok(await CareersCli.RunAsync(killed, CliLimit, "import", "attendance", attendance));
        Ok(await cleanImport);

        var afterRerun = await CountByTypeAsync(killed);
        afterRerun.Should().Equal(await CountByTypeAsync(clean), "the rerun appends exactly what a clean import appends");
        afterRerun["attendance_recorded"].Should().Be(rows);
        var asOf = summary.Today.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        foreach (var school in summary.Schools)
        {
            // The two databases are independent: their reports (the first of each pays the projection catch-up) run side by side.
            var reports = await Task.WhenAll(ReportAsync(killed, school.Urn, asOf), ReportAsync(clean, school.Urn, asOf));
            reports[0].Should().Be(reports[1], "school {0} reports the same after the rerun as after a clean import", school.Urn);
        }

        Ok(await CareersCli.RunAsync(killed, CliLimit, "verify"));
    }

    [Fact]
    public async Task a_writing_transaction_held_open_makes_sealing_wait_then_it_catches_up_gapless_and_no_consumer_skips()
    {
        var cs = await DatabaseAsync("held");
        await using var runtime = CareersRuntime.Create(cs, FakeClock.FromUtc(2026, 3, 15, 9, 0, 0));
        await ExecuteAsync(runtime.Owner, "CREATE TABLE rm.res_seen (position bigint PRIMARY KEY, event_type text NOT NULL); GRANT SELECT, INSERT ON rm.res_seen TO careers_app");

        using var stop = new CancellationTokenSource();
        var daemon = new ProjectionDaemon(runtime.App, runtime.Registry, [new SeenProjection()]) { PollInterval = TimeSpan.FromMilliseconds(100) };
        var sealing = runtime.Sealer.RunAsync(stop.Token);
        var consuming = daemon.RunAsync(stop.Token);
        var next = 0;
        for (var i = 0; i < 20; i++)
        {
            await AppendProviderAsync(runtime.Store, ++next);
        }

        await runtime.Sealer.SealCommittedAsync(TimeSpan.FromSeconds(30), Ct);
        var holder = new HoldOpen();
        var heldStore = new PostgresEventStore(runtime.App, runtime.Registry, [holder]);
        var held = AppendProviderAsync(heldStore, 9999);
        await holder.Entered.Task.WaitAsync(TimeSpan.FromSeconds(30), Ct);

        // Twenty seconds of appends from four writers while the held transaction (the oldest xid) stays open.
        var heads = await AppendWhileSamplingTheHeadAsync(runtime, () => Interlocked.Increment(ref next), TimeSpan.FromSeconds(20));
        var unsealedWhileHeld = await runtime.Sealer.GetUnsealedCountAsync(Ct);
        holder.Release.SetResult();
        await held;

        heads.Should().OnlyContain(h => h == 20, "nothing committed after the open transaction began may be sealed before it");
        unsealedWhileHeld.Should().BeGreaterThan(100);
        var total = await ScalarAsync(runtime.Owner, "SELECT count(*) FROM es.events");
        await WaitForAsync(async () => await ScalarAsync(runtime.Owner, "SELECT count(*) FROM rm.res_seen") == total, TimeSpan.FromSeconds(60));
        await stop.CancelAsync();
        await Task.WhenAll(sealing, consuming);

        total.Should().Be(next + 1, "every append committed, the held one included");
        (await ScalarAsync(runtime.Owner, "SELECT count(*) FROM es.ledger")).Should().Be(total);
        (await ScalarAsync(runtime.Owner, "SELECT max(position) FROM es.ledger")).Should().Be(total, "ledger positions are gapless");
        (await ScalarAsync(runtime.Owner, "SELECT max(position) FROM rm.res_seen")).Should().Be(total, "the consumer saw every position once (primary key)");
        (await ScalarAsync(runtime.Owner, "SELECT position FROM es.checkpoints WHERE name = 'res_seen'")).Should().Be(total);
        (await ScalarAsync(runtime.Owner, """
            SELECT l.position FROM es.ledger l JOIN es.events e ON e.seq_id = l.seq_id WHERE e.data->>'name' = 'Provider 9999'
            """)).Should().Be(21, "the late committer holds the oldest transaction id, so it is sealed first, not skipped");
        (await new LedgerVerifier(runtime.Owner).VerifyAsync(Ct)).Ok.Should().BeTrue();
    }

    [Fact]
    public async Task a_report_whose_statement_times_out_fails_with_a_clear_message_instead_of_hanging()
    {
        var cs = await DatabaseAsync("timeout");
        Ok(await CareersCli.RunAsync(cs, CliLimit, "import", _mis.Baseline()));
        await using var locker = new NpgsqlConnection(cs);
        await locker.OpenAsync(Ct);
        await using var tx = await locker.BeginTransactionAsync(Ct);
        // Why a lock: it makes the report's first write wait for certain, so only statement_timeout can end the wait.
        await using (var lockCommand = new NpgsqlCommand("LOCK TABLE es.ledger_head IN ACCESS EXCLUSIVE MODE", locker, tx))
        {
            await lockCommand.ExecuteNonQueryAsync(Ct);
        }

        var run = await CareersCli.RunAsync(WithStatementTimeout(cs), TimeSpan.FromSeconds(60), "report", "school", "--school", Mis.Urn, "--format", "json");

        run.ExitCode.Should().Be(1);
        run.Error.Should().Contain("statement timeout").And.StartWith("error: ");
        run.Out.Should().BeEmpty();
        run.Took.Should().BeLessThan(TimeSpan.FromSeconds(30));
    }

    [Fact]
    public async Task an_import_whose_statement_times_out_fails_with_a_clear_message_and_writes_nothing()
    {
        var cs = await DatabaseAsync("timeoutimport");
        Ok(await CareersCli.RunAsync(cs, CliLimit, "import", _mis.Baseline()));
        var before = await CountByTypeAsync(cs);
        var file = _mis.File("more", "attendance.csv", "activity_id,upn,attended", $"ACT-2,{Mis.PupilC},true");
        await using var locker = new NpgsqlConnection(cs);
        await locker.OpenAsync(Ct);
        await using var tx = await locker.BeginTransactionAsync(Ct);
        await using (var lockCommand = new NpgsqlCommand("LOCK TABLE es.events IN SHARE ROW EXCLUSIVE MODE", locker, tx))
        {
            await lockCommand.ExecuteNonQueryAsync(Ct);
        }

        var run = await CareersCli.RunAsync(WithStatementTimeout(cs), TimeSpan.FromSeconds(60), "import", "attendance", file);
        await tx.RollbackAsync(Ct);

        run.ExitCode.Should().NotBe(0);
        run.Error.Should().Contain("statement timeout");
        run.Took.Should().BeLessThan(TimeSpan.FromSeconds(30));
        (await CountByTypeAsync(cs)).Should().Equal(before);
    }

    public ValueTask InitializeAsync() => ValueTask.CompletedTask;

    public async ValueTask DisposeAsync()
    {
        foreach (var cs in _databases)
        {
            await PostgresTemplate.DropDatabaseAsync(cs);
        }

        _mis.Dispose();
    }

    private static string WithStatementTimeout(string cs) =>
        new NpgsqlConnectionStringBuilder(cs) { Options = "-c statement_timeout=2000" }.ConnectionString;

    private static void Ok(CareersCli.Run run) =>
        run.ExitCode.Should().Be(0, "stdout: {0}\nstderr: {1}", run.Out.Length > 2000 ? run.Out[^2000..] : run.Out, run.Error);

    private async Task<string> DatabaseAsync(string label)
    {
        var cs = await PostgresTemplate.CreateDatabaseAsync(nameof(FaultTests) + label, Ct);
        _databases.Add(cs);
        return cs;
    }

    private static Task<AppendResult> AppendProviderAsync(IEventStore store, int n)
    {
        var id = new ProviderId((20_000_000 + n).ToString(CultureInfo.InvariantCulture));
        var at = Instant.FromUtc(2026, 3, 15, 9, 0);
        var metadata = new EventMetadata(new EventActor("leader@test", "careers-leader"), new EventSource(SourceKind.Ui), new TenantRef("T1"), Guid.CreateVersion7());
        var e = new ProviderEvent.ProviderRegistered(id, $"Provider {n}", ProviderKind.FeCollege, true, new ActorId("leader@test"), at);
        return store.AppendAsync(Streams.ProviderId(id), ExpectedVersion.NoStream, [new NewEvent(Guid.CreateVersion7(), e, metadata)], Ct);
    }

    private static async Task<List<long>> AppendWhileSamplingTheHeadAsync(CareersRuntime runtime, Func<int> next, TimeSpan duration)
    {
        var hold = Stopwatch.StartNew();
        var heads = new List<long>();
        var writers = Enumerable.Range(0, 4).Select(_ => Task.Run(async () =>
        {
            while (hold.Elapsed < duration)
            {
                await AppendProviderAsync(runtime.Store, next());
                await Task.Delay(20, Ct);
            }
        }, Ct)).ToList();
        while (hold.Elapsed < duration)
        {
            heads.Add((await runtime.Sealer.GetHeadAsync(Ct)).Position);
            await Task.Delay(500, Ct);
        }

        await Task.WhenAll(writers);
        return heads;
    }

    private static async Task WaitUntilWritingAsync(string cs, string applicationName, Process importer)
    {
        var started = Stopwatch.StartNew();
        while (await ScalarAsync(cs, "SELECT count(*) FROM pg_stat_activity WHERE application_name = $1 AND backend_xid IS NOT NULL", applicationName) == 0)
        {
            if (importer.HasExited)
            {
                throw new InvalidOperationException($"The import ended before it was seen writing: {await importer.StandardError.ReadToEndAsync(Ct)}");
            }

            started.Elapsed.Should().BeLessThan(TimeSpan.FromSeconds(90), "the import should start writing");
            await Task.Delay(20, Ct);
        }
    }

    private static Task WaitUntilGoneAsync(string cs, string applicationName) =>
        WaitForAsync(async () => await ScalarAsync(cs, "SELECT count(*) FROM pg_stat_activity WHERE application_name = $1", applicationName) == 0,
            TimeSpan.FromSeconds(60));

    private static async Task WaitForAsync(Func<Task<bool>> condition, TimeSpan limit)
    {
        var waited = Stopwatch.StartNew();
        while (!await condition())
        {
            waited.Elapsed.Should().BeLessThan(limit);
            await Task.Delay(100, Ct);
        }
    }

    private static async Task<Dictionary<string, long>> CountByTypeAsync(string cs)
    {
        await using var connection = new NpgsqlConnection(cs);
        await connection.OpenAsync(Ct);
        await using var command = new NpgsqlCommand("SELECT event_type, count(*) FROM es.events GROUP BY event_type", connection);
        await using var reader = await command.ExecuteReaderAsync(Ct);
        var counts = new Dictionary<string, long>(StringComparer.Ordinal);
        while (await reader.ReadAsync(Ct))
        {
            counts[reader.GetString(0)] = reader.GetInt64(1);
        }

        return counts;
    }

    /// <summary>The pupils report without the record instant and with pupils in UPN order (pupil ids differ between databases).</summary>
    private static async Task<string> ReportAsync(string cs, string urn, string asOf)
    {
        var run = await CareersCli.RunAsync(cs, CliLimit, "report", "pupils", "--school", urn, "--as-of", asOf, "--format", "json");
        Ok(run);
        var node = JsonNode.Parse(run.Out)!.AsObject();
        node.Remove("knownAt");
        var pupils = node["pupils"]!.AsArray().Select(p => p!.DeepClone()).OrderBy(p => (string?)p!["upn"], StringComparer.Ordinal).ToList();
        node["pupils"] = new JsonArray([.. pupils]);
        return node.ToJsonString();
    }

    private static async Task<long> ScalarAsync(string cs, string sql, string? parameter = null)
    {
        await using var connection = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(cs) { Pooling = false }.ConnectionString);
        await connection.OpenAsync(Ct);
        await using var command = new NpgsqlCommand(sql, connection);
        if (parameter is not null)
        {
            command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = parameter });
        }

        return Convert.ToInt64(await command.ExecuteScalarAsync(Ct), CultureInfo.InvariantCulture);
    }

    private static async Task ExecuteAsync(NpgsqlDataSource source, string sql)
    {
        await using var command = source.CreateCommand(sql);
        await command.ExecuteNonQueryAsync(Ct);
    }

    private static async Task<long> ScalarAsync(NpgsqlDataSource source, string sql)
    {
        await using var command = source.CreateCommand(sql);
        return Convert.ToInt64(await command.ExecuteScalarAsync(Ct), CultureInfo.InvariantCulture);
    }

    /// <summary>Keeps its append's transaction open until released: a writer that commits late with the oldest xid.</summary>
    private sealed class HoldOpen : IInlineProjection
    {
        public TaskCompletionSource Entered { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public TaskCompletionSource Release { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public async Task ApplyAsync(IReadOnlyList<EventEnvelope> events, NpgsqlConnection connection, NpgsqlTransaction transaction, CancellationToken ct)
        {
            Entered.TrySetResult();
            await Release.Task.WaitAsync(TimeSpan.FromSeconds(60), ct);
        }
    }

    /// <summary>Records every ledger position it is given; the primary key turns a repeat into a paused projection.</summary>
    private sealed class SeenProjection : IProjection
    {
        public string Name => "res_seen";

        public IReadOnlySet<string>? EventTypes => null;

        public IReadOnlyList<string> Tables { get; } = ["res_seen"];

        public async Task ApplyAsync(IReadOnlyList<EventEnvelope> events, ProjectionContext context, CancellationToken ct)
        {
            await using var command = context.CreateCommand($"INSERT INTO {context.Table("res_seen")} SELECT * FROM unnest($1::bigint[], $2::text[])");
            command.Parameters.Add(new NpgsqlParameter<long[]> { TypedValue = [.. events.Select(e => e.Position!.Value)] });
            command.Parameters.Add(new NpgsqlParameter<string[]> { TypedValue = [.. events.Select(e => e.EventType)] });
            await command.ExecuteNonQueryAsync(ct);
        }
    }
}
