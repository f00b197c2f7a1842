using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using CareersCompliance.EventStore.Hosting;
using CareersCompliance.EventStore.Schema;
using Npgsql;

namespace CareersCompliance.Web.IntegrationTests;

/// <summary>
/// Issue 13, security boundary: a web host given only careers_app's and careers_sealer's own logins (no owner login at
/// all) serves pages, records evidence and seals it, and every session it opens is one of those two roles.
/// </summary>
[Collection(WebTests.Name)]
public sealed class RoleLoginTests(DemoDatabase db)
{
    private const string HostName = "role-logins-test";
    private static readonly int[] YearTen = [10];
    private static readonly string[] Checklist = ["purpose", "two_way"];

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task a_host_with_only_the_roles_own_logins_serves_records_and_seals_and_never_connects_as_the_owner()
    {
        var app = await LoginAsync(EventStoreDataSources.ApplicationRole, "app-login-for-the-web-tests");
        var sealer = await LoginAsync(EventStoreDataSources.SealerRole, "sealer-login-for-the-web-tests");
        var factory = new CareersWebFactory(db) { RoleLogins = new DatabaseLogins(null, app, sealer) };
        await using (factory)
        {
            var leader = await factory.SignedInAsync($"leader-{db.LltSchool}", Ct);
            (await leader.GetAsync($"/schools/{db.LltSchool}", Ct)).StatusCode.Should().Be(HttpStatusCode.OK);
            var recorded = await leader.PostAsJsonAsync($"/api/schools/{db.LltSchool}/activities", new
            {
                activity = new
                {
                    kind = "EmployerEncounter",
                    title = "Recorded by a host without the owner's login",
                    date = db.Runtime.Clock.GetCurrentInstant().InZone(NodaTime.DateTimeZoneProviders.Tzdb["Europe/London"]).Date
                        .ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
                    yearGroups = YearTen,
                    checklist = Checklist,
                },
            }, Ct);
            recorded.StatusCode.Should().Be(HttpStatusCode.Created);
            var id = (await recorded.Content.ReadFromJsonAsync<JsonElement>(Ct)).GetProperty("id").GetString();

            await WaitUntilSealedAsync(id!);
            var users = await SessionUsersAsync();

            users.Should().BeSubsetOf([EventStoreDataSources.ApplicationRole, EventStoreDataSources.SealerRole],
                "the host logs in as the roles themselves, never as the owner");
            users.Should().Contain(EventStoreDataSources.SealerRole, "the sealer seals with its own login");
        }
    }

    [Fact]
    public async Task a_password_shorter_than_sixteen_characters_is_refused_and_nothing_changes()
    {
        var act = () => RoleLogins.EnableAsync(db.ConnectionString, EventStoreDataSources.ApplicationRole, "short", Ct);

        (await act.Should().ThrowAsync<ArgumentException>()).Which.Message.Should().Contain("at least 16 characters");
    }

    /// <summary>Gives the role its login and returns its connection string, named so the test finds the host's sessions.</summary>
    private async Task<string> LoginAsync(string role, string password) =>
        new NpgsqlConnectionStringBuilder(await RoleLogins.EnableAsync(db.ConnectionString, role, password, Ct)) { ApplicationName = HostName }
            .ConnectionString;

    private async Task WaitUntilSealedAsync(string activityId)
    {
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (true)
        {
            await using var command = db.Runtime.Owner.CreateCommand("""
                SELECT count(*) FROM es.events e JOIN es.ledger l ON l.seq_id = e.seq_id WHERE e.data ->> 'activityId' = $1
                """);
            command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = activityId });
            if ((long)(await command.ExecuteScalarAsync(Ct))! > 0)
            {
                return;
            }

            DateTime.UtcNow.Should().BeBefore(deadline, "the host's sealer seals the recorded activity within seconds");
            await Task.Delay(200, Ct);
        }
    }

    private async Task<List<string>> SessionUsersAsync()
    {
        await using var command = db.Runtime.Owner.CreateCommand(
            "SELECT DISTINCT usename::text FROM pg_stat_activity WHERE datname = current_database() AND application_name = $1");
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = HostName });
        var users = new List<string>();
        await using var reader = await command.ExecuteReaderAsync(Ct);
        while (await reader.ReadAsync(Ct))
        {
            users.Add(reader.GetString(0));
        }

        return users;
    }
}
