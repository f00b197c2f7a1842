using CareersCompliance.EventStore.Hosting;
using CareersCompliance.EventStore.Schema;
using CareersCompliance.EventStore.Sealing;
using CareersCompliance.EventStore.Verification;
using CareersCompliance.Testing.Postgres;
using Marten;
using NodaTime;
using Npgsql;

namespace CareersCompliance.EventStore.IntegrationTests;

/// <summary>Events live in Marten's tables (migration 0090): an existing ledger moves across intact, and Marten reads what we store.</summary>
public sealed class MartenTablesTests(PostgresDatabaseFixture db) : IClassFixture<PostgresDatabaseFixture>
{
    private const string FirstMartenMigration = "0090";
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task a_database_on_the_old_event_table_moves_into_martens_tables_with_its_ledger_still_verifying()
    {
        var connectionString = await CreateEmptyDatabaseAsync("premarten");
        try
        {
            await ApplyMigrationsBeforeAsync(connectionString, FirstMartenMigration);
            await using var app = EventStoreDataSources.CreateApplication(connectionString);
            await using var owner = EventStoreDataSources.CreateOwner(connectionString);
            var store = new PostgresEventStore(app, TestEvents.Registry());
            var first = TestEvents.Counter();
            var second = TestEvents.Counter();
            await AppendTheOldWayAsync(app, first, 0,
                [TestEvents.New(new CounterOpened(first.Id, "Careers fair", new LocalDate(2026, 9, 1))), TestEvents.Incremented(first.Id, 2)]);
            await AppendTheOldWayAsync(app, second, 0, [TestEvents.Incremented(second.Id)]);
            await AppendTheOldWayAsync(app, first, 2, [TestEvents.Incremented(first.Id, 5)]);
            await new LedgerSealer(app).SealCommittedAsync(TimeSpan.FromSeconds(30), Ct);
            var before = await store.ReadStreamAsync(first, null, Ct);

            var applied = await Migrator.MigrateAsync(connectionString, Ct);

            applied.Should().Contain(m => m.StartsWith(FirstMartenMigration, StringComparison.Ordinal));
            (await CountAsync(owner, "SELECT count(*) FROM es.mt_events")).Should().Be(4);
            var after = await store.ReadStreamAsync(first, null, Ct);
            after.Should().BeEquivalentTo(before, "the stream reads back the same events, versions, metadata and ledger positions");
            (await new LedgerVerifier(owner).VerifyAsync(Ct)).Ok.Should().BeTrue("every moved event still hashes to its sealed ledger row");

            var next = await store.AppendAsync(first, ExpectedVersion.Exact(3), [TestEvents.Incremented(first.Id, 7)], Ct);
            var stale = () => store.AppendAsync(second, ExpectedVersion.NoStream, [TestEvents.Incremented(second.Id)], Ct);
            // Why a new data source: from migration 0100 only the sealer's role writes the ledger.
            await using var sealing = EventStoreDataSources.CreateSealer(connectionString);
            await new LedgerSealer(sealing).SealCommittedAsync(TimeSpan.FromSeconds(30), Ct);

            next.NextExpectedVersion.Should().Be(4, "Marten's stream table carries each stream's head across the move");
            (await stale.Should().ThrowAsync<ConcurrencyConflictException>()).Which.Actual.Should().Be(1);
            var verified = await new LedgerVerifier(owner).VerifyAsync(Ct);
            verified.Ok.Should().BeTrue();
            verified.VerifiedUpTo.Should().Be(5);
        }
        finally
        {
            await PostgresTemplate.DropDatabaseAsync(connectionString);
        }
    }

    [Fact]
    public async Task martens_own_reader_reads_the_events_our_store_appended_with_their_types_ids_and_metadata()
    {
        var registry = TestEvents.Registry();
        var store = new PostgresEventStore(db.App, registry);
        var stream = TestEvents.Counter();
        var opened = TestEvents.New(new CounterOpened(stream.Id, "Careers fair", new LocalDate(2026, 9, 1)));
        var incremented = TestEvents.Incremented(stream.Id, 3);
        await store.AppendAsync(stream, ExpectedVersion.NoStream, [opened, incremented], Ct);
        await using var marten = DocumentStore.For(o => MartenEventStoreConfiguration.Apply(o, db.App, registry));

        await using var session = marten.QuerySession();
        var events = await session.Events.FetchStreamAsync(stream.Id, token: Ct);
        var state = await session.Events.FetchStreamStateAsync(stream.Id, Ct);

        events.Select(e => e.Data).Should().Equal(opened.Data, incremented.Data);
        events.Select(e => e.Id).Should().Equal(opened.EventId, incremented.EventId);
        events.Select(e => e.Version).Should().Equal(1, 2);
        events.Select(e => e.EventTypeName).Should().Equal("counter_opened", "counter_incremented");
        events.Should().OnlyContain(e => e.CorrelationId == TestEvents.Metadata.CorrelationId.ToString());
        events[0].Headers.Should().ContainKey("actor");
        state!.Version.Should().Be(2);
    }

    [Fact]
    public async Task marten_writes_the_same_json_our_own_writer_wrote_for_data_and_metadata()
    {
        var registry = TestEvents.Registry();
        var stream = TestEvents.Counter();
        var opened = TestEvents.New(new CounterOpened(stream.Id, "Careers fair", new LocalDate(2026, 9, 1)));
        await new PostgresEventStore(db.App, registry).AppendAsync(stream, ExpectedVersion.NoStream, [opened], Ct);

        await using var command = db.App.CreateCommand("SELECT data = $2::jsonb, headers = $3::jsonb, data::text FROM es.mt_events WHERE id = $1");
        command.Parameters.Add(new NpgsqlParameter<Guid> { TypedValue = opened.EventId });
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = PostgresEventStore.Serialize(registry, opened.Data) });
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = PostgresEventStore.Serialize(registry, opened.Metadata) });
        await using var reader = await command.ExecuteReaderAsync(Ct);
        await reader.ReadAsync(Ct);

        reader.GetBoolean(0).Should().BeTrue("the data must be our JSON (camelCase names, ISO dates), as stored: {0}", reader.GetString(2));
        reader.GetBoolean(1).Should().BeTrue("the headers must be our metadata, which the ledger hashes");
    }

    /// <summary>What the store did before the move: our own append function writing the old event table.</summary>
    private static async Task AppendTheOldWayAsync(NpgsqlDataSource app, StreamId stream, long expected, NewEvent[] events)
    {
        var registry = TestEvents.Registry();
        await using var command = app.CreateCommand("SELECT * FROM es.append($1, $2, $3, $4, false, $5, $6, $7, $8::jsonb[], $9::jsonb[])");
        command.Parameters.Add(new NpgsqlParameter<Guid> { TypedValue = stream.Id });
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = stream.Type });
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = events[0].Metadata.Tenant.Key });
        command.Parameters.Add(new NpgsqlParameter<long> { TypedValue = expected });
        command.Parameters.Add(new NpgsqlParameter<Guid[]> { TypedValue = [.. events.Select(e => e.EventId)] });
        command.Parameters.Add(new NpgsqlParameter<string[]> { TypedValue = [.. events.Select(e => registry.StoredNameOf(e.Data.GetType()).Name)] });
        command.Parameters.Add(new NpgsqlParameter<short[]> { TypedValue = [.. events.Select(e => registry.StoredNameOf(e.Data.GetType()).SchemaVersion)] });
        command.Parameters.Add(new NpgsqlParameter<string[]> { TypedValue = [.. events.Select(e => PostgresEventStore.Serialize(registry, e.Data))] });
        command.Parameters.Add(new NpgsqlParameter<string[]> { TypedValue = [.. events.Select(e => PostgresEventStore.Serialize(registry, e.Metadata))] });
        await command.ExecuteNonQueryAsync(Ct);
    }

    private static async Task<string> CreateEmptyDatabaseAsync(string label)
    {
        var baseCs = await PostgresSettings.BaseConnectionStringAsync();
        var name = $"t_{label}_{Guid.NewGuid():N}";
        await using (var connection = new NpgsqlConnection(baseCs))
        {
            await connection.OpenAsync(Ct);
            await using var create = new NpgsqlCommand($"CREATE DATABASE \"{name}\"", connection);
            await create.ExecuteNonQueryAsync(Ct);
        }

        return new NpgsqlConnectionStringBuilder(baseCs) { Database = name }.ConnectionString;
    }

    /// <summary>Brings a database to the schema as it stood before the move, recording the migrations as applied.</summary>
    private static async Task ApplyMigrationsBeforeAsync(string connectionString, string firstLeftOut)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync(Ct);
        await using (var table = new NpgsqlCommand(
            "CREATE SCHEMA IF NOT EXISTS es; CREATE TABLE es.schema_migrations (name text PRIMARY KEY, applied_at timestamptz NOT NULL DEFAULT now())",
            connection))
        {
            await table.ExecuteNonQueryAsync(Ct);
        }

        foreach (var (name, sql) in Migrator.Embedded().Where(m => string.CompareOrdinal(m.Name, firstLeftOut) < 0))
        {
            await using var migrate = new NpgsqlCommand(sql, connection);
            await migrate.ExecuteNonQueryAsync(Ct);
            await using var record = new NpgsqlCommand("INSERT INTO es.schema_migrations (name) VALUES ($1)", connection);
            record.Parameters.Add(new NpgsqlParameter<string> { TypedValue = name });
            await record.ExecuteNonQueryAsync(Ct);
        }
    }

    private static async Task<long> CountAsync(NpgsqlDataSource dataSource, string sql)
    {
        await using var command = dataSource.CreateCommand(sql);
        return (long)(await command.ExecuteScalarAsync(Ct))!;
    }
}
