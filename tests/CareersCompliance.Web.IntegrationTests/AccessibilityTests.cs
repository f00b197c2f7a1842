using Deque.AxeCore.Commons;
using Deque.AxeCore.Playwright;
using Microsoft.Playwright;

namespace CareersCompliance.Web.IntegrationTests;

/// <summary>
/// Each demo role's main pages, as ops/demo serves them (<see cref="ServedHost"/>), checked by axe-core against the WCAG
/// 2.0, 2.1 and 2.2 level A and AA rules at desktop width and at 320 px (WCAG's reflow width). A failure lists each
/// violation with its rule, impact, the first elements it found and the page, so a person can go and fix it; and, as axe
/// cannot, that no page scrolls sideways.
/// Screenshots of every page checked go to TestResults/screenshots/axe.
/// </summary>
[Collection(WebTests.Name)]
public sealed class AccessibilityTests(DemoDatabase db, ServedHost host) : IClassFixture<ServedHost>
{
    private static readonly List<string> WcagAa = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"];

    public static string Screenshots { get; } = Path.Combine(BrowserTests.Screenshots, "axe");

    [Theory]
    [InlineData(1280)]
    [InlineData(320)]
    public async Task every_roles_main_pages_have_no_wcag_2_2_aa_violation_axe_core_can_find(int width)
    {
        Directory.CreateDirectory(Screenshots);
        var violations = new List<string>();

        var anonymous = await (await host.Browser.NewContextAsync(new BrowserNewContextOptions { ViewportSize = new ViewportSize { Width = width, Height = 900 } })).NewPageAsync();
        await CheckAsync(anonymous, "sign-in", "/Account/Login", width, violations);

        var director = await host.SignedInPageAsync("director-llt", width);
        await CheckAsync(director, "director-dashboard", "/", width, violations);
        await CheckAsync(director, "director-school", $"/schools/{db.LltSchool}", width, violations);
        var pupil = await director.Locator("#at-risk-table a").First.GetAttributeAsync("href");
        await CheckAsync(director, "director-pupil", pupil!, width, violations);
        await CheckAsync(director, "director-trust-compass", "/trusts/LLT/compass", width, violations);
        await CheckAsync(director, "director-school-compass", $"/schools/{db.LltSchool}/compass", width, violations);
        var behind = await director.Locator("tr[data-criterion] a").First.GetAttributeAsync("href");
        await CheckAsync(director, "director-compass-pupils", behind!, width, violations);
        await CheckAsync(director, "director-pupil-search-by-name-refused", "/pupils?q=Smith", width, violations, 400);
        await CheckAsync(director, "director-alerts-of-a-school", $"/alerts?school={db.LltSchool}", width, violations);

        var leader = await host.SignedInPageAsync($"leader-{db.LltSchool}", width);
        await CheckAsync(leader, "leader-home", "/", width, violations);
        await CheckAsync(leader, "leader-pupil-search", "/pupils?q=a", width, violations, 400);
        await CheckAsync(leader, "leader-pupil-search-results", "/pupils?q=Ja", width, violations);
        await CheckAsync(leader, "leader-cohort-pupils", $"/schools/{db.LltSchool}?check=PAL.P1&yeargroup=9#at-risk", width, violations);
        await CheckAsync(leader, "leader-record-activities", $"/schools/{db.LltSchool}/activities", width, violations);
        await CheckAsync(leader, "leader-record-activity", $"/schools/{db.LltSchool}/record/activity", width, violations);
        await CheckAsync(leader, "leader-record-guidance", $"/schools/{db.LltSchool}/record/guidance", width, violations);
        await CheckAsync(leader, "leader-no-employer-encounter-pupils", $"/schools/{db.LltSchool}?check=GB5&pending=true#at-risk", width, violations);
        await CheckAsync(leader, "leader-planner", $"/schools/{db.LltSchool}/planner", width, violations);
        var today = NodaTime.SystemClock.Instance.GetCurrentInstant().InZone(NodaTime.DateTimeZoneProviders.Tzdb["Europe/London"]).Date;
        await CheckAsync(leader, "leader-planner-preview",
            $"/schools/{db.LltSchool}/planner?Kind=EmployerEncounter&date-day={today.Day}&date-month={today.Month}&date-year={today.Year}&years=9&years=10", width, violations);
        await CheckAsync(leader, "leader-planner-errors", $"/schools/{db.LltSchool}/planner?Kind=", width, violations);
        await CheckAsync(leader, "leader-destination-pupils",
            $"/schools/{db.LltSchool}/destinations?measure=leavers&cohort={CareersCompliance.Domain.Calendar.AcademicYear.Containing(today).StartYear - 1}", width, violations);

        var officer = await host.SignedInPageAsync("officer-llt", width);
        await CheckAsync(officer, "officer-audit", $"/audit?school={db.LltSchool}", width, violations);
        await CheckAsync(officer, "officer-audit-retractions", $"/audit?school={db.LltSchool}&eventType=activity_retracted,attendance_withdrawn,activity_details_corrected", width, violations);
        await CheckAsync(officer, "officer-access-log", "/access-log", width, violations);

        var inspector = await host.SignedInPageAsync("inspector", width);
        await CheckAsync(inspector, "inspector-home", "/", width, violations);
        await CheckAsync(inspector, "inspector-evidence", $"/schools/{db.InspectedSchool}/evidence", width, violations);

        await CheckAdministratorAsync(width, violations);

        // Why not BeEmpty: its message prints the list again on one line; one violation a line is what a person fixes from.
        if (violations.Count > 0)
        {
            Assert.Fail($"axe-core found {violations.Count} WCAG 2.2 A/AA violations at {width} px:\n{string.Join('\n', violations)}");
        }
    }

    /// <summary>The administrator's home and pages (issue 15 part 5), and their forms sent empty, showing their error summaries.</summary>
    private async Task CheckAdministratorAsync(int width, List<string> violations)
    {
        var admin = await host.SignedInPageAsync("admin", width);
        await CheckAsync(admin, "admin-home", "/", width, violations);
        await CheckAsync(admin, "admin-create-account", "/admin/accounts/new", width, violations);
        await admin.Locator("#create-button").ClickAsync();
        await admin.Locator(".govuk-error-summary").WaitForAsync();
        await CheckShownAsync(admin, "admin-create-account-errors", width, violations, 400);
        await CheckAsync(admin, "admin-account", "/admin/accounts/inspector", width, violations);
        await CheckAsync(admin, "admin-grant", "/admin/grants/new", width, violations);
        await admin.Locator("#grant-button").ClickAsync();
        await admin.Locator(".govuk-error-summary").WaitForAsync();
        await CheckShownAsync(admin, "admin-grant-errors", width, violations, 400);
    }

    private async Task CheckAsync(IPage page, string name, string path, int width, List<string> violations, int status = 200)
    {
        var response = await page.GotoAsync(host.BaseUrl + path);
        response!.Status.Should().Be(status, $"{name} ({path}) opens for its role{(status == 200 ? "" : $", answering {status}")}");
        await CheckShownAsync(page, name, width, violations);
    }

    /// <summary>Checks the page as it is now (after a form was sent, say); <paramref name="status"/> is the answer it should have had.</summary>
    private static async Task CheckShownAsync(IPage page, string name, int width, List<string> violations, int? status = null)
    {
        if (status is { } expected)
        {
            await page.WaitForLoadStateAsync(LoadState.Load);
            (await page.EvaluateAsync<int>("performance.getEntriesByType('navigation')[0].responseStatus")).Should().Be(expected, $"{name} answers {expected}");
        }

        var path = new Uri(page.Url).PathAndQuery;
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(Screenshots, $"{name}-{width}.png"), FullPage = true });
        // Why here as well: axe has no rule for WCAG 1.4.10 (reflow), which a page that scrolls sideways at 320 px fails.
        var pageWidth = await page.EvaluateAsync<int>("document.documentElement.scrollWidth");
        if (pageWidth > width)
        {
            violations.Add($"{name} {path} at {width} px: reflow (WCAG 1.4.10) the page is {pageWidth} px wide and scrolls sideways");
        }

        var result = await page.RunAxe(new AxeRunOptions { RunOnly = new RunOnlyOptions { Type = "tag", Values = WcagAa } });
        foreach (var violation in result.Violations)
        {
            var targets = violation.Nodes.Take(3).Select(n => n.Target.ToString());
            violations.Add($"{name} {path} at {width} px: {violation.Id} ({violation.Impact}, {violation.Nodes.Length} elements) {violation.Help}: {string.Join(" | ", targets)}");
        }
    }
}
