using System.Net;
using CareersCompliance.Application.Accounts;
using CareersCompliance.Application.Pupils;
using Npgsql;

namespace CareersCompliance.Web.IntegrationTests;

/// <summary>
/// Pupil search keeps to each role's scope (a leader their school, a director their trust and by UPN only, an inspector
/// nothing while the grant pseudonymises pupils), logs every search with the pupils it found, and is served by indexes.
/// </summary>
[Collection(WebTests.Name)]
public sealed class PupilSearchTests(DemoDatabase db, SharedWebHost host) : SharedWebHostTests(db, host)
{
    /// <summary>A pupil on the roll of the school, read straight from the register (not through the search).</summary>
    internal static async Task<(Guid Id, string Upn, string Forename, string Surname)> PupilAtAsync(DemoDatabase db, string urn, CancellationToken ct)
    {
        await using var cmd = db.Runtime.App.CreateCommand(
            """
            SELECT p.pupil_id, p.upn, p.forename, p.surname FROM pii.pupils p
              JOIN rm.school_streams s ON s.stream_id = p.pupil_id AND s.stream_type = 'pupil'
             WHERE s.school_urn = $1 AND p.erased_at IS NULL AND p.forename IS NOT NULL
             ORDER BY p.upn LIMIT 1
            """);
        cmd.Parameters.Add(new NpgsqlParameter<string> { TypedValue = urn });
        await using var r = await cmd.ExecuteReaderAsync(ct);
        (await r.ReadAsync(ct)).Should().BeTrue($"school {urn} has pupils");
        return (r.GetGuid(0), r.GetString(1), r.GetString(2), r.GetString(3));
    }

    [Fact]
    public async Task a_leader_finds_their_own_pupils_by_name_or_upn_and_no_other_schools()
    {
        var own = await PupilAtAsync(Db, Db.LltSchool, Ct);
        var other = await PupilAtAsync(Db, Db.LltOtherSchool, Ct);
        var client = await Factory.SignedInAsync($"leader-{Db.LltSchool}", Ct);

        var byName = await client.GetStringAsync($"/pupils?q={Uri.EscapeDataString($"{own.Forename} {own.Surname}")}", Ct);
        var byUpn = await client.GetStringAsync($"/pupils?q={own.Upn.ToLowerInvariant()}", Ct);
        var otherByUpn = await client.GetStringAsync($"/pupils?q={other.Upn}", Ct);
        var otherByName = await client.GetStringAsync($"/pupils?q={Uri.EscapeDataString($"{other.Forename} {other.Surname}")}", Ct);

        byName.Should().Contain($"/schools/{Db.LltSchool}/pupils/{own.Id}").And.Contain($"{own.Forename} {own.Surname}");
        byUpn.Should().Contain($"/schools/{Db.LltSchool}/pupils/{own.Id}");
        otherByUpn.Should().Contain("No pupil found").And.NotContain(other.Id.ToString());
        otherByName.Should().NotContain(other.Id.ToString(), "a pupil of another school is never found");
    }

    [Fact]
    public async Task a_director_finds_a_trust_pupil_by_upn_is_refused_a_name_search_and_never_finds_another_trusts_pupil()
    {
        var own = await PupilAtAsync(Db, Db.LltOtherSchool, Ct);
        var other = await PupilAtAsync(Db, Db.JtmatSchool, Ct);
        var client = await Factory.SignedInAsync("director-llt", Ct);

        var byUpn = await client.GetStringAsync($"/pupils?q={own.Upn}", Ct);
        var byName = await client.GetAsync($"/pupils?q={Uri.EscapeDataString(own.Surname)}", Ct);
        var otherTrust = await client.GetStringAsync($"/pupils?q={other.Upn}", Ct);

        byUpn.Should().Contain($"/schools/{Db.LltOtherSchool}/pupils/{own.Id}").And.NotContain(own.Surname, "directors do not see names");
        byName.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        (await byName.Content.ReadAsStringAsync(Ct)).Should().Contain("you cannot search by name").And.NotContain(own.Id.ToString());
        otherTrust.Should().Contain("No pupil found").And.NotContain(other.Id.ToString());
    }

    [Fact]
    public async Task an_inspector_whose_grant_pseudonymises_pupils_cannot_search_and_is_not_offered_it()
    {
        var client = await Factory.SignedInAsync("inspector", Ct);
        var pupil = await PupilAtAsync(Db, Db.InspectedSchool, Ct);

        var home = await client.GetStringAsync("/", Ct);
        var search = await client.GetAsync($"/pupils?q={pupil.Upn}", Ct);

        home.Should().NotContain("Find a pupil");
        search.StatusCode.Should().Be(HttpStatusCode.Forbidden);
        (await search.Content.ReadAsStringAsync(Ct)).Should().NotContain(pupil.Id.ToString());
    }

    [Fact]
    public async Task an_inspector_whose_grant_shows_identities_finds_the_granted_schools_pupils_by_name_and_no_others()
    {
        var user = $"insp-{Guid.NewGuid():N}"[..20];
        var password = PasswordHashing.Generate();
        await Db.Accounts.AddAsync(user, "Identified inspector", AccountRole.Inspector, AccountScope.None, password, "tests", Ct);
        var today = NodaTime.SystemClock.Instance.GetCurrentInstant().InUtc().Date;
        await Db.Accounts.GrantAsync(user, Db.LltSchool, today.PlusYears(-1), today, NodaTime.SystemClock.Instance.GetCurrentInstant() + NodaTime.Duration.FromMinutes(10),
            true, "test", "tests", Ct);
        var own = await PupilAtAsync(Db, Db.LltSchool, Ct);
        var other = await PupilAtAsync(Db, Db.LltOtherSchool, Ct);
        var client = Factory.Client();
        (await CareersWebFactory.SignInAsync(client, user, password, Ct)).StatusCode.Should().Be(HttpStatusCode.Redirect);

        var found = await client.GetStringAsync($"/pupils?q={Uri.EscapeDataString($"{own.Forename} {own.Surname}")}", Ct);
        var notGranted = await client.GetStringAsync($"/pupils?q={other.Upn}", Ct);

        found.Should().Contain($"/schools/{Db.LltSchool}/pupils/{own.Id}").And.Contain($"{own.Forename} {own.Surname}");
        notGranted.Should().Contain("No pupil found").And.NotContain(other.Id.ToString());
    }

    [Fact]
    public async Task every_search_is_written_to_the_access_log_with_the_pupils_it_found()
    {
        var own = await PupilAtAsync(Db, Db.LltSchool, Ct);
        var user = $"leader-{Db.LltSchool}";
        var client = await Factory.SignedInAsync(user, Ct);
        var log = new AccessLog(Db.Runtime.App);
        var before = (await log.QueryAsync(new AccessLogFilter(user, Limit: 1000), Ct)).Count(IsSearch);

        await client.GetStringAsync($"/pupils?q={own.Upn}", Ct);
        await client.GetStringAsync("/pupils?q=Zzqxv", Ct);

        var after = (await log.QueryAsync(new AccessLogFilter(user, Limit: 1000), Ct)).Where(IsSearch).ToList();
        after.Should().HaveCount(before + 2);
        after[1].PupilIds.Should().Equal(own.Id);
        after[1].SchoolUrn.Should().Be(Db.LltSchool);
        after[1].Detail.Should().Be("search by UPN");
        after[0].PupilCount.Should().Be(0);
        after[0].Detail.Should().Be("search by name, nothing found").And.NotContain("Zzqxv", "the words searched for are not kept");
    }

    [Fact]
    public async Task searches_by_upn_and_by_name_are_served_by_indexes_at_one_school_and_across_every_school()
    {
        var own = await PupilAtAsync(Db, Db.LltSchool, Ct);
        var search = new PupilSearch(Db.Runtime.App);
        string[][] scopes = [[Db.LltSchool], [.. Db.Directory.Schools.Select(s => s.Urn)]];
        foreach (var scope in scopes)
        {
            foreach (var term in new[] { own.Upn, own.Surname[..2], $"{own.Forename} {own.Surname}" })
            {
                await using var cmd = search.Command(term, scope, 51)!;
                var (scans, indexes) = await PlanAsync(cmd);
                scans.Should().NotBeEmpty();
                scans.Should().OnlyContain(s => s.Indexed, $"every read of the pupils or the school index is by an index condition ('{term}' over {scope.Length} schools): {string.Join("; ", scans)}");
                if (scope.Length > 1)
                {
                    // Across every school (an administrator's scope) the school index would reach every pupil: what was
                    // typed must find them, by the UPN key or migration 0091's name indexes.
                    var expected = PupilSearch.KindOf(term) == PupilSearchKind.Upn ? ["pupils_upn_key"] : new[] { "pupils_surname_search", "pupils_forename_search" };
                    indexes.Should().Contain(i => expected.Contains(i), $"'{term}' is looked up by what was typed; the plan uses {string.Join(", ", indexes)}");
                }
            }
        }
    }

    private static bool IsSearch(AccessLogEntry e) => string.Equals(e.Resource, "pupil search", StringComparison.Ordinal);

    private sealed record Scan(string Relation, string NodeType, bool Indexed);

    /// <summary>How PostgreSQL would read pii.pupils and rm.school_streams for the command, with sequential scans, merge and
    /// hash joins priced out (on tables this small it would rightly prefer them): each read, and whether an index condition drives it. A full index
    /// scan with no condition is no better than a sequential one, so it counts as not indexed.</summary>
    private async Task<(List<Scan> Scans, HashSet<string> Indexes)> PlanAsync(NpgsqlCommand cmd)
    {
        await using var connection = await Db.Runtime.App.OpenConnectionAsync(Ct);
        // Why joins by nested loop only: a merge or hash join may read a small table whole through an index, in place of the
        // scan priced out; by nested loop, each table must be reached by an index condition or not at all.
        await using (var off = new NpgsqlCommand("SET enable_seqscan = off; SET enable_mergejoin = off; SET enable_hashjoin = off", connection))
        {
            await off.ExecuteNonQueryAsync(Ct);
        }

        await using var explain = new NpgsqlCommand("EXPLAIN (FORMAT JSON) " + cmd.CommandText, connection);
        foreach (NpgsqlParameter p in cmd.Parameters)
        {
            explain.Parameters.Add(p.Clone());
        }

        var plan = System.Text.Json.JsonDocument.Parse((string)(await explain.ExecuteScalarAsync(Ct))!);
        var scans = new List<Scan>();
        var indexes = new HashSet<string>(StringComparer.Ordinal);
        Walk(plan.RootElement[0].GetProperty("Plan"), scans, indexes);
        return (scans, indexes);
    }

    private static void Walk(System.Text.Json.JsonElement node, List<Scan> scans, HashSet<string> indexes)
    {
        var type = node.GetProperty("Node Type").GetString()!;
        if (node.TryGetProperty("Index Name", out var index))
        {
            indexes.Add(index.GetString()!);
        }

        if (node.TryGetProperty("Relation Name", out var relation) && relation.GetString() is "pupils" or "school_streams")
        {
            var indexed = type switch
            {
                "Index Scan" or "Index Only Scan" => node.TryGetProperty("Index Cond", out _),
                "Bitmap Heap Scan" => node.TryGetProperty("Recheck Cond", out _),
                _ => false,
            };
            scans.Add(new Scan(relation.GetString()!, type, indexed));
        }

        if (node.TryGetProperty("Plans", out var children))
        {
            foreach (var child in children.EnumerateArray())
            {
                Walk(child, scans, indexes);
            }
        }
    }
}
