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
        await new Sealing.LedgerSealer(db.App).SealCommittedAsync(TimeSpan.FromSeconds(30), Ct);
    }

    private static async Task ExecuteAsync(NpgsqlDataSource dataSource, string sql)
    {
        await using var command = dataSource.CreateCommand(sql);
        await command.ExecuteNonQueryAsync(Ct);
    }
}
