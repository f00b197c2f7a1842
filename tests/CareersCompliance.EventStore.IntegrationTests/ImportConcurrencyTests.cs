using CareersCompliance.EventStore.Sealing;
using CareersCompliance.EventStore.Verification;
using CareersCompliance.Testing.Postgres;

namespace CareersCompliance.EventStore.IntegrationTests;

/// <summary>
/// Issue 13, no global locks: an import locks only the streams it writes, so recordings of other streams and imports of
/// other schools go on while it runs; a recording of one of its streams waits for it; and nothing it does can put a
/// stream's events out of transaction order, which the sealer would refuse.
/// </summary>
public sealed class ImportConcurrencyTests(PostgresDatabaseFixture db) : IClassFixture<PostgresDatabaseFixture>
{
    private static readonly TimeSpan Soon = TimeSpan.FromSeconds(15);
    private readonly PostgresEventStore _store = new(db.App, TestEvents.Registry());

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task an_open_import_holds_up_neither_recordings_of_other_streams_nor_an_import_of_other_streams()
    {
        var imported = TestEvents.Counter();
        var recorded = TestEvents.Counter();
        var otherSchool = TestEvents.Counter();
        await using var import = await ImportSession.BeginAsync(db.App, TestEvents.Registry(), Ct);
        await import.AppendAsync([Append(imported, 2)], Ct);

        var recording = await _store.AppendAsync(recorded, ExpectedVersion.NoStream, [TestEvents.Incremented(recorded.Id)], Ct).WaitAsync(Soon, Ct);
        await using (var other = await ImportSession.BeginAsync(db.App, TestEvents.Registry(), Ct))
        {
            await other.AppendAsync([Append(otherSchool, 3)], Ct).WaitAsync(Soon, Ct);
            await other.CommitAsync(Ct).WaitAsync(Soon, Ct);
        }

        await import.CommitAsync(Ct);

        recording.NextExpectedVersion.Should().Be(1);
        await SealAndVerifyAsync((imported, 2), (recorded, 1), (otherSchool, 3));
    }

    [Fact]
    public async Task a_recording_of_a_stream_being_imported_waits_for_the_import_and_then_follows_its_events()
    {
        var stream = TestEvents.Counter();
        await using var import = await ImportSession.BeginAsync(db.App, TestEvents.Registry(), Ct);
        await import.AppendAsync([Append(stream, 2)], Ct);

        var recording = _store.AppendAsync(stream, ExpectedVersion.Any, [TestEvents.Incremented(stream.Id, 9)], Ct);
        await Task.Delay(TimeSpan.FromSeconds(1.5), Ct);
        recording.IsCompleted.Should().BeFalse("the import holds the stream until it commits");
        await import.CommitAsync(Ct);
        var result = await recording.WaitAsync(Soon, Ct);

        result.NextExpectedVersion.Should().Be(3, "the recording follows the import's two events");
        await SealAndVerifyAsync((stream, 3));
    }

    [Fact]
    public async Task an_import_is_refused_a_stream_a_younger_transaction_wrote_since_it_began_and_the_ledger_stays_in_order()
    {
        var first = TestEvents.Counter();
        var later = TestEvents.Counter();
        await _store.AppendAsync(later, ExpectedVersion.NoStream, [TestEvents.Incremented(later.Id)], Ct);
        await using (var import = await ImportSession.BeginAsync(db.App, TestEvents.Registry(), Ct))
        {
            await import.AppendAsync([Append(first, 1)], Ct);
            // Recorded after the import began (and took its transaction id), committed before the import reaches it.
            await _store.AppendAsync(later, ExpectedVersion.Any, [TestEvents.Incremented(later.Id, 2)], Ct).WaitAsync(Soon, Ct);

            var reach = () => import.AppendAsync([Append(later, 1)], Ct);

            (await reach.Should().ThrowAsync<EventStoreException>()).Which.Message.Should().Contain("run the import again");
        }

        await SealAndVerifyAsync((later, 2));
        (await _store.ReadStreamAsync(first, null, Ct)).Events.Should().BeEmpty("nothing of the refused import was stored");
    }

    private static StreamAppend Append(StreamId stream, int events) =>
        new(stream, ExpectedVersion.Any, [.. Enumerable.Range(0, events).Select(i => TestEvents.Incremented(stream.Id, i + 1))]);

    /// <summary>Seals everything committed (the sealer halts on a stream out of order) and checks the streams' sealed versions.</summary>
    private async Task SealAndVerifyAsync(params (StreamId Stream, long Version)[] expected)
    {
        using var sealer = new LedgerSealer(db.Sealing);
        await sealer.SealCommittedAsync(TimeSpan.FromSeconds(30), Ct);
        (await new LedgerVerifier(db.Owner).VerifyAsync(Ct)).Ok.Should().BeTrue();
        foreach (var (stream, version) in expected)
        {
            var read = await _store.ReadStreamAsync(stream, null, Ct);
            read.Version.Should().Be(version);
            read.Events.Select(e => e.Position).Should().OnlyContain(p => p.HasValue, "every event of {0} is sealed", stream);
            read.Events.Select(e => e.Version).Should().BeInAscendingOrder();
            read.Events.Select(e => e.Position!.Value).Should().BeInAscendingOrder("the ledger keeps each stream's version order");
        }
    }
}
