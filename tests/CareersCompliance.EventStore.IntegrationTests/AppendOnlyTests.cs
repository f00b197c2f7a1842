using CareersCompliance.Testing.Postgres;
using Npgsql;

namespace CareersCompliance.EventStore.IntegrationTests;

public sealed class AppendOnlyTests(PostgresDatabaseFixture db) : IClassFixture<PostgresDatabaseFixture>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Theory]
    [InlineData("UPDATE es.events SET event_type = 'changed'")]
    [InlineData("DELETE FROM es.events")]
    [InlineData("UPDATE es.mt_events SET type = 'changed'")]
    [InlineData("DELETE FROM es.mt_events")]
    [InlineData("TRUNCATE es.mt_events")]
    [InlineData("DELETE FROM es.mt_streams")]
    [InlineData("UPDATE es.ledger SET event_type = 'changed'")]
    [InlineData("DELETE FROM es.ledger")]
    [InlineData("TRUNCATE es.ledger CASCADE")]
    public async Task the_application_role_cannot_change_or_remove_events_or_ledger_rows(string sql)
    {
        await SeedAsync();

        var change = () => ExecuteAsync(db.App, sql);

        (await change.Should().ThrowAsync<PostgresException>()).Which.SqlState.Should().Be("42501");
    }

    [Theory]
    [InlineData("UPDATE es.events SET event_type = 'changed'")]
    [InlineData("DELETE FROM es.events")]
    [InlineData("UPDATE es.mt_events SET data = '{}'")]
    [InlineData("DELETE FROM es.mt_events")]
    [InlineData("TRUNCATE es.mt_events CASCADE")]
    [InlineData("DELETE FROM es.mt_streams")]
    [InlineData("TRUNCATE es.mt_streams CASCADE")]
    [InlineData("UPDATE es.ledger SET event_type = 'changed'")]
    public async Task even_the_owner_is_stopped_by_the_append_only_triggers(string sql)
    {
        await SeedAsync();

        var change = () => ExecuteAsync(db.Owner, sql);

        (await change.Should().ThrowAsync<PostgresException>()).Which.SqlState.Should().Be("ES403");
    }

    [Theory]
    [InlineData("INSERT INTO es.ledger SELECT * FROM es.ledger LIMIT 0")]
    [InlineData("UPDATE es.ledger_head SET position = position")]
    public async Task only_the_sealer_writes_the_ledger_the_application_cannot(string sql)
    {
        await SeedAsync();

        var write = () => ExecuteAsync(db.App, sql);

        (await write.Should().ThrowAsync<PostgresException>()).Which.SqlState.Should().Be("42501");
        await ExecuteAsync(db.Sealing, sql);
    }

    [Theory]
    [InlineData("INSERT INTO es.mt_events SELECT * FROM es.mt_events LIMIT 0")]
    [InlineData("INSERT INTO es.mt_streams SELECT * FROM es.mt_streams LIMIT 0")]
    [InlineData("UPDATE es.mt_streams SET version = version")]
    [InlineData("SELECT * FROM pii.pupils")]
    public async Task the_sealer_cannot_add_events_move_streams_or_read_pupils(string sql)
    {
        await SeedAsync();

        var act = () => ExecuteAsync(db.Sealing, sql);

        (await act.Should().ThrowAsync<PostgresException>()).Which.SqlState.Should().Be("42501");
    }

    [Fact]
    public async Task the_application_and_the_sealer_run_with_statement_and_idle_transaction_limits()
    {
        foreach (var (source, role) in new[] { (db.App, "careers_app"), (db.Sealing, "careers_sealer") })
        {
            await using var command = source.CreateCommand(
                "SELECT current_user, current_setting('statement_timeout'), current_setting('idle_in_transaction_session_timeout')");
            await using var reader = await command.ExecuteReaderAsync(Ct);
            (await reader.ReadAsync(Ct)).Should().BeTrue();
            reader.GetString(0).Should().Be(role);
            reader.GetString(1).Should().Be("1min", $"{role} statements are ended after a minute");
            reader.GetString(2).Should().Be("2min", $"{role} transactions left idle are ended after two minutes");
        }
    }

    [Fact]
    public async Task a_statement_over_the_limit_is_cancelled_and_a_transaction_left_idle_is_ended()
    {
        // Why shorter limits here: an operator's Options win over the defaults, which this also shows.
        var tight = new NpgsqlConnectionStringBuilder(db.ConnectionString)
        {
            Options = "-c statement_timeout=300ms -c idle_in_transaction_session_timeout=300ms",
            Pooling = false,
        }.ConnectionString;
        await using var source = Hosting.EventStoreDataSources.CreateApplication(tight);

        var slow = () => ExecuteAsync(source, "SELECT pg_sleep(5)");
        (await slow.Should().ThrowAsync<PostgresException>()).Which.SqlState.Should().Be("57014", "the statement was cancelled by its timeout");

        await using var connection = await source.OpenConnectionAsync(Ct);
        await using var tx = await connection.BeginTransactionAsync(Ct);
        await using (var first = new NpgsqlCommand("SELECT 1", connection, tx))
        {
            await first.ExecuteScalarAsync(Ct);
        }

        await Task.Delay(TimeSpan.FromSeconds(2), Ct);
        var afterIdle = async () =>
        {
            await using var next = new NpgsqlCommand("SELECT 1", connection, tx);
            await next.ExecuteScalarAsync(Ct);
        };
        await afterIdle.Should().ThrowAsync<NpgsqlException>("the server ended the session of the transaction left idle");
    }

    [Fact]
    public async Task the_application_really_acts_as_careers_app()
    {
        await using var command = db.App.CreateCommand("SELECT current_user");

        (await command.ExecuteScalarAsync(Ct)).Should().Be("careers_app");
    }

    private async Task SeedAsync()
    {
        var store = new PostgresEventStore(db.App, TestEvents.Registry());
        var stream = TestEvents.Counter();
        await store.AppendAsync(stream, ExpectedVersion.NoStream, [TestEvents.Incremented(stream.Id)], Ct);
        await new Sealing.LedgerSealer(db.Sealing).SealCommittedAsync(TimeSpan.FromSeconds(30), Ct);
    }

    private static async Task ExecuteAsync(NpgsqlDataSource dataSource, string sql)
    {
        await using var command = dataSource.CreateCommand(sql);
        await command.ExecuteNonQueryAsync(Ct);
    }
}
