using CareersCompliance.Application.Alerts;
using CareersCompliance.Application.Reports;
using CareersCompliance.Domain.Calendar;
using CareersCompliance.Domain.Common;
using CareersCompliance.Domain.Rules;
using CareersCompliance.Web.Pages;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;

namespace CareersCompliance.Web.IntegrationTests;

/// <summary>
/// The trust director's home in real Chromium: the grid of schools by duty is the first thing on screen, each cell a status
/// in words with the next-deadline cohort's figure and days left, one click from the pupils behind it; the open alerts per
/// school; the PAL trend against the pace with its table; controls below; and the grid scrolling in its own named box at 320 px.
/// Screenshots go to TestResults/screenshots/homes.
/// </summary>
[Collection(WebTests.Name)]
public sealed class DirectorHomeBrowserTests(DemoDatabase db, InProcessHost host) : ChromiumHost(db, host)
{
    public static string HomeShots { get; } = Path.Combine(BrowserTests.Screenshots, "homes");

    private static readonly string[] StatusWords = ["Met", "Due", "At risk", "Not met", "No pupils"];

    [Fact]
    public async Task a_director_sees_the_provider_access_requests_the_trusts_schools_refused()
    {
        var trust = await Db.Runtime.Reports.TrustAsync(new TrustId("LLT"), new ReportQuery(Today, null, RuleSettings.Default), Ct);
        var refusals = ComplianceRules.Refusals(trust);
        refusals.Should().NotBeEmpty("every demo school refused one request");
        var page = await SignInAsync("director-llt");

        var table = page.Locator("#refusals");
        await Expect(table.Locator("tbody tr")).ToHaveCountAsync(refusals.Count);
        foreach (var (school, request) in refusals)
        {
            var row = table.Locator($"tbody tr[data-request='{request.RequestId}']");
            await Expect(row.Locator("th")).ToHaveTextAsync(school.Name!);
            await Expect(row).ToContainTextAsync(request.ProviderName!);
            await Expect(row).ToContainTextAsync(Ui.Date(request.AnsweredOn!.Value));
            await Expect(row).ToContainTextAsync(Pages.Trusts.DashboardModel.RefusalText(request));
        }

        await Expect(page.Locator("#refusals-summary")).ToContainTextAsync($"{refusals.Count} requests for access refused");
        var shots = "/work/screens/send";
        Directory.CreateDirectory(shots);
        await table.ScrollIntoViewIfNeededAsync();
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(shots, "trust-refusals-1280.png") });
        await page.SetViewportSizeAsync(320, 900);
        await table.ScrollIntoViewIfNeededAsync();
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(shots, "trust-refusals-320.png") });
    }

    [Fact]
    public async Task a_director_sees_schools_by_duty_first_with_the_next_deadlines_figure_and_opens_the_pupils_behind_a_cell()
    {
        var alerts = Services.GetRequiredService<AlertCenter>();
        await AlertsPageTests.RaiseAsync(alerts, "LLT", Db.LltSchool, "grid", Ct);
        var openAt = (await alerts.List.ListAsync("open", "LLT", Ct)).Where(a => a.SchoolUrn is not null)
            .GroupBy(a => a.SchoolUrn!, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.Count(), StringComparer.Ordinal);
        var trust = await Db.Runtime.Reports.TrustAsync(new TrustId("LLT"), new ReportQuery(Today, null, RuleSettings.Default), Ct);
        var page = await SignInAsync("director-llt");

        await Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync("Lydiate Learning Trust");
        var grid = page.Locator("#duty-grid");
        (await page.Locator("main table").First.GetAttributeAsync("id")).Should().Be("duty-grid", "the grid is the page's first table");
        (await grid.BoundingBoxAsync())!.Y.Should().BeLessThan(450, "the grid starts on the first screen, not below controls");
        (await page.Locator("#asof").BoundingBoxAsync())!.Y.Should().BeGreaterThan((await grid.BoundingBoxAsync())!.Y, "controls sit below the grid");
        await Expect(page.Locator("#grid-caption")).ToHaveTextAsync($"Schools by duty, as of {Ui.Date(Today)}");
        await Expect(grid.Locator("tbody tr")).ToHaveCountAsync(trust.Schools.Count);
        await HomeShotAsync(page, "director-home-1280");

        foreach (var school in trust.Schools)
        {
            await ExpectRowAsync(grid.Locator($"tbody tr[data-urn='{school.Urn.Value}']"), school, openAt.GetValueOrDefault(school.Urn.Value));
        }

        // One click from the alerts count: that school's open alerts only.
        await grid.Locator($"tbody tr[data-urn='{Db.LltSchool}'] td[data-duty='alerts'] a").ClickAsync();
        await Expect(page.Locator("#school-filter")).ToContainTextAsync(Db.Directory.School(Db.LltSchool)!.Name);
        await Expect(page.Locator("#alerts-table tbody tr")).ToHaveCountAsync(openAt[Db.LltSchool]);
        await page.GoBackAsync();

        // One click from a cell: the pupils behind its figure, that cohort only.
        var school0 = trust.Schools.First(s => PalPhaseCoverage.ForSchool(s, PalPhase.First).Headline is { PupilsShort: > 0 and <= 100 });
        var cohort = PalPhaseCoverage.ForSchool(school0, PalPhase.First).Headline!;
        await grid.Locator($"tbody tr[data-urn='{school0.Urn.Value}'] td[data-duty='PAL.P1'] a").ClickAsync();
        await Expect(page.Locator("#at-risk")).ToHaveTextAsync($"Pupils in Year {cohort.YearGroupNow} who have not met it yet: {CheckNames.Of(CheckIds.PalP1)}");
        await Expect(page.Locator("#at-risk-table tbody tr")).ToHaveCountAsync(cohort.PupilsShort);
        await HomeShotAsync(page, "director-cell-pupils-1280");
        await page.GoBackAsync();

        // One click from a heading: the duty across the trust; from a school name: the school.
        await grid.Locator("thead th[data-duty='GB6.By16'] a").ClickAsync();
        page.Url.Should().EndWith("#checks-table");
        await grid.Locator($"tbody tr[data-urn='{school0.Urn.Value}'] th a").ClickAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync(school0.Name!);
        Problems.Should().BeEmpty("no script or style is blocked by the content security policy");
    }

    [Fact]
    public async Task the_trend_shows_each_open_cohorts_coverage_against_the_pace_its_deadline_needs_as_a_chart_and_a_table()
    {
        var trust = await Db.Runtime.Reports.TrustAsync(new TrustId("LLT"), new ReportQuery(Today, null, RuleSettings.Default), Ct);
        var page = await SignInAsync("director-llt");

        foreach (var cohort in trust.PalCoverage.SelectMany(p => p.Cohorts).Where(c => c.Open && c.PupilsOnRoll > 0))
        {
            var trend = page.Locator($"#trend-{(int)cohort.Phase}-{cohort.YearGroupNow}");
            await Expect(trend.Locator("svg.careers-chart title").First).ToContainTextAsync($"Year {cohort.YearGroupNow}");
            var rows = trend.Locator("table tbody tr");
            await Expect(rows).ToHaveCountAsync(Reading.Standings.SeriesDates(Today).Count);
            var last = rows.Last;
            var pace = Pages.Trusts.CoverageTrend.Pace(cohort.WindowStart, cohort.WindowEnd, Today);
            await Expect(last).ToContainTextAsync(Ui.Date(Today));
            await Expect(last).ToContainTextAsync($"{cohort.PupilsMet} of {cohort.PupilsOnRoll}");
            await Expect(last).ToContainTextAsync(Ui.Percent(pace));
            await Expect(last).ToContainTextAsync(cohort.CoveragePercent >= pace ? "points ahead" : "points behind");
        }

        await HomeShotAsync(page, "director-trends-1280");
        await page.Locator(".careers-trend").First.ScreenshotAsync(new() { Path = Path.Combine(HomeShots, "director-trend-chart-and-table-1280.png") });
    }

    [Fact]
    public async Task at_320_px_the_grid_scrolls_in_its_own_focusable_box_under_a_caption_that_is_not_clipped()
    {
        var page = await SignInAsync("director-llt", 320);

        var caption = await page.Locator("#grid-caption").BoundingBoxAsync();
        caption!.X.Should().BeGreaterThanOrEqualTo(0);
        (caption.X + caption.Width).Should().BeLessThanOrEqualTo(320, "the caption wraps inside the screen");
        (await page.EvaluateAsync<int>("document.documentElement.scrollWidth")).Should().BeLessThanOrEqualTo(320, "the page itself never scrolls sideways");
        var region = page.Locator(".careers-grid-scroll");
        await Expect(region).ToHaveAttributeAsync("tabindex", "0");
        await Expect(region).ToHaveAttributeAsync("aria-labelledby", "grid-caption");
        (await region.EvaluateAsync<bool>("e => e.scrollWidth > e.clientWidth")).Should().BeTrue("the grid scrolls inside its box");
        await region.FocusAsync();
        await page.Keyboard.PressAsync("ArrowRight");
        await page.Keyboard.PressAsync("ArrowRight");
        // Why wait: the browser scrolls smoothly, so the box moves a moment after the key.
        await page.WaitForFunctionAsync("() => document.querySelector('.careers-grid-scroll').scrollLeft > 0", null, new() { Timeout = 5000 });
        await HomeShotAsync(page, "director-home-320");
    }

    /// <summary>A school's row: the PAL cell shows the next-deadline cohort's figure, year, days left and status; Gatsby 5's cell
    /// the whole school on roll (one deadline for all); every cell a status in words; the open alerts counted.</summary>
    private static async Task ExpectRowAsync(ILocator row, SchoolReport school, int openAlerts)
    {
        await Expect(row.Locator("th")).ToHaveTextAsync(school.Name!);
        var head = PalPhaseCoverage.ForSchool(school, PalPhase.First).Headline!;
        var pal = row.Locator("td[data-duty='PAL.P1']");
        await Expect(pal).ToContainTextAsync($"{head.PupilsMet} of {head.PupilsOnRoll}");
        await Expect(pal).ToContainTextAsync($"Year {head.YearGroupNow}");
        await Expect(pal).ToContainTextAsync($"{head.DaysLeft} days left");
        await Expect(pal).ToContainTextAsync(head.PupilsShort == 0 ? "Met" : head.DaysLeft <= RuleSettings.Default.AlertHorizonDays ? "At risk" : "Due");

        // Gatsby 5 "this year" has one deadline for every pupil: the cell's figure is the whole school's on roll, of no one year.
        var gb5 = school.Pupils.Where(p => p.OnRoll).Select(p => p.Check(CheckIds.Gb5)).Where(c => c.Status != CheckStatus.NotApplicable).ToList();
        gb5.Select(c => c.Deadline).Distinct().Should().ContainSingle();
        await Expect(row.Locator("td[data-duty='GB5']")).ToContainTextAsync($"{gb5.Count(c => c.Status == CheckStatus.Met)} of {gb5.Count}");
        await Expect(row.Locator("td[data-duty='GB5']")).Not.ToContainTextAsync("Year ", new() { Timeout = 1000 });

        foreach (var cell in await row.Locator("td.careers-cell").AllAsync())
        {
            var status = (await cell.Locator(".careers-cell__status").InnerTextAsync()).Trim();
            StatusWords.Should().Contain(w => status.EndsWith(w, StringComparison.Ordinal), "every cell says its status in words, not by colour alone");
        }

        await Expect(row.Locator("td[data-duty='alerts']")).ToHaveTextAsync(new System.Text.RegularExpressions.Regex(
            $"^\\s*{openAlerts} open alerts at", System.Text.RegularExpressions.RegexOptions.None, TimeSpan.FromSeconds(1)));
    }

    private static async Task HomeShotAsync(IPage page, string name)
    {
        Directory.CreateDirectory(HomeShots);
        await ShotAsync(page, Path.Combine("homes", name));
        // The first screen as a person sees it on arriving, beside the whole page.
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(HomeShots, name + "-first-screen.png") });
    }

    private static NodaTime.LocalDate Today => NodaTime.SystemClock.Instance.GetCurrentInstant().InZone(NodaTime.DateTimeZoneProviders.Tzdb["Europe/London"]).Date;
}
