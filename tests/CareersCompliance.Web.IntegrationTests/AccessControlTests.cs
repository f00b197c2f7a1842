using System.Net;
using System.Net.Http.Headers;
using System.Text.RegularExpressions;
using CareersCompliance.Application.Accounts;
using NodaTime;
using NodaTime.Testing;

namespace CareersCompliance.Web.IntegrationTests;

/// <summary>Each role is refused what it may not see, sign-in is protected, and every pupil view is logged.</summary>
[Collection(WebTests.Name)]
public sealed class AccessControlTests(DemoDatabase db, SharedWebHost host) : SharedWebHostTests(db, host)
{
    [Fact]
    public async Task anonymous_visitors_are_sent_to_sign_in_and_scripts_get_401()
    {
        var client = Factory.Client();

        var page = await client.GetAsync($"/schools/{Db.LltSchool}", Ct);
        var api = await client.GetAsync("/api/trusts/LLT/report", Ct);

        page.StatusCode.Should().Be(HttpStatusCode.Redirect);
        page.Headers.Location!.ToString().Should().Contain("/Account/Login");
        api.StatusCode.Should().Be(HttpStatusCode.Unauthorized);
        api.Content.Headers.ContentType!.MediaType.Should().Be("application/problem+json");
    }

    [Fact]
    public async Task sign_in_without_the_antiforgery_token_is_refused()
    {
        var client = Factory.Client();

        var response = await client.PostAsync("/Account/Login", new FormUrlEncodedContent(new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["Input.Username"] = "director-llt",
            ["Input.Password"] = Db.Passwords["director-llt"],
        }), Ct);

        response.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        response.Headers.Contains("Set-Cookie").Should().BeFalse("no session is opened");
    }

    [Fact]
    public async Task a_trust_director_of_llt_reads_llt_but_not_a_jtmat_school_by_urn()
    {
        var client = await Factory.SignedInAsync("director-llt", Ct);

        (await client.GetAsync("/trusts/LLT", Ct)).StatusCode.Should().Be(HttpStatusCode.OK);
        (await client.GetAsync($"/schools/{Db.LltSchool}", Ct)).StatusCode.Should().Be(HttpStatusCode.OK);
        (await client.GetAsync($"/schools/{Db.JtmatSchool}", Ct)).StatusCode.Should().Be(HttpStatusCode.Forbidden);
        (await client.GetAsync("/trusts/JTMAT", Ct)).StatusCode.Should().Be(HttpStatusCode.Forbidden);
        (await client.GetAsync($"/api/schools/{Db.JtmatSchool}/report", Ct)).StatusCode.Should().Be(HttpStatusCode.Forbidden);
        (await client.GetAsync("/access-log", Ct)).StatusCode.Should().Be(HttpStatusCode.Forbidden, "directors do not audit");
    }

    [Fact]
    public async Task a_careers_leader_reads_their_own_school_only()
    {
        var client = await Factory.SignedInAsync($"leader-{Db.LltSchool}", Ct);

        (await client.GetAsync($"/schools/{Db.LltSchool}", Ct)).StatusCode.Should().Be(HttpStatusCode.OK);
        (await client.GetAsync($"/schools/{Db.LltOtherSchool}", Ct)).StatusCode.Should().Be(HttpStatusCode.Forbidden);
        (await client.GetAsync("/trusts/LLT", Ct)).StatusCode.Should().Be(HttpStatusCode.Forbidden);
    }

    [Fact]
    public async Task an_inspector_sees_only_the_granted_school_with_pupils_pseudonymised_until_the_grant_expires()
    {
        var clock = new FakeClock(SystemClock.Instance.GetCurrentInstant());
        var user = $"insp-{Guid.NewGuid():N}"[..20];
        var password = PasswordHashing.Generate();
        await Db.Accounts.AddAsync(user, "Test inspector", AccountRole.Inspector, AccountScope.None, password, "tests", Ct);
        var today = clock.GetCurrentInstant().InUtc().Date;
        await Db.Accounts.GrantAsync(user, Db.LltSchool, today.PlusYears(-1), today, clock.GetCurrentInstant() + Duration.FromMinutes(10), false,
            "test", "tests", Ct);
        await using var factory = new CareersWebFactory(Db, clock);
        var client = factory.Client();
        (await CareersWebFactory.SignInAsync(client, user, password, Ct)).StatusCode.Should().Be(HttpStatusCode.Redirect);

        var school = await client.GetAsync($"/schools/{Db.LltSchool}", Ct);
        var html = await school.Content.ReadAsStringAsync(Ct);
        school.StatusCode.Should().Be(HttpStatusCode.OK);
        Regex.IsMatch(html, @"\b[A-Z]\d{12}\b", RegexOptions.None, TimeSpan.FromSeconds(1)).Should().BeFalse("no UPN is shown to an inspector");
        html.Should().MatchRegex(@"P-[A-Z2-9]{8}");
        (await client.GetAsync($"/schools/{Db.LltOtherSchool}", Ct)).StatusCode.Should().Be(HttpStatusCode.Forbidden);

        clock.Advance(Duration.FromMinutes(15));

        (await client.GetAsync($"/schools/{Db.LltSchool}", Ct)).StatusCode.Should().Be(HttpStatusCode.Forbidden);
    }

    [Fact]
    public async Task every_pupil_page_view_writes_an_access_log_row()
    {
        var client = await Factory.SignedInAsync("officer-llt", Ct);
        var school = await client.GetStringAsync($"/schools/{Db.LltSchool}", Ct);
        var link = Regex.Match(school, $"href=\"(?<path>/schools/{Db.LltSchool}/pupils/(?<id>[0-9a-f-]+))\"", RegexOptions.None, TimeSpan.FromSeconds(1));
        link.Success.Should().BeTrue("the school page lists pupils at risk");
        var pupil = Guid.Parse(link.Groups["id"].Value);
        var log = new AccessLog(Db.Runtime.App);
        var before = await log.QueryAsync(new AccessLogFilter("officer-llt", PupilId: pupil, Limit: 1000), Ct);

        (await client.GetAsync(link.Groups["path"].Value, Ct)).StatusCode.Should().Be(HttpStatusCode.OK);
        (await client.GetAsync(link.Groups["path"].Value, Ct)).StatusCode.Should().Be(HttpStatusCode.OK);

        var after = await log.QueryAsync(new AccessLogFilter("officer-llt", PupilId: pupil, Limit: 1000), Ct);
        after.Where(IsPupilPage).Should().HaveCount(before.Count(IsPupilPage) + 2);
        after[0].SchoolUrn.Should().Be(Db.LltSchool);
        after[0].Role.Should().Be("compliance-officer");
    }

    private static bool IsPupilPage(AccessLogEntry e) => string.Equals(e.Resource, "pupil page", StringComparison.Ordinal);

    [Fact]
    public async Task the_access_log_cannot_be_changed()
    {
        await using var cmd = Db.Runtime.App.CreateCommand("UPDATE app.access_log SET username = 'someone-else'");

        var update = () => cmd.ExecuteNonQueryAsync(Ct);

        await update.Should().ThrowAsync<Npgsql.PostgresException>();
    }

    [Fact]
    public async Task api_tokens_carry_the_accounts_scope()
    {
        var token = await Db.Accounts.IssueTokenAsync("director-llt", "tests", null, "tests", Ct);
        var client = Factory.Client();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token.Token);

        var own = await client.GetAsync("/api/trusts/LLT/report", Ct);
        var other = await client.GetAsync("/api/trusts/JTMAT/report", Ct);
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token.Token + "x");
        var forged = await client.GetAsync("/api/trusts/LLT/report", Ct);

        own.StatusCode.Should().Be(HttpStatusCode.OK);
        (await own.Content.ReadAsStringAsync(Ct)).Should().Contain("\"trust\": \"LLT\"");
        other.StatusCode.Should().Be(HttpStatusCode.Forbidden);
        forged.StatusCode.Should().Be(HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task pages_carry_the_security_headers_and_secure_cookie_flags()
    {
        var client = Factory.Client();
        var login = await client.GetAsync("/Account/Login", Ct);
        var signIn = await CareersWebFactory.SignInAsync(client, "admin", Db.Passwords["admin"], Ct);

        login.Headers.GetValues("Content-Security-Policy").Single().Should().Contain("script-src 'self'").And.Contain("frame-ancestors 'none'");
        login.Headers.GetValues("X-Frame-Options").Single().Should().Be("DENY");
        login.Headers.GetValues("X-Content-Type-Options").Single().Should().Be("nosniff");
        var session = signIn.Headers.GetValues("Set-Cookie").Single(c => c.StartsWith("careers.session=", StringComparison.Ordinal));
        session.Should().Contain("httponly").And.Contain("samesite=strict");
    }
}
