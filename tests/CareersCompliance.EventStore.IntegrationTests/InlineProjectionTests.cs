using CareersCompliance.Testing.Postgres;
using Npgsql;

namespace CareersCompliance.EventStore.IntegrationTests;

public sealed class InlineProjectionTests(PostgresDatabaseFixture db) : IClassFixture<PostgresDatabaseFixture>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task an_inline_projection_commits_with_the_append_and_its_failure_rolls_the_append_back()
    {
        await using (var create = db.Owner.CreateCommand("CREATE TABLE rm.inline_counts (counter_id uuid PRIMARY KEY, events int NOT NULL)"))
        {
            await create.ExecuteNonQueryAsync(Ct);
        }

        var projection = new InlineCounts();
        var store = new PostgresEventStore(db.App, TestEvents.Registry(), [projection]);
        var stream = TestEvents.Counter();
        await store.AppendAsync(stream, ExpectedVersion.NoStream, [TestEvents.Incremented(stream.Id), TestEvents.Incremented(stream.Id)], Ct);
        projection.Fail = true;

        var failing = () => store.AppendAsync(stream, ExpectedVersion.Exact(2), [TestEvents.Incremented(stream.Id)], Ct);

        await failing.Should().ThrowAsync<InvalidOperationException>();
        (await store.ReadStreamAsync(stream, null, Ct)).Version.Should().Be(2);
        await using var count = db.App.CreateCommand("SELECT events FROM rm.inline_counts WHERE counter_id = $1");
        count.Parameters.Add(new NpgsqlParameter<Guid> { TypedValue = stream.Id });
        (await count.ExecuteScalarAsync(Ct)).Should().Be(2);
    }

    private sealed class InlineCounts : IInlineProjection
    {
        public bool Fail { get; set; }

        public async Task ApplyAsync(IReadOnlyList<EventEnvelope> events, NpgsqlConnection connection, NpgsqlTransaction transaction,
            CancellationToken ct)
        {
            await using var command = new NpgsqlCommand("""
                INSERT INTO rm.inline_counts (counter_id, events) VALUES ($1, $2)
                ON CONFLICT (counter_id) DO UPDATE SET events = rm.inline_counts.events + excluded.events
                """, connection, transaction);
            command.Parameters.Add(new NpgsqlParameter<Guid> { TypedValue = events[0].Stream.Id });
            command.Parameters.Add(new NpgsqlParameter<int> { TypedValue = events.Count });
            await command.ExecuteNonQueryAsync(ct);
            if (Fail)
            {
                throw new InvalidOperationException("inline view rejected the write");
            }
        }
    }
}
