using System.Net;
using System.Text.RegularExpressions;
using CareersCompliance.Application.Reports;
using CareersCompliance.Domain.Common;
using CareersCompliance.Domain.Rules;

namespace CareersCompliance.Web.IntegrationTests;

/// <summary>
/// The careers leader's home on a small crafted school (<see cref="CraftedSchool"/>): the to-do figures and the pupils behind
/// them, the referral past its service level, the last recordings; the planner's preview, which records nothing; who may see them.
/// </summary>
[Collection(WebTests.Name)]
public sealed class LeaderHomeTests(DemoDatabase db) : WebHostTests(db)
{
    private static readonly Regex PupilLink = new($"href=\"/schools/{CraftedSchool.Urn}/pupils/(?<id>[0-9a-f-]{{36}})\"", RegexOptions.None, TimeSpan.FromSeconds(1));

    private static string Urn => CraftedSchool.Urn;

    private async Task<(HttpClient Client, CraftedSchool.Crafted School)> LeaderAsync()
    {
        var crafted = await CraftedSchool.EnsureAsync(Db, Factory, Ct);
        var client = Factory.Client();
        (await CareersWebFactory.SignInAsync(client, CraftedSchool.Leader, crafted.Password, Ct)).StatusCode.Should().Be(HttpStatusCode.Redirect);
        return (client, crafted);
    }

    private async Task<Guid> PupilIdAsync(string upn) => (await Db.Runtime.Pupils.FindOneAsync(upn, Ct))!.Value.Value;

    private static string Section(string html, string id)
    {
        var start = html.IndexOf($"id=\"{id}\"", StringComparison.Ordinal);
        start.Should().BeGreaterThan(0, $"the page has #{id}");
        var end = html.IndexOf("</ul>", start, StringComparison.Ordinal);
        var table = html.IndexOf("</table>", start, StringComparison.Ordinal);
        return html[start..(end < 0 || (table > 0 && table < end) ? table : end)];
    }

    [Fact]
    public async Task a_leaders_home_is_their_school_with_the_to_do_list_first_and_its_figures_count_the_crafted_pupils()
    {
        var (client, crafted) = await LeaderAsync();

        var home = await client.GetAsync("/", Ct);
        home.StatusCode.Should().Be(HttpStatusCode.Redirect);
        home.Headers.Location!.ToString().Should().Be($"/schools/{Urn}");
        var html = WebUtility.HtmlDecode(await client.GetStringAsync($"/schools/{Urn}", Ct));

        html.IndexOf("id=\"todo\"", StringComparison.Ordinal).Should().BeLessThan(html.IndexOf("id=\"school-checks\"", StringComparison.Ordinal), "the to-do list comes first");
        Section(html, "todo-employer").Should().Contain("<span class=\"careers-todo__figure\">4</span>").And.Contain("pupils on roll have had no employer encounter this academic year")
            .And.Contain($"href=\"/schools/{Urn}?check=GB5&pending=true#at-risk\"");
        var referrals = Section(html, "todo-referrals");
        referrals.Should().Contain($"/schools/{Urn}/referrals/{crafted.ReferralId}").And.Contain("not triaged within 5 days")
            .And.Contain($"Referral raised on {Pages.Ui.Date(CraftedSchool.Today.PlusDays(-30))}");
        html.Should().Contain("<span class=\"careers-todo__figure\">1</span> referral is waiting past their service level");
        var recent = Section(html, "todo-recent");
        recent.Should().Contain("Activity retracted").And.Contain(CraftedSchool.Leader);
        html.Should().Contain($"href=\"/schools/{Urn}/record/activity\"").And.Contain($"href=\"/schools/{Urn}/record/guidance\"")
            .And.Contain($"href=\"/schools/{Urn}/referrals/new\"").And.Contain($"href=\"/schools/{Urn}/planner\"");

        // Guidance due: the very pupils the school page lists for the check, by the same report.
        var report = await Db.Runtime.Reports.SchoolAsync(new SchoolUrn(Urn), new ReportQuery(CraftedSchool.Today, null, RuleSettings.Default), Ct);
        foreach (var check in new[] { CheckIds.Gb8By16, CheckIds.Gb8By18 })
        {
            var due = report.Pupils.Count(p => p.Check(check).Status is CheckStatus.AtRisk or CheckStatus.NotMet);
            Regex.Match(html, $"data-check=\"{Regex.Escape(check)}\">\\s*(<a [^>]*>)?<span class=\"careers-todo__figure\">(?<n>\\d+)</span>", RegexOptions.None, TimeSpan.FromSeconds(1))
                .Groups["n"].Value.Should().Be(due.ToString(System.Globalization.CultureInfo.InvariantCulture), check);
        }
    }

    [Fact]
    public async Task the_employer_figure_opens_exactly_the_pupils_on_roll_without_an_employer_encounter()
    {
        var (client, crafted) = await LeaderAsync();

        var html = await client.GetStringAsync($"/schools/{Urn}?check=GB5&pending=true", Ct);

        WebUtility.HtmlDecode(html).Should().Contain($"Pupils on roll who have not met it yet: {CheckNames.Of(CheckIds.Gb5)}");
        var listed = PupilLink.Matches(html[html.IndexOf("id=\"at-risk-table\"", StringComparison.Ordinal)..]).Select(m => Guid.Parse(m.Groups["id"].Value)).ToHashSet();
        var expected = new List<Guid>();
        foreach (var upn in crafted.Year10.Skip(1).Append(crafted.Year11))
        {
            expected.Add(await PupilIdAsync(upn));
        }

        listed.Should().BeEquivalentTo(expected, "the three Year 10 pupils and the Year 11 pupil without an encounter, not the one who met an employer");
    }

    [Fact]
    public async Task the_planner_shows_which_pupils_a_planned_employer_encounter_would_move_to_met_and_records_nothing()
    {
        var (client, crafted) = await LeaderAsync();
        var today = CraftedSchool.Today;
        var before = await EventCountAsync();

        var html = WebUtility.HtmlDecode(await client.GetStringAsync(
            $"/schools/{Urn}/planner?Kind=EmployerEncounter&date-day={today.Day}&date-month={today.Month}&date-year={today.Year}&years=10", Ct));

        html.Should().Contain("Preview: not recorded").And.Contain("4 pupil(s) on roll in Year 10 would attend");
        Regex.Match(html, "id=\"pupils-moved\">(?<n>\\d+) pupil", RegexOptions.None, TimeSpan.FromSeconds(1)).Groups["n"].Value.Should().Be("3");
        var moved = PupilLink.Matches(html[html.IndexOf("id=\"moved-pupils\"", StringComparison.Ordinal)..]).Select(m => Guid.Parse(m.Groups["id"].Value)).ToList();
        moved.Should().HaveCount(3).And.NotContain(await PupilIdAsync(crafted.Met)).And.Contain(await PupilIdAsync(crafted.Year10[1]));
        html.Should().Contain(CheckNames.Of(CheckIds.Gb5));
        (await EventCountAsync()).Should().Be(before, "a preview appends nothing");
        (await client.GetStringAsync($"/schools/{Urn}?check=GB5&pending=true", Ct)).Should().Contain(moved[0].ToString(), "the pupil is still due");
    }

    [Fact]
    public async Task the_planner_says_what_to_fix_and_only_the_schools_leader_may_open_it()
    {
        var (client, _) = await LeaderAsync();
        var director = await Factory.SignedInAsync("director-llt", Ct);
        var otherLeader = await Factory.SignedInAsync($"leader-{Db.LltSchool}", Ct);
        var past = CraftedSchool.Today.PlusDays(-1);

        var empty = WebUtility.HtmlDecode(await client.GetStringAsync($"/schools/{Urn}/planner?Kind=", Ct));
        var pastDate = WebUtility.HtmlDecode(await client.GetStringAsync(
            $"/schools/{Urn}/planner?Kind=EmployerEncounter&date-day={past.Day}&date-month={past.Month}&date-year={past.Year}&years=10", Ct));

        empty.Should().Contain("There is a problem").And.Contain("Select what kind of activity you are planning")
            .And.Contain("Enter the planned date").And.Contain("Select the year groups the activity would be put on for").And.NotContain("Preview: not recorded");
        pastDate.Should().Contain("The planned date must be today").And.NotContain("Preview: not recorded");
        (await otherLeader.GetAsync($"/schools/{Urn}/planner", Ct)).StatusCode.Should().Be(HttpStatusCode.Forbidden);
        (await director.GetAsync($"/schools/{Db.LltSchool}/planner", Ct)).StatusCode.Should().Be(HttpStatusCode.Forbidden);
        (await director.GetStringAsync($"/schools/{Db.LltSchool}", Ct)).Should().NotContain("id=\"todo\"", "the to-do list is the leader's");
    }

    [Fact]
    public async Task an_officer_sees_the_retraction_labelled_with_its_reason_and_linked_to_the_record_it_retracts()
    {
        var crafted = await CraftedSchool.EnsureAsync(Db, Factory, Ct);
        var admin = await Factory.SignedInAsync("admin", Ct);

        var html = WebUtility.HtmlDecode(await admin.GetStringAsync($"/audit?school={Urn}&eventType=activity_retracted", Ct));
        var link = $"/audit?school={Urn}&activity={crafted.RetractedActivity}";
        var activity = WebUtility.HtmlDecode(await admin.GetStringAsync(link, Ct));

        html.Should().Contain("careers-correction-label\">Retraction</strong>").And.Contain($"Reason:</strong> {CraftedSchool.RetractionReason}")
            .And.Contain($"href=\"{link}\"").And.Contain("see the record it corrects");
        activity.Should().Contain("Activity recorded").And.Contain("Activity retracted").And.Contain("2 events on this page");
        Regex.Matches(activity, "careers-correction-label", RegexOptions.None, TimeSpan.FromSeconds(1)).Should().HaveCount(1, "only the retraction is labelled");
    }

    private async Task<long> EventCountAsync()
    {
        await using var cmd = Db.Runtime.Owner.CreateCommand("SELECT count(*) FROM es.events");
        return (long)(await cmd.ExecuteScalarAsync(Ct))!;
    }
}
