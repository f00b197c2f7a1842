using CareersCompliance.EventStore.Sealing;
using CareersCompliance.Testing.Postgres;
using Npgsql;

namespace CareersCompliance.EventStore.IntegrationTests;

public sealed class SealerTests(PostgresDatabaseFixture db) : IClassFixture<PostgresDatabaseFixture>
{
    private readonly PostgresEventStore _store = new(db.App, TestEvents.Registry());
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task the_ledger_has_no_gaps_and_keeps_stream_order_under_eight_writers_with_random_rollbacks()
    {
        var streams = Enumerable.Range(0, 4).Select(_ => TestEvents.Counter()).ToArray();
        var sealer = new LedgerSealer(db.Sealing) { PollInterval = TimeSpan.FromMilliseconds(10) };
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(Ct);
        var sealing = sealer.RunAsync(stop.Token);
        var committed = await Task.WhenAll(Enumerable.Range(0, 8).Select(writer => WriteWithRollbacksAsync(streams, writer)));
        await sealer.SealCommittedAsync(TimeSpan.FromSeconds(30), Ct);
        await stop.CancelAsync();
        await sealing;

        // The whole ledger must be gapless; the count and per-stream order are checked on this test's own streams,
        // because other tests in the class share the database and may have sealed first.
        var ledger = await ReadLedgerAsync();
        ledger.Select(l => l.Position).Should().Equal(Enumerable.Range(1, ledger.Count).Select(i => (long)i));
        var ours = ledger.Where(l => streams.Any(s => s.Id == l.Stream)).ToList();
        ours.Should().HaveCount(committed.Sum());
        foreach (var group in ours.GroupBy(l => l.Stream))
        {
            group.Select(l => l.Version).Should().Equal(Enumerable.Range(1, group.Count()).Select(i => (long)i));
        }
    }

    [Fact]
    public async Task a_long_running_writer_delays_sealing_of_later_commits_but_is_never_skipped()
    {
        var (slow, fast) = (TestEvents.Counter(), TestEvents.Counter());
        var sealer = new LedgerSealer(db.Sealing);
        await sealer.SealCommittedAsync(TimeSpan.FromSeconds(30), Ct);
        var before = (await sealer.GetHeadAsync(Ct)).Position;
        await using var slowConnection = await db.App.OpenConnectionAsync(Ct);
        await using var slowTx = await slowConnection.BeginTransactionAsync(Ct);
        await AppendRawAsync(slowConnection, slowTx, slow);

        await _store.AppendAsync(fast, ExpectedVersion.NoStream, [TestEvents.Incremented(fast.Id)], Ct);
        var sealedWhileOpen = await sealer.SealAsync(Ct);
        await slowTx.CommitAsync(Ct);
        var sealedAfter = await sealer.SealCommittedAsync(TimeSpan.FromSeconds(30), Ct);

        sealedWhileOpen.Should().Be(0);
        sealedAfter.Should().Be(2);
        var ledger = (await ReadLedgerAsync()).Where(l => l.Position > before).ToList();
        ledger.Select(l => l.Stream).Should().Equal(slow.Id, fast.Id);
    }

    private async Task<int> WriteWithRollbacksAsync(StreamId[] streams, int writer)
    {
        var random = new Random(writer);
        var committed = 0;
        for (var i = 0; i < 25; i++)
        {
            var stream = streams[random.Next(streams.Length)];
            await using var connection = await db.App.OpenConnectionAsync(Ct);
            await using var tx = await connection.BeginTransactionAsync(Ct);
            await AppendRawAsync(connection, tx, stream);
            if (random.Next(3) == 0)
            {
                await tx.RollbackAsync(Ct);
            }
            else
            {
                await tx.CommitAsync(Ct);
                committed++;
            }
        }

        return committed;
    }

    /// <summary>An append inside a transaction the test commits or rolls back, at whatever version the stream is.</summary>
    private Task<IReadOnlyList<AppendResult>> AppendRawAsync(NpgsqlConnection connection, NpgsqlTransaction tx, StreamId stream) =>
        _store.AppendWithinAsync(connection, tx, [new StreamAppend(stream, ExpectedVersion.Any, [TestEvents.Incremented(stream.Id)])], Ct);

    private async Task<List<(long Position, Guid Stream, long Version)>> ReadLedgerAsync()
    {
        await using var command = db.Owner.CreateCommand("SELECT position, stream_id, version FROM es.ledger ORDER BY position");
        await using var reader = await command.ExecuteReaderAsync(Ct);
        var rows = new List<(long, Guid, long)>();
        while (await reader.ReadAsync(Ct))
        {
            rows.Add((reader.GetInt64(0), reader.GetGuid(1), reader.GetInt64(2)));
        }

        return rows;
    }
}
