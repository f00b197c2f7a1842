using CareersCompliance.EventStore.Hosting;
using CareersCompliance.EventStore.Projections;
using CareersCompliance.EventStore.Sealing;
using CareersCompliance.Testing.Postgres;
using Npgsql;

namespace CareersCompliance.EventStore.IntegrationTests;

public sealed class DaemonTests(PostgresDatabaseFixture db) : IClassFixture<PostgresDatabaseFixture>
{
    private readonly PostgresEventStore _store = new(db.App, TestEvents.Registry());
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task a_failing_event_pauses_the_projection_at_its_position_and_resume_retries_it()
    {
        var projection = await CreateProjectionAsync("totals_resume");
        var counter = await AppendAsync(5, 13, 7);
        projection.FailOn = counter;
        var daemon = new ProjectionDaemon(db.App, TestEvents.Registry(), [projection]);

        await daemon.CatchUpAsync(Ct);
        var paused = (await new ProjectionAdmin(db.App).GetStatusAsync(Ct)).Single(s => string.Equals(s.Name, projection.Name, StringComparison.Ordinal));
        var totalWhilePaused = await TotalAsync(projection, counter);
        projection.FailOn = null;
        (await new ProjectionAdmin(db.App).ResumeAsync(projection.Name, Ct)).Should().BeTrue();
        await daemon.CatchUpAsync(Ct);

        paused.Status.Should().Be("paused");
        paused.FailedPosition.Should().Be(paused.Position + 1);
        paused.FailedEventType.Should().Be("counter_incremented");
        paused.PausedReason.Should().Contain("unlucky");
        totalWhilePaused.Should().Be(5);
        (await TotalAsync(projection, counter)).Should().Be(25);
    }

    [Fact]
    public async Task skipping_a_failed_event_is_recorded_with_reason_and_actor_and_the_projection_moves_on()
    {
        var projection = await CreateProjectionAsync("totals_skip");
        var counter = await AppendAsync(5, 13, 7);
        projection.FailOn = counter;
        var daemon = new ProjectionDaemon(db.App, TestEvents.Registry(), [projection]);
        await daemon.CatchUpAsync(Ct);

        var skipped = await new ProjectionAdmin(db.App).SkipAsync(projection.Name, "bad import row", "ops-user", Ct);
        await daemon.CatchUpAsync(Ct);

        (await TotalAsync(projection, counter)).Should().Be(12);
        await using var audit = db.App.CreateCommand("SELECT position, reason, actor FROM es.projection_skips WHERE name = $1");
        audit.Parameters.Add(new NpgsqlParameter<string> { TypedValue = projection.Name });
        await using var reader = await audit.ExecuteReaderAsync(Ct);
        (await reader.ReadAsync(Ct)).Should().BeTrue();
        (reader.GetInt64(0), reader.GetString(1), reader.GetString(2)).Should().Be((skipped!.Value, "bad import row", "ops-user"));
    }

    [Fact]
    public async Task a_blue_green_rebuild_produces_the_same_table_as_incremental_processing()
    {
        var projection = await CreateProjectionAsync("totals_rebuild");
        for (var i = 0; i < 5; i++)
        {
            await AppendAsync(i, 2 * i, 3);
        }

        await new ProjectionDaemon(db.App, TestEvents.Registry(), [projection]) { BatchSize = 4 }.CatchUpAsync(Ct);
        var incremental = await DumpAsync(projection);

        var position = await new ProjectionRebuilder(db.Owner, TestEvents.Registry()) { BatchSize = 7 }.RebuildAsync(projection, Ct);

        (await DumpAsync(projection)).Should().Equal(incremental);
        (await new ProjectionAdmin(db.App).GetStatusAsync(Ct)).Single(s => string.Equals(s.Name, projection.Name, StringComparison.Ordinal)).Position.Should().Be(position);
        await AppendAsync(1);
        await new ProjectionDaemon(db.App, TestEvents.Registry(), [projection]).CatchUpAsync(Ct);
        (await DumpAsync(projection)).Should().HaveCount(incremental.Count + 1);
    }

    [Fact]
    public async Task the_sealer_and_daemon_reconnect_after_their_connections_are_killed_and_no_projection_pauses()
    {
        var projection = await CreateProjectionAsync("totals_outage");
        const string workers = "outage-workers";
        var workersConnection = new NpgsqlConnectionStringBuilder(db.ConnectionString) { ApplicationName = workers }.ConnectionString;
        await using var workerSource = EventStoreDataSources.CreateApplication(workersConnection);
        await using var sealerSource = EventStoreDataSources.CreateSealer(workersConnection);
        var (sealerFaults, daemonFaults) = (0, 0);
        using var sealer = new LedgerSealer(sealerSource) { PollInterval = TimeSpan.FromMilliseconds(20) };
        var daemon = new ProjectionDaemon(workerSource, TestEvents.Registry(), [projection]) { PollInterval = TimeSpan.FromMilliseconds(20) };
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(Ct);
        var running = Task.WhenAll(
            sealer.RunAsync(stop.Token, (_, _) => Interlocked.Increment(ref sealerFaults)),
            daemon.RunAsync(stop.Token, (_, _) => Interlocked.Increment(ref daemonFaults)));
        var before = await AppendUnsealedAsync(5);
        await WaitForTotalAsync(projection, before, 5);

        // What a server restart or a failover does to every open connection, done to these two workers only.
        await using (var kill = db.Owner.CreateCommand("SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity WHERE application_name = $1"))
        {
            kill.Parameters.Add(new NpgsqlParameter<string> { TypedValue = workers });
            ((long)(await kill.ExecuteScalarAsync(Ct))!).Should().BeGreaterThan(0);
        }

        var after = await AppendUnsealedAsync(7);
        await WaitForTotalAsync(projection, after, 7);
        await stop.CancelAsync();
        await running;

        (sealerFaults, daemonFaults).Should().Match<(int Sealer, int Daemon)>(f => f.Sealer > 0 && f.Daemon > 0, "both lost their listening connection");
        (await new ProjectionAdmin(db.App).GetStatusAsync(Ct)).Single(s => string.Equals(s.Name, projection.Name, StringComparison.Ordinal))
            .Status.Should().Be("running", "an outage is not the event's fault");
    }

    [Fact]
    public async Task a_long_transaction_holding_early_sequence_numbers_is_projected_exactly_once_after_it_commits()
    {
        // Issue 12: the case Marten's high-water mark can skip. Our projections read the sealed ledger, which waits instead.
        var projection = await CreateProjectionAsync("totals_long_tx");
        var daemon = new ProjectionDaemon(db.App, TestEvents.Registry(), [projection]);
        var sealer = new LedgerSealer(db.Sealing);
        var (slow, fast) = (TestEvents.Counter(), TestEvents.Counter());
        await using var slowConnection = await db.App.OpenConnectionAsync(Ct);
        await using var slowTx = await slowConnection.BeginTransactionAsync(Ct);
        await _store.AppendWithinAsync(slowConnection, slowTx, [new StreamAppend(slow, ExpectedVersion.Any, [TestEvents.Incremented(slow.Id, 5)])], Ct);
        var others = new List<Guid>();
        for (var i = 0; i < 20; i++)
        {
            others.Add(await AppendUnsealedAsync(i + 1));
        }

        await sealer.SealAsync(Ct);
        await daemon.CatchUpAsync(Ct);
        var projectedWhileOpen = await DumpAsync(projection);
        await slowTx.CommitAsync(Ct);
        await sealer.SealCommittedAsync(TimeSpan.FromSeconds(30), Ct);
        await daemon.CatchUpAsync(Ct);
        await daemon.CatchUpAsync(Ct);

        projectedWhileOpen.Should().NotContain(row => row.Item1 == slow.Id, "the open transaction's event is not committed yet");
        (await TotalAsync(projection, slow.Id)).Should().Be(5, "the late commit is projected once it is sealed, not skipped");
        for (var i = 0; i < others.Count; i++)
        {
            (await TotalAsync(projection, others[i])).Should().Be(i + 1, "every other event exactly once");
        }

        await using var ledger = db.Owner.CreateCommand("SELECT count(*), count(DISTINCT seq_id) FROM es.ledger WHERE stream_id = ANY($1)");
        ledger.Parameters.Add(new NpgsqlParameter<Guid[]> { TypedValue = [slow.Id, .. others] });
        await using var reader = await ledger.ExecuteReaderAsync(Ct);
        await reader.ReadAsync(Ct);
        (reader.GetInt64(0), reader.GetInt64(1)).Should().Be((21L, 21L), "each event is in the ledger exactly once");
    }

    private async Task<Guid> AppendUnsealedAsync(int by)
    {
        var stream = TestEvents.Counter();
        await _store.AppendAsync(stream, ExpectedVersion.NoStream, [TestEvents.Incremented(stream.Id, by)], Ct);
        return stream.Id;
    }

    private async Task WaitForTotalAsync(CounterTotals projection, Guid counter, long total)
    {
        await using var command = db.App.CreateCommand($"SELECT total FROM rm.{projection.Name} WHERE counter_id = $1");
        command.Parameters.Add(new NpgsqlParameter<Guid> { TypedValue = counter });
        var waited = System.Diagnostics.Stopwatch.StartNew();
        while (await command.ExecuteScalarAsync(Ct) is not long found || found != total)
        {
            waited.Elapsed.Should().BeLessThan(TimeSpan.FromSeconds(30), "the workers seal and project the event by themselves");
            await Task.Delay(20, Ct);
        }
    }

    private async Task<Guid> AppendAsync(params int[] increments)
    {
        var stream = TestEvents.Counter();
        await _store.AppendAsync(stream, ExpectedVersion.NoStream, [.. increments.Select(by => TestEvents.Incremented(stream.Id, by))], Ct);
        await new LedgerSealer(db.Sealing).SealCommittedAsync(TimeSpan.FromSeconds(30), Ct);
        return stream.Id;
    }

    private async Task<CounterTotals> CreateProjectionAsync(string name)
    {
        await using var command = db.Owner.CreateCommand($"CREATE TABLE rm.{name} (counter_id uuid PRIMARY KEY, total bigint NOT NULL)");
        await command.ExecuteNonQueryAsync(Ct);
        return new CounterTotals(name);
    }

    private async Task<long> TotalAsync(CounterTotals projection, Guid counter)
    {
        await using var command = db.App.CreateCommand($"SELECT total FROM rm.{projection.Name} WHERE counter_id = $1");
        command.Parameters.Add(new NpgsqlParameter<Guid> { TypedValue = counter });
        return (long)(await command.ExecuteScalarAsync(Ct))!;
    }

    private async Task<List<(Guid, long)>> DumpAsync(CounterTotals projection)
    {
        await using var command = db.App.CreateCommand($"SELECT counter_id, total FROM rm.{projection.Name} ORDER BY counter_id");
        await using var reader = await command.ExecuteReaderAsync(Ct);
        var rows = new List<(Guid, long)>();
        while (await reader.ReadAsync(Ct))
        {
            rows.Add((reader.GetGuid(0), reader.GetInt64(1)));
        }

        return rows;
    }

    private sealed class CounterTotals(string name) : IProjection
    {
        public Guid? FailOn { get; set; }

        public string Name => name;

        public IReadOnlySet<string>? EventTypes { get; } = new HashSet<string>(StringComparer.Ordinal) { "counter_incremented" };

        public IReadOnlyList<string> Tables => [name];

        public async Task ApplyAsync(IReadOnlyList<EventEnvelope> events, ProjectionContext context, CancellationToken ct)
        {
            foreach (var e in events)
            {
                var incremented = (CounterIncremented)e.Data;
                if (incremented.CounterId == FailOn && incremented.By == 13)
                {
                    throw new InvalidOperationException("unlucky number");
                }

                await using var command = context.CreateCommand($"""
                    INSERT INTO {context.Table(name)} (counter_id, total) VALUES ($1, $2)
                    ON CONFLICT (counter_id) DO UPDATE SET total = {context.Table(name)}.total + excluded.total
                    """);
                command.Parameters.Add(new NpgsqlParameter<Guid> { TypedValue = incremented.CounterId });
                command.Parameters.Add(new NpgsqlParameter<long> { TypedValue = incremented.By });
                await command.ExecuteNonQueryAsync(ct);
            }
        }
    }
}
