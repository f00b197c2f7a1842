using System.Globalization;
using System.Text.RegularExpressions;
using Microsoft.Playwright;

namespace CareersCompliance.Web.IntegrationTests;

/// <summary>
/// A careers leader in real Chromium, at desktop and phone widths, using the recording forms as a person does: ticks year
/// groups by their labels, picks providers and advisers by name, follows the error summary, confirms a retraction.
/// Screenshots go to TestResults/screenshots.
/// </summary>
[Collection(WebTests.Name)]
public sealed class RecordingBrowserTests(DemoDatabase db, InProcessHost host) : ChromiumHost(db, host)
{
    private static readonly int[] YearTen = [10];
    private static readonly string[] Purpose = ["purpose"];

    private string Leader => $"leader-{Db.LltSchool}";

    private string RecordPath => $"{BaseUrl}/schools/{Db.LltSchool}/record/activity";

    [Theory]
    [InlineData(1280)]
    [InlineData(390)]
    public async Task a_leader_ticks_a_year_group_by_its_label_and_records_its_register_without_choosing_the_year_again(int width)
    {
        var page = await SignInAsync(Leader, width);
        await page.GotoAsync(RecordPath);
        await ShotAsync(page, $"record-form-empty-{width}");
        var label = page.Locator("label[for='year-groups-8']");

        (await label.EvaluateAsync<int>("l => { const r = document.createRange(); r.selectNodeContents(l); return new Set([...r.getClientRects()].map(x => Math.round(x.top))).size; }"))
            .Should().Be(1, "“Year 8” stays on one line");
        await label.ClickAsync();
        await page.Locator("#year-groups-9").CheckAsync();
        await page.Locator("#year-groups-9").UncheckAsync();

        await Expect(page.Locator("#year-groups-8")).ToBeCheckedAsync();
        await Expect(page.Locator("#year-groups")).Not.ToBeCheckedAsync();
        await Expect(page.GetByRole(AriaRole.Button, new() { Name = "Show register" })).ToHaveCountAsync(0);
        await Expect(page.Locator("select#year-group")).ToHaveCountAsync(0);
        var register = page.Locator("#register-8");
        await Expect(register).ToBeVisibleAsync();
        await Expect(page.Locator("#register-9")).ToBeHiddenAsync();
        (await page.EvaluateAsync<int>("() => document.documentElement.scrollWidth")).Should().BeLessThanOrEqualTo(width, "the form fits the screen");
        var pupils = await register.Locator("input[name=Absent]").CountAsync();
        pupils.Should().BeGreaterThan(1);

        await page.GetByLabel("Employer encounter").CheckAsync();
        await FillTitleAndTodayAsync(page, "Year 8 employer talk");
        await page.GetByLabel("A clear purpose shared beforehand").CheckAsync();
        await register.Locator("label").First.ClickAsync();
        await ShotAsync(page, $"record-form-register-{width}");
        await page.GetByRole(AriaRole.Button, new() { Name = "Record activity and register" }).ClickAsync();

        await Expect(page.Locator("#recorded-banner")).ToContainTextAsync($"Activity recorded with {pupils} pupils");
        await Expect(page.Locator("#activity-details")).ToContainTextAsync($"{pupils - 1} attended, 1 absent");
        Problems.Should().BeEmpty();
    }

    [Theory]
    [InlineData(1280)]
    [InlineData(390)]
    public async Task a_leader_picks_providers_and_an_adviser_by_name_and_reads_plain_words_back(int width)
    {
        var page = await SignInAsync(Leader, width);
        await page.GotoAsync(RecordPath);
        var providers = page.GetByRole(AriaRole.Group, new() { Name = "Providers" });

        await page.GetByLabel("Provider encounter").CheckAsync();
        await providers.GetByLabel("Mersey Estuary College").CheckAsync();
        await providers.GetByLabel("Apex Apprenticeships").CheckAsync();
        await ShotAsync(page, $"record-form-providers-{width}");
        await FillTitleAndTodayAsync(page, "College taster day");
        await page.Locator("label[for='year-groups-8']").ClickAsync();
        await page.GetByLabel("Information about the provider and its offer").CheckAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Record activity and register" }).ClickAsync();

        var details = page.Locator("#activity-details");
        await Expect(details).ToContainTextAsync("Provider encounter");
        await Expect(details).ToContainTextAsync("Mersey Estuary College");
        await Expect(details).ToContainTextAsync("Apex Apprenticeships");
        await Expect(details).ToContainTextAsync("Information about the provider and its offer");
        await Expect(page.Locator("main")).Not.ToContainTextAsync("ProviderEncounter");
        await Expect(page.Locator("main")).Not.ToContainTextAsync("provider_info");
        await Expect(page.GetByRole(AriaRole.Group, new() { Name = "Providers" }).GetByLabel("Mersey Estuary College")).ToBeCheckedAsync();
        await ShotAsync(page, $"activity-recorded-{width}");

        await page.GotoAsync(RecordPath);
        var upn = Regex.Match((await page.Locator("#register-8 label").First.TextContentAsync())!, @"\((?<upn>[A-Z0-9]{13})\)", RegexOptions.None, TimeSpan.FromSeconds(1)).Groups["upn"].Value;
        await page.GotoAsync($"{BaseUrl}/schools/{Db.LltSchool}/record/guidance");
        await page.GetByLabel("Pupil's UPN").FillAsync(upn);
        await page.GetByLabel("Adviser").SelectOptionAsync(new SelectOptionValue { Label = "Joanne Whitfield" });
        await FillTitleAndTodayAsync(page, "Guidance meeting");
        await ShotAsync(page, $"record-guidance-{width}");
        await page.GetByRole(AriaRole.Button, new() { Name = "Record meeting" }).ClickAsync();

        await Expect(details).ToContainTextAsync("Joanne Whitfield");
        await Expect(details).ToContainTextAsync("Personal guidance meeting");
        await Expect(page.Locator("main")).Not.ToContainTextAsync("GuidanceMeeting");
        await page.GetByRole(AriaRole.Link, new() { Name = "Back to activities" }).ClickAsync();
        await Expect(page.Locator("#activities")).ToContainTextAsync("Personal guidance meeting");
        await Expect(page.Locator("#activities")).Not.ToContainTextAsync("guidance_meeting");
        Problems.Should().BeEmpty();
    }

    [Theory]
    [InlineData(1280)]
    [InlineData(390)]
    public async Task the_error_summary_lists_the_errors_in_the_order_of_the_fields_and_each_link_moves_to_its_field(int width)
    {
        var page = await SignInAsync(Leader, width);
        await page.GotoAsync(RecordPath);
        await page.Locator("#date").FillAsync("31");
        await page.Locator("#date-month").FillAsync("2");
        await page.Locator("#date-year").FillAsync("2026");
        await page.Locator("#start-time").FillAsync("10:00");
        await page.Locator("#end-time").FillAsync("9:00");
        await page.GetByRole(AriaRole.Button, new() { Name = "Record activity and register" }).ClickAsync();

        var links = page.Locator(".govuk-error-summary__list a");
        await Expect(links.First).ToBeVisibleAsync();
        await ShotAsync(page, $"record-form-errors-{width}");
        var targets = await links.EvaluateAllAsync<string[]>("links => links.map(a => a.getAttribute('href').slice(1))");
        var positions = await page.EvaluateAsync<int[]>(
            "ids => { const all = [...document.querySelectorAll('main form [id]')]; return ids.map(id => all.indexOf(document.getElementById(id))); }", targets);

        targets.Should().Contain(["kind", "title", "date", "end-time", "year-groups"]);
        positions.Should().NotContain(-1, "every error links to a field of the form").And.BeInAscendingOrder("the summary lists errors as the fields appear");
        for (var i = 0; i < targets.Length; i++)
        {
            await links.Nth(i).ClickAsync();
            (await page.EvaluateAsync<string>("() => document.activeElement.id")).Should().Be(targets[i], "the link moves to its field");
        }

        Problems.Should().BeEmpty();
    }

    [Theory]
    [InlineData(1280)]
    [InlineData(390)]
    public async Task retracting_asks_for_a_reason_on_a_page_of_its_own_then_shows_the_retracted_activity_with_a_banner(int width)
    {
        var page = await SignInAsync(Leader, width);
        var today = Today.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        var recorded = await page.APIRequest.PostAsync($"{BaseUrl}/api/schools/{Db.LltSchool}/activities", new()
        {
            DataObject = new { activity = new { kind = "EmployerEncounter", title = "Entered twice by mistake", date = today, yearGroups = YearTen, checklist = Purpose } },
        });
        recorded.Status.Should().Be(201);
        var id = (await recorded.JsonAsync())!.Value.GetProperty("id").GetString()!;
        var activity = $"{BaseUrl}/schools/{Db.LltSchool}/activities/{id}";
        await page.GotoAsync(activity);

        await page.GetByRole(AriaRole.Button, new() { Name = "Retract activity" }).ClickAsync();
        await Expect(page).ToHaveURLAsync($"{activity}/retract");
        await Expect(page.Locator("main")).ToContainTextAsync("Entered twice by mistake");
        (await (await page.APIRequest.GetAsync($"{BaseUrl}/api/activities/{id}")).TextAsync()).Should().Contain("\"retracted\":false", "opening the confirmation retracts nothing");
        await page.GetByRole(AriaRole.Button, new() { Name = "Retract activity" }).ClickAsync();
        await Expect(page.Locator(".govuk-error-summary")).ToContainTextAsync("Enter why the activity should never have been recorded");
        await ShotAsync(page, $"retract-confirm-{width}");
        await page.GetByLabel("Why should it never have been recorded?").FillAsync("Entered twice");
        await page.GetByRole(AriaRole.Button, new() { Name = "Retract activity" }).ClickAsync();

        await Expect(page).ToHaveURLAsync(new Regex($"{Regex.Escape(activity)}\\?done=retracted$", RegexOptions.None, TimeSpan.FromSeconds(1)));
        await Expect(page.Locator("#done-banner")).ToHaveTextAsync("Activity retracted");
        await Expect(page.Locator("main")).ToContainTextAsync("This activity was retracted");
        await ShotAsync(page, $"retracted-{width}");
        Problems.Should().BeEmpty();
    }

    private NodaTime.LocalDate Today => Db.Runtime.Clock.GetCurrentInstant().InZone(NodaTime.DateTimeZoneProviders.Tzdb["Europe/London"]).Date;

    private async Task FillTitleAndTodayAsync(IPage page, string title)
    {
        var inv = CultureInfo.InvariantCulture;
        await page.Locator("#title").FillAsync(title);
        await page.Locator("#date").FillAsync(Today.Day.ToString(inv));
        await page.Locator("#date-month").FillAsync(Today.Month.ToString(inv));
        await page.Locator("#date-year").FillAsync(Today.Year.ToString(inv));
    }
}
