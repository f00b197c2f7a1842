using System.Net;
using Npgsql;

namespace CareersCompliance.Web.IntegrationTests;

/// <summary>
/// Issue 13: every query the application runs is served by an index or a projection, never by a sequential scan of the
/// events. On a demo-sized table the planner would rightly scan, so the host's connections run with
/// <c>enable_seqscan = off</c>: a scan then happens only where no index can serve the query, and PostgreSQL's own
/// per-table counter (<c>pg_stat_user_tables.seq_scan</c>) shows whether any page or report did one.
/// </summary>
public sealed class IndexUseTests(DemoDatabase db) : IClassFixture<DemoDatabase>
{
    private static readonly string[] WatchedTables = ["mt_events", "mt_streams", "ledger"];

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task no_page_report_search_or_api_call_scans_the_event_tables()
    {
        var before = await SettledScansAsync();
        await ScanOnceAsync();
        var afterProbe = await SettledScansAsync();
        afterProbe["mt_events"].Should().BeGreaterThan(before["mt_events"], "the counter sees a scan when one happens (the probe scans on purpose)");

        var factory = new CareersWebFactory(db, serverOptions: "-c enable_seqscan=off");
        await using (factory)
        {
            await VisitEveryRolesPagesAsync(factory);
        }

        var after = await SettledScansAsync();
        foreach (var table in WatchedTables)
        {
            (after[table] - afterProbe[table]).Should().Be(0, $"no page, report, search or API call should scan es.{table} (an index or projection serves it)");
        }
    }

    private async Task VisitEveryRolesPagesAsync(CareersWebFactory factory)
    {
        var school = db.LltSchool;
        var pupil = await PupilSearchTests.PupilAtAsync(db, school, Ct);
        var past = "2025-03-31";
        var known = "2025-04-01T00:00:00Z";

        var director = await factory.SignedInAsync("director-llt", Ct);
        await OkAsync(director,
            "/", "/trusts/LLT", "/trusts/LLT/compass", $"/schools/{school}", $"/schools/{school}?check=PAL.P1&yeargroup=9",
            $"/schools/{school}/pupils/{pupil.Id}", $"/schools/{school}/compass", $"/alerts?school={school}", $"/pupils?q={pupil.Upn}",
            "/api/trusts/LLT/report", $"/api/trusts/LLT/report?asOf={past}&knownAt={known}", $"/api/schools/{school}/report?asOf={past}",
            $"/api/schools/{school}/report?knownAt={known}", $"/api/schools/{school}/pupils?asOf={past}");

        var leader = await factory.SignedInAsync($"leader-{school}", Ct);
        await OkAsync(leader, "/", $"/schools/{school}/activities", $"/schools/{school}/record/activity", "/pupils?q=Ja");

        var officer = await factory.SignedInAsync("officer-llt", Ct);
        await OkAsync(officer, $"/audit?school={school}", $"/audit?upn={pupil.Upn}", "/audit?knownAt=2025-04-01", "/access-log");

        var inspector = await factory.SignedInAsync("inspector", Ct);
        await OkAsync(inspector, "/", $"/schools/{db.InspectedSchool}/evidence", $"/schools/{db.InspectedSchool}/evidence?handler=Csv");
    }

    private static async Task OkAsync(HttpClient client, params string[] paths)
    {
        foreach (var path in paths)
        {
            var response = await client.GetAsync(path, Ct);
            if (response.StatusCode == HttpStatusCode.Found && response.Headers.Location is { } home)
            {
                // A role's home page sends it on to its first screen (a director to the trust).
                response = await client.GetAsync(home, Ct);
            }

            response.StatusCode.Should().Be(HttpStatusCode.OK, path);
        }
    }

    /// <summary>A query no index can serve, on a connection with scans discouraged: proves the counter moves.</summary>
    private async Task ScanOnceAsync()
    {
        var cs = new NpgsqlConnectionStringBuilder(db.ConnectionString) { Options = "-c enable_seqscan=off", Pooling = false }.ConnectionString;
        await using var connection = new NpgsqlConnection(cs);
        await connection.OpenAsync(Ct);
        await using var command = new NpgsqlCommand("SELECT count(*) FROM es.mt_events WHERE data::text LIKE '%no such text%'", connection);
        await command.ExecuteScalarAsync(Ct);
    }

    /// <summary>
    /// The scan counters once every backend has reported: a backend sends its counts when it ends, so the pools are
    /// cleared first and the counters read until they stop changing.
    /// </summary>
    private async Task<Dictionary<string, long>> SettledScansAsync()
    {
        NpgsqlConnection.ClearAllPools();
        Dictionary<string, long>? last = null;
        for (var attempt = 0; attempt < 40; attempt++)
        {
            await Task.Delay(TimeSpan.FromMilliseconds(500), Ct);
            var now = await ScansAsync();
            if (last is not null && now.All(kv => last[kv.Key] == kv.Value))
            {
                return now;
            }

            last = now;
        }

        return last!;
    }

    private async Task<Dictionary<string, long>> ScansAsync()
    {
        var cs = new NpgsqlConnectionStringBuilder(db.ConnectionString) { Pooling = false }.ConnectionString;
        await using var connection = new NpgsqlConnection(cs);
        await connection.OpenAsync(Ct);
        await using var command = new NpgsqlCommand(
            "SELECT relname, coalesce(seq_scan, 0) FROM pg_stat_user_tables WHERE schemaname = 'es' AND relname = ANY($1)", connection);
        command.Parameters.Add(new NpgsqlParameter<string[]> { TypedValue = WatchedTables });
        var counts = WatchedTables.ToDictionary(t => t, _ => 0L, StringComparer.Ordinal);
        await using var reader = await command.ExecuteReaderAsync(Ct);
        while (await reader.ReadAsync(Ct))
        {
            counts[reader.GetString(0)] = reader.GetInt64(1);
        }

        return counts;
    }
}
