using CareersCompliance.Domain.Calendar;
using CareersCompliance.Domain.Common;
using CareersCompliance.Domain.Rules;
using Microsoft.Playwright;

namespace CareersCompliance.Web.IntegrationTests;

/// <summary>
/// Each role in real Chromium (Debian's, by path) against the host as ops/demo serves it, on 127.0.0.1 with the demo data: signs in, sees its
/// start page, opens a school and a pupil, and is refused what it may not see. Screenshots go to TestResults/screenshots.
/// Fails, never skips, when Chromium is missing: run ops/browser/install.sh.
/// </summary>
[Collection(WebTests.Name)]
public sealed class BrowserTests(DemoDatabase db, ServedHost host) : IClassFixture<ServedHost>, IAsyncLifetime
{
    public static string Screenshots { get; } = Path.Combine(AppContext.BaseDirectory, "TestResults", "screenshots");

    private IBrowser _browser = null!;
    private string _baseUrl = "";

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    // Why the served host, not an in-process factory: the pages must be what ops/demo serves (its build output, Production).
    public ValueTask InitializeAsync()
    {
        _browser = host.Browser;
        _baseUrl = host.BaseUrl;
        Directory.CreateDirectory(Screenshots);
        return ValueTask.CompletedTask;
    }

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;

    [Fact]
    public async Task a_trust_director_sees_the_dashboard_opens_a_school_and_a_pupil_and_is_refused_another_trusts_school()
    {
        var (page, problems) = await SignInAsync("director-llt");

        await Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync("Lydiate Learning Trust");
        await Expect(page.Locator("svg.careers-chart").First).ToBeVisibleAsync();
        await Expect(page.Locator("#duty-grid tbody tr")).ToHaveCountAsync(2);
        await ShotAsync(page, "trust-dashboard");

        await page.Locator("#duty-grid tbody tr th a").First.ClickAsync();
        await Expect(page.Locator(".govuk-caption-l")).ToHaveTextAsync("School");
        await ShotAsync(page, "school");

        await page.Locator("#at-risk-table a").First.ClickAsync();
        await Expect(page.Locator("#checks")).ToBeVisibleAsync();
        await ShotAsync(page, "pupil");

        var refused = await page.GotoAsync($"{_baseUrl}/schools/{db.JtmatSchool}");
        refused!.Status.Should().Be(403);
        await Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync("You cannot see this page");
        problems.Should().BeEmpty("no script or style is blocked by the content security policy");
    }

    [Fact]
    public async Task the_trust_dashboard_shows_each_pal_cohort_with_its_own_figure_and_names_checks_in_words()
    {
        var today = db.Runtime.Clock.GetCurrentInstant().InZone(NodaTime.DateTimeZoneProviders.Tzdb["Europe/London"]).Date;
        var query = new CareersCompliance.Application.Reports.ReportQuery(today, null, RuleSettings.Default);
        var trust = await db.Runtime.Reports.TrustAsync(new TrustId("LLT"), query, Ct);
        var (page, _) = await SignInAsync("director-llt");

        foreach (var school in trust.Schools)
        {
            var phase1 = PalPhaseCoverage.ForSchool(school, PalPhase.First);
            var head = phase1.Headline!;
            phase1.Cohorts.Where(c => c.PupilsOnRoll > 0).Should().HaveCountGreaterThan(1, "the demo school has Years 8 and 9");
            var cell = page.Locator($"#duty-grid tbody tr[data-urn='{school.Urn.Value}'] td[data-duty='PAL.P1']");
            await Expect(cell.Locator(".careers-cell__figure")).ToHaveTextAsync($"{head.PupilsMet} of {head.PupilsOnRoll}");
            await Expect(cell).ToContainTextAsync($"Year {head.YearGroupNow}");
            await Expect(cell).ToContainTextAsync($"{head.DaysLeft} days left");
            var summed = $"{phase1.Cohorts.Sum(c => c.PupilsMet)} of {phase1.Cohorts.Sum(c => c.PupilsOnRoll)}";
            await Expect(cell).Not.ToContainTextAsync(summed);
        }

        foreach (var cohort in trust.PalCoverage.SelectMany(p => p.Cohorts))
        {
            await Expect(page.Locator($"#pal-trust tr[data-phase='{(int)cohort.Phase}'][data-year='{cohort.YearGroupNow}']"))
                .ToContainTextAsync($"{cohort.PupilsMet} of {cohort.PupilsOnRoll} met");
        }

        await Expect(page.Locator("#checks-table thead")).ToContainTextAsync(CheckNames.Of(CheckIds.Gb8By16));
        await Expect(page.Locator("#school-checks-table thead")).ToContainTextAsync(CheckNames.Of(CheckIds.CareersLeader));
        foreach (var id in CheckIds.PerPupil.Concat(CheckIds.SchoolLevel))
        {
            await Expect(page.Locator("main")).Not.ToContainTextAsync(id, new() { Timeout = 1000 });
        }

        await ShotAsync(page, "trust-dashboard-cohorts");
        await page.Locator("#duty-grid tbody tr th a").First.ClickAsync();
        await Expect(page.Locator("#coverage")).Not.ToContainTextAsync(CheckNames.Of(CheckIds.PalP1), new() { Timeout = 1000 });
        await ShotAsync(page, "school-cohorts");
        foreach (var id in CheckIds.PerPupil.Concat(CheckIds.SchoolLevel))
        {
            await Expect(page.Locator("main")).Not.ToContainTextAsync(id, new() { Timeout = 1000 });
        }
    }

    [Fact]
    public async Task a_compliance_officer_reads_the_trust_and_the_access_log()
    {
        var (page, problems) = await SignInAsync("officer-llt");
        await page.GotoAsync($"{_baseUrl}/trusts/LLT");
        await Expect(page.Locator("#checks-table")).ToBeVisibleAsync();

        await page.GetByRole(AriaRole.Link, new() { Name = "Access log" }).ClickAsync();

        await Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync("Access log");
        await ShotAsync(page, "access-log");
        (await page.GotoAsync($"{_baseUrl}/trusts/JTMAT"))!.Status.Should().Be(403);
        problems.Should().BeEmpty();
    }

    [Fact]
    public async Task a_careers_leader_opens_their_school_and_is_refused_the_trust_dashboard()
    {
        var (page, _) = await SignInAsync($"leader-{db.LltSchool}");

        // A leader's home is their school, its to-do list first.
        await Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync(db.Directory.School(db.LltSchool)!.Name);
        await Expect(page.Locator("#todo-heading")).ToBeVisibleAsync();
        await Expect(page.Locator("#pal-cohorts")).ToBeVisibleAsync();
        (await page.GotoAsync($"{_baseUrl}/trusts/LLT"))!.Status.Should().Be(403);
        (await page.GotoAsync($"{_baseUrl}/schools/{db.LltOtherSchool}"))!.Status.Should().Be(403);
    }

    [Fact]
    public async Task an_inspector_sees_the_granted_school_with_pseudonyms_only()
    {
        var (page, _) = await SignInAsync("inspector");

        await page.GetByRole(AriaRole.Link, new() { Name = db.Directory.School(db.InspectedSchool)!.Name }).ClickAsync();

        await Expect(page.Locator(".govuk-inset-text")).ToContainTextAsync("Inspection access");
        var first = page.Locator("#at-risk-table a").First;
        await Expect(first).ToHaveTextAsync(new System.Text.RegularExpressions.Regex(@"P-[A-Z2-9]{8}$", System.Text.RegularExpressions.RegexOptions.None, TimeSpan.FromSeconds(1)));
        await ShotAsync(page, "inspector-school");
        await first.ClickAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToContainTextAsync("P-");
        await Expect(page.Locator("body")).Not.ToContainTextAsync("Name");
        var other = db.Directory.Schools.First(s => !string.Equals(s.Urn, db.InspectedSchool, StringComparison.Ordinal)).Urn;
        (await page.GotoAsync($"{_baseUrl}/schools/{other}"))!.Status.Should().Be(403);
    }

    [Fact]
    public async Task an_administrator_sees_every_trust_and_a_wrong_password_shows_the_error_summary()
    {
        var page = await _browser.NewPageAsync();
        await page.GotoAsync($"{_baseUrl}/Account/Login");
        await page.GetByLabel("Username").FillAsync("admin");
        await page.Locator("#password").FillAsync("not-the-password");
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();
        await Expect(page.Locator(".govuk-error-summary")).ToContainTextAsync("Enter a correct username and password");
        await ShotAsync(page, "login-error");

        var (admin, _) = await SignInAsync("admin");

        await Expect(admin.Locator("main")).ToContainTextAsync("Lydiate Learning Trust");
        await Expect(admin.Locator("main")).ToContainTextAsync("John Taylor Multi Academy Trust");
        await ShotAsync(admin, "overview-admin");
    }

    [Fact]
    public async Task a_careers_leader_records_an_activity_with_attendance_an_officer_finds_it_and_an_inspector_downloads_the_pdf()
    {
        var leaderName = $"leader-{db.LltSchool}";
        var (activityId, problems) = await RecordActivityInBrowserAsync(leaderName);
        await db.Runtime.CatchUpAsync(Ct);

        var (officer, _) = await SignInAsync("officer-llt");
        await officer.GetByRole(AriaRole.Link, new() { Name = "Audit trail" }).ClickAsync();
        await officer.Locator("#school").SelectOptionAsync(db.LltSchool);
        await officer.Locator("#actor").FillAsync(leaderName);
        await officer.Locator("#event-type").SelectOptionAsync("activity_recorded");
        await officer.GetByRole(AriaRole.Button, new() { Name = "Search", Exact = true }).ClickAsync();
        await Expect(officer.Locator("#audit-results")).ToContainTextAsync(activityId);
        await ShotAsync(officer, "audit-search");

        var (inspector, _) = await SignInAsync("inspector");
        await inspector.GotoAsync($"{_baseUrl}/schools/{db.InspectedSchool}");
        await inspector.Locator("#evidence-link").ClickAsync();
        await Expect(inspector.Locator("#integrity")).ToContainTextAsync("Ledger head");
        await ShotAsync(inspector, "inspector-evidence-timeline");
        var download = await inspector.RunAndWaitForDownloadAsync(() => inspector.Locator("#download-pdf").ClickAsync());
        var path = Path.Combine(Screenshots, "inspector-evidence.pdf");
        await download.SaveAsAsync(path);
        var pdf = await File.ReadAllBytesAsync(path, Ct);
        System.Text.Encoding.ASCII.GetString(pdf, 0, 5).Should().Be("%PDF-");
        CareersCompliance.Application.Evidence.ExportSeal.Read(pdf)!.DigestMatches.Should().BeTrue();
        problems.Should().BeEmpty("no script or style is blocked by the content security policy");
    }

    private async Task<(string ActivityId, List<string> Problems)> RecordActivityInBrowserAsync(string leaderName)
    {
        var (leader, problems) = await SignInAsync(leaderName);
        await leader.GetByRole(AriaRole.Navigation, new() { Name = "Menu" }).GetByRole(AriaRole.Link, new() { Name = "Record evidence" }).ClickAsync();
        await ShotAsync(leader, "record-activities");
        await leader.Locator("#record-activity-link").ClickAsync();
        await leader.GetByRole(AriaRole.Button, new() { Name = "Record activity and register" }).ClickAsync();
        await Expect(leader.Locator(".govuk-error-summary")).ToContainTextAsync("Select what kind of activity it was");
        await ShotAsync(leader, "record-activity-errors");

        var today = db.Runtime.Clock.GetCurrentInstant().InZone(NodaTime.DateTimeZoneProviders.Tzdb["Europe/London"]).Date;
        await leader.Locator("#kind-EmployerEncounter").CheckAsync();
        await leader.Locator("#title").FillAsync("Browser-recorded employer visit");
        await leader.Locator("#date").FillAsync(today.Day.ToString(System.Globalization.CultureInfo.InvariantCulture));
        await leader.Locator("#date-month").FillAsync(today.Month.ToString(System.Globalization.CultureInfo.InvariantCulture));
        await leader.Locator("#date-year").FillAsync(today.Year.ToString(System.Globalization.CultureInfo.InvariantCulture));
        await leader.Locator("#checklist-purpose").CheckAsync();
        await leader.Locator("label[for='year-groups-8']").ClickAsync();
        await leader.Locator("#register-8 input[name=Absent]").First.CheckAsync();
        await ShotAsync(leader, "record-activity-register");
        await leader.GetByRole(AriaRole.Button, new() { Name = "Record activity and register" }).ClickAsync();
        await Expect(leader.Locator("#recorded-banner")).ToContainTextAsync("Activity recorded with");
        var activityId = (await leader.Locator("h1 code").TextContentAsync())!.Trim();
        await ShotAsync(leader, "activity-recorded");
        return (activityId, problems);
    }

    private async Task<(IPage Page, List<string> Problems)> SignInAsync(string username)
    {
        var problems = new List<string>();
        return (await host.SignedInPageAsync(username, problems: problems), problems);
    }

    private static async Task ShotAsync(IPage page, string name) =>
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(Screenshots, name + ".png"), FullPage = true });

    private static ILocatorAssertions Expect(ILocator locator) => Assertions.Expect(locator);
}
