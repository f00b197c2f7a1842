using System.Globalization;
using CareersCompliance.Application.Reports;
using CareersCompliance.Domain.Common;
using CareersCompliance.Domain.Rules;
using CareersCompliance.Web.Pages;
using Microsoft.Playwright;
using NodaTime;
using NodaTime.Text;

namespace CareersCompliance.Web.IntegrationTests;

/// <summary>
/// The inspector's evidence timeline in real Chromium, reached from the inspector's home: the summary comes first (duties met,
/// dates, pupils, gaps) with the downloads, the detail after; the summary's figures agree with the CSV download, whose format
/// is unchanged, and name no pupil. Screenshots go to TestResults/screenshots/homes.
/// </summary>
[Collection(WebTests.Name)]
public sealed class InspectorSummaryBrowserTests(DemoDatabase db, InProcessHost host) : ChromiumHost(db, host)
{
    private const string CsvColumns = "date,activity,kind,title,register,pupil,retracted,event,recorded_at,recorded_by,source,ledger_position,covered_by_checkpoint,reason,changes";

    [Theory]
    [InlineData(1280)]
    [InlineData(320)]
    public async Task an_inspector_reads_the_summary_first_then_the_detail_and_the_summary_agrees_with_the_csv(int width)
    {
        var page = await SignInAsync("inspector", width);
        var school = Db.Directory.School(Db.InspectedSchool)!;
        await page.Locator("main").GetByRole(AriaRole.Link, new() { Name = school.Name }).ClickAsync();
        await page.Locator("#evidence-link").ClickAsync();

        await Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync("Evidence timeline");
        (await page.Locator("main h2").First.TextContentAsync()).Should().StartWith("Summary", "the summary is the first thing under the title");
        (await page.Locator("#summary").BoundingBoxAsync())!.Y.Should().BeLessThan((await page.Locator("#evidence").BoundingBoxAsync())!.Y);
        (await page.Locator("#download-pdf").BoundingBoxAsync())!.Y.Should().BeLessThan((await page.Locator("#evidence").BoundingBoxAsync())!.Y);
        await Expect(page.Locator("#summary")).Not.ToContainTextAsync("P-", new() { Timeout = 1000 });
        await Shot(page, $"inspector-evidence-summary-{width}");

        // The CSV, as other tools read it: same header and columns as before; the summary counts what it lists.
        var download = await page.RunAndWaitForDownloadAsync(() => page.Locator("#download-csv").ClickAsync());
        var csv = await File.ReadAllLinesAsync((await download.PathAsync())!, Ct);
        csv[0].Should().StartWith($"# Evidence timeline: {school.Name} (URN {school.Urn})");
        var header = Array.FindIndex(csv, l => !l.StartsWith('#'));
        csv[header].Should().Be(CsvColumns);
        var rows = csv.Skip(header + 1).Where(l => !l.StartsWith('#') && l.Length > 0).Select(Fields).ToList();
        var activities = rows.Where(r => string.Equals(r[6], "false", StringComparison.Ordinal)).GroupBy(r => r[1], StringComparer.Ordinal).Select(g => LocalDatePattern.Iso.Parse(g.First()[0]).Value).ToList();
        if (activities.Count > 0)
        {
            await Expect(page.Locator("#summary-dates")).ToContainTextAsync(
                $"{activities.Count} {(activities.Count == 1 ? "activity" : "activities")} from {Ui.Date(activities.Min())} to {Ui.Date(activities.Max())}");
        }

        var grant = (await Db.Accounts.ActiveGrantsAsync((await Db.Accounts.FindAsync("inspector", Ct))!.AccountId, Ct)).Single();
        var today = SystemClock.Instance.GetCurrentInstant().InZone(DateTimeZoneProviders.Tzdb["Europe/London"]).Date;
        var asOf = grant.PeriodTo < today ? grant.PeriodTo : today;
        var report = await Db.Runtime.Reports.SchoolAsync(new SchoolUrn(Db.InspectedSchool), new ReportQuery(asOf, null, RuleSettings.Default), Ct);
        await Expect(page.Locator("#summary-pupils")).ToContainTextAsync($"{report.Pupils.Count(p => p.OnRoll)} on roll at {Ui.Date(asOf)}");
        foreach (var check in report.SchoolChecks.Where(c => c.Status == CheckStatus.NotMet))
        {
            await Expect(page.Locator("#gaps")).ToContainTextAsync($"{CheckNames.Of(check.CheckId)}: not met");
        }

        var met = report.SchoolChecks.Count(c => c.Status == CheckStatus.Met);
        (await page.Locator("#duties tbody tr").CountAsync()).Should().BeGreaterThan(report.SchoolChecks.Count);
        (await page.Locator("#duties tbody tr").Filter(new() { HasText = "Met" }).CountAsync()).Should().BeGreaterThanOrEqualTo(met);
        await Expect(page.Locator("#summary-duties")).ToContainTextAsync(string.Create(CultureInfo.InvariantCulture, $"duties met at {Ui.Date(asOf)}"));
        Problems.Should().BeEmpty();
    }

    // Why a real CSV parser: titles may hold commas and quotes.
    private static string[] Fields(string line)
    {
        using var parser = new Microsoft.VisualBasic.FileIO.TextFieldParser(new StringReader(line)) { HasFieldsEnclosedInQuotes = true };
        parser.SetDelimiters(",");
        return parser.ReadFields()!;
    }

    private static async Task Shot(IPage page, string name)
    {
        Directory.CreateDirectory(DirectorHomeBrowserTests.HomeShots);
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(DirectorHomeBrowserTests.HomeShots, name + ".png"), FullPage = true });
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(DirectorHomeBrowserTests.HomeShots, name + "-first-screen.png") });
    }
}
