using CareersCompliance.EventStore.Sealing;
using CareersCompliance.Testing.Postgres;
using NodaTime;
using Npgsql;

namespace CareersCompliance.EventStore.IntegrationTests;

public sealed class AppendAndReadTests(PostgresDatabaseFixture db) : IClassFixture<PostgresDatabaseFixture>
{
    private readonly PostgresEventStore _store = new(db.App, TestEvents.Registry());
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task appended_events_read_back_in_order_with_metadata_and_positions_once_sealed()
    {
        var stream = TestEvents.Counter();
        var opened = new CounterOpened(stream.Id, "Careers fair", new LocalDate(2026, 9, 1));
        var result = await _store.AppendAsync(stream, ExpectedVersion.NoStream,
            [TestEvents.New(opened), TestEvents.Incremented(stream.Id, 2)], Ct);
        await new LedgerSealer(db.Sealing).SealCommittedAsync(TimeSpan.FromSeconds(30), Ct);

        var slice = await _store.ReadStreamAsync(stream, null, Ct);

        result.NextExpectedVersion.Should().Be(2);
        slice.Version.Should().Be(2);
        slice.Events.Select(e => e.Data).Should().Equal(opened, new CounterIncremented(stream.Id, 2, Instant.FromUtc(2026, 9, 1, 9, 0)));
        slice.Events.Select(e => e.EventType).Should().Equal("counter_opened", "counter_incremented");
        slice.Events[0].Metadata.Should().BeEquivalentTo(TestEvents.Metadata);
        slice.Events.Should().OnlyContain(e => e.Position != null && e.Stream == stream);
    }

    [Fact]
    public async Task appending_at_a_stale_version_raises_a_concurrency_conflict()
    {
        var stream = TestEvents.Counter();
        await _store.AppendAsync(stream, ExpectedVersion.NoStream, [TestEvents.Incremented(stream.Id)], Ct);
        await _store.AppendAsync(stream, ExpectedVersion.Exact(1), [TestEvents.Incremented(stream.Id)], Ct);

        var stale = () => _store.AppendAsync(stream, ExpectedVersion.Exact(1), [TestEvents.Incremented(stream.Id)], Ct);

        var conflict = (await stale.Should().ThrowAsync<ConcurrencyConflictException>()).Which;
        conflict.Stream.Should().Be(stream);
        conflict.Expected.Should().Be(ExpectedVersion.Exact(1));
        conflict.Actual.Should().Be(2);
    }

    [Fact]
    public async Task only_one_of_eight_parallel_writers_at_the_same_version_wins()
    {
        var stream = TestEvents.Counter();
        await _store.AppendAsync(stream, ExpectedVersion.NoStream, [TestEvents.Incremented(stream.Id)], Ct);

        var attempts = await Task.WhenAll(Enumerable.Range(0, 8).Select(async _ =>
        {
            try
            {
                await _store.AppendAsync(stream, ExpectedVersion.Exact(1), [TestEvents.Incremented(stream.Id)], Ct);
                return true;
            }
            catch (ConcurrencyConflictException)
            {
                return false;
            }
        }));

        attempts.Count(won => won).Should().Be(1);
        (await _store.ReadStreamAsync(stream, null, Ct)).Version.Should().Be(2);
    }

    [Fact]
    public async Task retrying_an_append_with_the_same_event_ids_appends_nothing_and_returns_the_earlier_result()
    {
        var stream = TestEvents.Counter();
        NewEvent[] events = [TestEvents.Incremented(stream.Id), TestEvents.Incremented(stream.Id)];
        var first = await _store.AppendAsync(stream, ExpectedVersion.NoStream, events, Ct);

        var retry = await _store.AppendAsync(stream, ExpectedVersion.NoStream, events, Ct);

        retry.WasDuplicate.Should().BeTrue();
        retry.NextExpectedVersion.Should().Be(first.NextExpectedVersion);
        (await _store.ReadStreamAsync(stream, null, Ct)).Events.Should().HaveCount(2);
    }

    [Fact]
    public async Task a_multi_stream_append_with_one_conflicting_stream_stores_nothing()
    {
        var (a, b) = (TestEvents.Counter(), TestEvents.Counter());
        await _store.AppendAsync(b, ExpectedVersion.NoStream, [TestEvents.Incremented(b.Id)], Ct);

        var append = () => _store.AppendMultipleAsync(
            [new StreamAppend(a, ExpectedVersion.NoStream, [TestEvents.Incremented(a.Id)]),
             new StreamAppend(b, ExpectedVersion.NoStream, [TestEvents.Incremented(b.Id)])], Ct);

        (await append.Should().ThrowAsync<ConcurrencyConflictException>()).Which.Stream.Should().Be(b);
        (await _store.ReadStreamAsync(a, null, Ct)).Events.Should().BeEmpty();
        (await _store.ReadStreamAsync(b, null, Ct)).Version.Should().Be(1);
    }

    [Fact]
    public async Task a_multi_stream_append_stores_every_stream_together()
    {
        var (a, b) = (TestEvents.Counter(), TestEvents.Counter());

        var results = await _store.AppendMultipleAsync(
            [new StreamAppend(a, ExpectedVersion.NoStream, [TestEvents.Incremented(a.Id)]),
             new StreamAppend(b, ExpectedVersion.Any, [TestEvents.Incremented(b.Id), TestEvents.Incremented(b.Id)])], Ct);

        results.Select(r => r.NextExpectedVersion).Should().Equal(1, 2);
        (await _store.ReadStreamAsync(b, null, Ct)).Version.Should().Be(2);
    }

    [Fact]
    public async Task a_stream_can_be_read_as_it_was_at_an_earlier_record_time()
    {
        var stream = TestEvents.Counter();
        var first = await _store.AppendAsync(stream, ExpectedVersion.NoStream, [TestEvents.Incremented(stream.Id)], Ct);
        await Task.Delay(20, Ct);
        await _store.AppendAsync(stream, ExpectedVersion.Exact(1), [TestEvents.Incremented(stream.Id, 5)], Ct);

        var asOf = await _store.ReadStreamAsync(stream, new ReadStreamOptions(RecordedAtOrBefore: first.RecordedAt), Ct);
        var upTo = await _store.ReadStreamAsync(stream, new ReadStreamOptions(UpToVersion: 1), Ct);

        asOf.Version.Should().Be(1);
        upTo.Events.Should().ContainSingle();
    }

    [Fact]
    public async Task a_stored_legacy_event_is_read_as_the_current_record()
    {
        var stream = TestEvents.Counter();
        await _store.AppendAsync(stream, ExpectedVersion.NoStream, [TestEvents.Incremented(stream.Id)], Ct);
        await using (var legacy = db.Owner.CreateCommand("""
            INSERT INTO es.events (tenant_id, stream_id, stream_type, version, event_id, event_type, schema_ver, data, metadata)
            SELECT tenant_id, stream_id, stream_type, 2, gen_random_uuid(), 'counter_renamed', 1,
                   jsonb_build_object('counterId', stream_id, 'label', 'Old label'), metadata
            FROM es.events WHERE stream_id = $1
            """))
        {
            legacy.Parameters.Add(new NpgsqlParameter<Guid> { TypedValue = stream.Id });
            await legacy.ExecuteNonQueryAsync(Ct);
        }

        var slice = await _store.ReadStreamAsync(stream, null, Ct);

        slice.Events[1].Data.Should().Be(new CounterRenamed(stream.Id, "Old label", "unknown"));
        slice.Events[1].EventType.Should().Be("counter_renamed");
    }

    [Fact]
    public async Task the_bulk_import_stores_many_streams_and_a_rerun_skips_them()
    {
        var appends = Enumerable.Range(0, 50).Select(_ => TestEvents.Counter())
            .Select(s => new StreamAppend(s, ExpectedVersion.NoStream, [TestEvents.Incremented(s.Id), TestEvents.Incremented(s.Id, 3)]))
            .ToArray();

        var first = await _store.ImportAsync(appends, Ct);
        var rerun = await _store.ImportAsync(appends, Ct);

        first.Should().Be(new ImportResult(100, 0));
        rerun.Should().Be(new ImportResult(0, 100));
        (await _store.ReadStreamAsync(appends[7].Stream, null, Ct)).Version.Should().Be(2);
        var append = () => _store.AppendAsync(appends[7].Stream, ExpectedVersion.Exact(2), [TestEvents.Incremented(appends[7].Stream.Id)], Ct);
        await append.Should().NotThrowAsync();
    }

    [Fact]
    public void business_keys_give_the_same_stream_id_every_time()
    {
        StreamId.ForKey("school", "URN 100001").Should().Be(StreamId.ForKey("school", "URN 100001"));
        StreamId.ForKey("school", "URN 100001").Should().NotBe(StreamId.ForKey("school", "URN 100002"));
        StreamId.ForKey("school", "URN 100001").Id.ToString()[14].Should().Be('5');
    }
}
