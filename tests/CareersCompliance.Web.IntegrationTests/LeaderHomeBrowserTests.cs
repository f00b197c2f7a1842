using Microsoft.Playwright;

namespace CareersCompliance.Web.IntegrationTests;

/// <summary>
/// The careers leader's home and the compliance officer's saved searches in real Chromium: the leader lands on the to-do
/// list, opens the pupils behind a figure and previews a planned activity; the officer saves a search, runs it with one
/// click and deletes it. Screenshots go to TestResults/screenshots/leader.
/// </summary>
[Collection(WebTests.Name)]
public sealed class LeaderHomeBrowserTests(DemoDatabase db, InProcessHost host) : ChromiumHost(db, host)
{
    private static async Task LeaderShotAsync(IPage page, string name)
    {
        Directory.CreateDirectory(Path.Combine(BrowserTests.Screenshots, "leader"));
        await ShotAsync(page, "leader/" + name);
        // The first screen alone as well: what a person sees before scrolling.
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(BrowserTests.Screenshots, "leader", name + "-first-screen.png") });
    }

    [Fact]
    public async Task a_leader_lands_on_the_to_do_list_opens_the_pupils_behind_a_figure_and_previews_a_planned_activity()
    {
        var page = await SignInAsync($"leader-{Db.LltSchool}");

        page.Url.Should().EndWith($"/schools/{Db.LltSchool}");
        var todo = await page.Locator("#todo-heading").BoundingBoxAsync();
        todo!.Y.Should().BeLessThan(400, "the to-do list is on the first screen");
        await Expect(page.GetByRole(AriaRole.Button, new() { Name = "Record an activity" })).ToBeVisibleAsync();
        await LeaderShotAsync(page, "leader-home-1280");
        await page.Locator("#todo").ScreenshotAsync(new() { Path = Path.Combine(BrowserTests.Screenshots, "leader", "leader-todo-1280.png") });

        var figure = int.Parse(await page.Locator("#todo-employer .careers-todo__figure").InnerTextAsync(), System.Globalization.CultureInfo.InvariantCulture);
        figure.Should().BePositive("the demo school has pupils without an employer encounter this year");
        await page.Locator("#todo-employer a").ClickAsync();
        await Expect(page.Locator("#at-risk")).ToHaveTextAsync("Pupils on roll who have not met it yet: Gatsby 5: employer encounter this year");
        await Expect(page.Locator("#at-risk-table tbody tr")).ToHaveCountAsync(Math.Min(figure, Pages.Schools.SchoolModel.AtRiskShown));
        await LeaderShotAsync(page, "leader-figure-pupils-1280");
        await page.GoBackAsync();

        await page.Locator("#planner-link").ClickAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync("Plan an activity");
        await page.Locator("#kind").SelectOptionAsync("EmployerEncounter");
        var today = CraftedSchool.Today;
        await page.Locator("#date-day").FillAsync(today.Day.ToString(System.Globalization.CultureInfo.InvariantCulture));
        await page.Locator("#date-month").FillAsync(today.Month.ToString(System.Globalization.CultureInfo.InvariantCulture));
        await page.Locator("#date-year").FillAsync(today.Year.ToString(System.Globalization.CultureInfo.InvariantCulture));
        await page.Locator("label[for='year-groups-10']").ClickAsync();
        await page.Locator("#preview-button").ClickAsync();
        await Expect(page.Locator("#preview h2")).ToHaveTextAsync("Preview: not recorded");
        await Expect(page.Locator("#preview-summary")).ToContainTextAsync("in Year 10 would attend");
        await LeaderShotAsync(page, "leader-planner-preview-1280");
        Problems.Should().BeEmpty();
    }

    [Fact]
    public async Task at_320_px_the_to_do_list_and_the_planner_fit_the_screen()
    {
        var page = await SignInAsync($"leader-{Db.LltSchool}", 320);

        await Expect(page.Locator("#todo-heading")).ToBeVisibleAsync();
        (await page.EvaluateAsync<int>("document.documentElement.scrollWidth")).Should().BeLessThanOrEqualTo(320);
        await LeaderShotAsync(page, "leader-home-320");
        await page.GotoAsync($"{BaseUrl}/schools/{Db.LltSchool}/planner?Kind=EmployerEncounter&date-day={CraftedSchool.Today.Day}&date-month={CraftedSchool.Today.Month}&date-year={CraftedSchool.Today.Year}&years=9");
        await Expect(page.Locator("#preview")).ToBeVisibleAsync();
        (await page.EvaluateAsync<int>("document.documentElement.scrollWidth")).Should().BeLessThanOrEqualTo(320);
        await LeaderShotAsync(page, "leader-planner-preview-320");
        Problems.Should().BeEmpty();
    }

    [Fact]
    public async Task an_officer_saves_a_search_runs_it_from_the_list_and_deletes_it()
    {
        var page = await SignInAsync("officer-llt");
        var name = $"Recorded activities {Guid.NewGuid():N}"[..28];

        await page.GotoAsync($"{BaseUrl}/audit");
        await Expect(page.Locator("#access-log-link")).ToHaveAttributeAsync("href", "/access-log");
        await page.Locator("#school").SelectOptionAsync(Db.LltSchool);
        await page.Locator("#event-type").SelectOptionAsync("activity_recorded");
        await page.Locator("#search").ClickAsync();
        await Expect(page.Locator("#result-summary")).ToBeVisibleAsync();
        await page.Locator("#search-name").FillAsync(name);
        await page.Locator("#save-search-button").ClickAsync();
        await Expect(page.Locator("#notice")).ToContainTextAsync("Search saved");
        await LeaderShotAsync(page, "officer-search-saved-1280");

        await page.GotoAsync($"{BaseUrl}/audit");
        await page.GetByRole(AriaRole.Link, new() { Name = name }).ClickAsync();
        await Expect(page.Locator("#result-summary")).ToBeVisibleAsync();
        await Expect(page.Locator("#event-type")).ToHaveValueAsync("activity_recorded");
        await Expect(page.Locator("#school")).ToHaveValueAsync(Db.LltSchool);
        await LeaderShotAsync(page, "officer-saved-search-run-1280");

        await page.GetByRole(AriaRole.Button, new() { Name = $"Delete saved search {name}" }).ClickAsync();
        await Expect(page.Locator("#notice")).ToContainTextAsync("Saved search deleted");
        await Expect(page.GetByRole(AriaRole.Link, new() { Name = name })).ToHaveCountAsync(0);
        Problems.Should().BeEmpty();
    }

    [Fact]
    public async Task an_administrator_sees_a_retraction_labelled_with_its_reason_and_opens_the_record_it_retracts()
    {
        var crafted = await CraftedSchool.EnsureAsync(Db, Services, () => new HttpClient(new HttpClientHandler { AllowAutoRedirect = false, CookieContainer = new() })
        {
            BaseAddress = new Uri(BaseUrl),
        }, Ct);
        var page = await SignInAsync("admin");

        await page.GotoAsync($"{BaseUrl}/audit?school={CraftedSchool.Urn}&eventType=activity_retracted");
        var row = page.Locator("#audit-results tbody tr.careers-row-correction");
        await Expect(row).ToHaveCountAsync(1);
        await Expect(row.Locator(".careers-correction-label")).ToHaveTextAsync("Retraction");
        await Expect(row).ToContainTextAsync($"Reason: {CraftedSchool.RetractionReason}");
        await LeaderShotAsync(page, "officer-retraction-labelled-1280");

        await row.GetByRole(AriaRole.Link, new() { Name = "see the record it corrects" }).ClickAsync();
        await Expect(page.Locator("#audit-results tbody tr")).ToHaveCountAsync(2);
        await Expect(page.Locator("#audit-results tbody tr").First).ToContainTextAsync("Activity recorded");
        page.Url.Should().Contain($"activity={crafted.RetractedActivity}");
        await LeaderShotAsync(page, "officer-retracted-record-1280");
        Problems.Should().BeEmpty();
    }
}
