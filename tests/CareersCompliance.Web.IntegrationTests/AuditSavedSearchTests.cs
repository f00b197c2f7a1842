using System.Net;
using System.Text.RegularExpressions;

namespace CareersCompliance.Web.IntegrationTests;

/// <summary>
/// Saved audit searches: an officer saves the current filters under a name, sees and runs them from the audit page, and
/// deletes them; another account neither sees nor deletes them; a bad name or a missing anti-forgery token saves nothing.
/// </summary>
[Collection(WebTests.Name)]
public sealed class AuditSavedSearchTests(DemoDatabase db, SharedWebHost host) : SharedWebHostTests(db, host)
{
    private static readonly Regex IdOf = new("action=\"/audit\\?[^\"]*id=(?<id>[0-9a-f-]{36})", RegexOptions.None, TimeSpan.FromSeconds(1));

    /// <summary>The id in the delete form that follows the saved search's link.</summary>
    private static string IdFor(string html, string name)
    {
        var at = html.IndexOf($">{name}</a>", StringComparison.Ordinal);
        at.Should().BeGreaterThan(0, $"the saved search {name} is listed");
        return IdOf.Match(html, at).Groups["id"].Value;
    }

    private string Search => $"school={Db.LltSchool}&eventType=activity_recorded";

    private async Task<HttpResponseMessage> SaveAsync(HttpClient client, string name, string? token = null)
    {
        token ??= await CareersWebFactory.AntiforgeryTokenAsync(client, "/audit?" + Search, Ct);
        return await client.PostAsync($"/audit?handler=Save&{Search}", new FormUrlEncodedContent(new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["searchName"] = name,
            ["__RequestVerificationToken"] = token,
        }), Ct);
    }

    private static async Task<HttpResponseMessage> DeleteAsync(HttpClient client, string id)
    {
        var token = await CareersWebFactory.AntiforgeryTokenAsync(client, "/audit", Ct);
        return await client.PostAsync($"/audit?handler=Delete&id={id}", new FormUrlEncodedContent(new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["__RequestVerificationToken"] = token,
        }), Ct);
    }

    [Fact]
    public async Task an_officer_saves_a_search_runs_it_with_one_click_and_deletes_it_and_another_account_cannot_see_or_delete_it()
    {
        var officer = await Factory.SignedInAsync("officer-llt", Ct);
        var admin = await Factory.SignedInAsync("admin", Ct);
        var name = $"Activities recorded {Guid.NewGuid():N}"[..30];

        var saved = await SaveAsync(officer, name);
        saved.StatusCode.Should().Be(HttpStatusCode.Redirect);
        saved.Headers.Location!.ToString().Should().Be($"/audit?{Search}&notice=saved");
        var page = WebUtility.HtmlDecode(await officer.GetStringAsync("/audit?notice=saved", Ct));
        page.Should().Contain("Search saved").And.Contain($"<a class=\"govuk-link\" href=\"/audit?{Search}\">{name}</a>");
        var id = IdFor(await officer.GetStringAsync("/audit", Ct), name);
        id.Should().NotBeEmpty();

        var run = WebUtility.HtmlDecode(await officer.GetStringAsync($"/audit?{Search}", Ct));
        run.Should().Contain("id=\"result-summary\"").And.Contain("Activity recorded");

        (await admin.GetStringAsync("/audit", Ct)).Should().NotContain(name, "saved searches are the account's own");
        (await DeleteAsync(admin, id)).StatusCode.Should().Be(HttpStatusCode.NotFound);
        (await officer.GetStringAsync("/audit", Ct)).Should().Contain(name, "another account's delete removed nothing");

        var deleted = await DeleteAsync(officer, id);
        deleted.StatusCode.Should().Be(HttpStatusCode.Redirect);
        var after = await officer.GetStringAsync("/audit?notice=deleted", Ct);
        after.Should().Contain("Saved search deleted").And.NotContain(name);
    }

    [Fact]
    public async Task an_empty_too_long_or_repeated_name_is_refused_with_what_to_fix_and_nothing_is_saved()
    {
        var officer = await Factory.SignedInAsync("officer-llt", Ct);
        var name = $"Repeated {Guid.NewGuid():N}"[..20];
        (await SaveAsync(officer, name)).StatusCode.Should().Be(HttpStatusCode.Redirect);

        var empty = await SaveAsync(officer, "   ");
        var tooLong = await SaveAsync(officer, new string('x', 81));
        var repeated = await SaveAsync(officer, name);

        empty.StatusCode.Should().Be(HttpStatusCode.OK);
        WebUtility.HtmlDecode(await empty.Content.ReadAsStringAsync(Ct)).Should().Contain("There is a problem").And.Contain("Enter a name for the search");
        WebUtility.HtmlDecode(await tooLong.Content.ReadAsStringAsync(Ct)).Should().Contain("The name must be 80 characters or fewer (it has 81)");
        WebUtility.HtmlDecode(await repeated.Content.ReadAsStringAsync(Ct)).Should().Contain($"You already have a saved search called \"{name}\"");
        var list = await officer.GetStringAsync("/audit", Ct);
        list.Should().NotContain(new string('x', 81));
        Regex.Count(list, ">" + Regex.Escape(name) + "</a>", RegexOptions.None, TimeSpan.FromSeconds(1)).Should().Be(1, "the name is saved once");
    }

    [Fact]
    public async Task saving_without_the_antiforgery_token_or_as_a_careers_leader_is_refused()
    {
        var officer = await Factory.SignedInAsync("officer-llt", Ct);
        var leader = await Factory.SignedInAsync($"leader-{Db.LltSchool}", Ct);

        var noToken = await officer.PostAsync($"/audit?handler=Save&{Search}", new FormUrlEncodedContent(new Dictionary<string, string>(StringComparer.Ordinal) { ["searchName"] = "No token" }), Ct);
        var leaderToken = await CareersWebFactory.AntiforgeryTokenAsync(leader, $"/schools/{Db.LltSchool}/record/activity", Ct);
        var byLeader = await SaveAsync(leader, "Not mine", leaderToken);

        noToken.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        byLeader.StatusCode.Should().Be(HttpStatusCode.Forbidden);
        (await officer.GetStringAsync("/audit", Ct)).Should().NotContain("No token");
    }
}
