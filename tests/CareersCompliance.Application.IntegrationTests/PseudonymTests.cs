using CareersCompliance.Application.Accounts;
using CareersCompliance.Domain.Common;
using CareersCompliance.Testing.Postgres;

namespace CareersCompliance.Application.IntegrationTests;

/// <summary>The inspectors' pupil codes come from one key per database, created by whichever request needs it first.</summary>
public sealed class PseudonymTests(PostgresDatabaseFixture db) : IClassFixture<PostgresDatabaseFixture>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task a_request_that_loses_the_race_to_create_the_key_uses_the_winners_key()
    {
        var pupil = new PupilId(Guid.CreateVersion7());
        await using var winner = await db.Owner.OpenConnectionAsync(Ct);
        await using var tx = await winner.BeginTransactionAsync(Ct);
        await using (var insert = new Npgsql.NpgsqlCommand("INSERT INTO app.secrets (name, value) VALUES ('pseudonym-key', '\\x0102'::bytea)", winner, tx))
        {
            await insert.ExecuteNonQueryAsync(Ct);
        }

        // The second request's INSERT waits on the first's uncommitted key; the first then commits.
        var loser = Pseudonyms.LoadAsync(db.App, Ct);
        await Task.Delay(300, Ct);
        await tx.CommitAsync(Ct);
        var codes = await Task.WhenAll(loser, Pseudonyms.LoadAsync(db.App, Ct));

        codes.Select(p => p.Code(pupil)).Should().AllBe(new Pseudonyms([1, 2]).Code(pupil), "every page shows a pupil under the same code");
    }
}
