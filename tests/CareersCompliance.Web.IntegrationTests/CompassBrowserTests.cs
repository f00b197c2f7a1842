using CareersCompliance.Application.Reports;
using CareersCompliance.Domain.Common;
using CareersCompliance.Domain.Rules;
using Microsoft.Playwright;

namespace CareersCompliance.Web.IntegrationTests;

/// <summary>
/// The Compass-style evaluation pages in real Chromium against the served demo (eventmodel/decisions/0045): a trust director
/// reads each school's percentages, follows one to the school's criteria and evidence, and from there to the pupils behind a
/// per-pupil figure; another trust's pages are refused. Screenshots go to TestResults/screenshots.
/// </summary>
[Collection(WebTests.Name)]
public sealed class CompassBrowserTests(DemoDatabase db, ServedHost host) : IClassFixture<ServedHost>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task a_trust_director_reads_each_schools_benchmark_percentages_and_follows_one_to_its_evidence_and_pupils()
    {
        var today = db.Runtime.Clock.GetCurrentInstant().InZone(NodaTime.DateTimeZoneProviders.Tzdb["Europe/London"]).Date;
        var expected = await db.Runtime.Reports.TrustCompassAsync(new TrustId("LLT"), new ReportQuery(today, null, RuleSettings.Default), Ct);
        var problems = new List<string>();
        var page = await host.SignedInPageAsync("director-llt", problems: problems);

        await page.GotoAsync($"{host.BaseUrl}/trusts/LLT/compass");
        await Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync("Careers provision against the Gatsby benchmarks, school by school");
        await Expect(page.Locator("#trust-compass tbody tr")).ToHaveCountAsync(expected.Count);
        foreach (var school in expected)
        {
            var row = page.Locator($"#trust-compass tr[data-school='{school.Urn}']");
            await Expect(row.Locator("th")).ToHaveTextAsync(school.Name!);
            foreach (var b in school.Benchmarks)
            {
                await Expect(row.Locator($"td[data-benchmark='{b.Id}']")).ToContainTextAsync($"{b.Percent}%");
            }

            await Expect(row.Locator("td").Last).ToHaveTextAsync($"{school.AchievedCount} of 8");
        }

        await Expect(page.Locator("#trust-mean")).ToContainTextAsync("national average 5.96");
        await ShotAsync(page, "compass-trust");

        var first = expected[0];
        var perPupil = first.Benchmarks.SelectMany(b => b.Criteria.Select(c => (Benchmark: b, Criterion: c)))
            .First(x => x.Criterion.PerPupil && x.Criterion.PupilsShort.Count > 0);
        await page.Locator($"#trust-compass tr[data-school='{first.Urn}'] td[data-benchmark='{perPupil.Benchmark.Id}'] a").ClickAsync();
        await Expect(page.Locator("#compass-summary")).ToContainTextAsync(first.Name!);
        var section = page.Locator($"h2#{perPupil.Benchmark.Id.ToLowerInvariant()}");
        await Expect(section).ToHaveTextAsync($"{perPupil.Benchmark.Id} {perPupil.Benchmark.Title}: {perPupil.Benchmark.Percent}%");
        var criterionRow = page.Locator($"tr[data-criterion='{perPupil.Criterion.Id}']");
        await Expect(criterionRow).ToContainTextAsync(perPupil.Criterion.Evidence[0]);
        await Expect(page.Locator("#achieved-count")).ToHaveTextAsync($"{first.AchievedCount} of 8 benchmarks (national average 5.96 in 2024/25)");
        await ShotAsync(page, "compass-school");

        await criterionRow.Locator("a", new() { HasText = "not yet met" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync(perPupil.Criterion.Description);
        await Expect(page.Locator("#compass-pupils tbody tr")).ToHaveCountAsync(perPupil.Criterion.PupilsShort.Count);
        await ShotAsync(page, "compass-pupils");
        await page.Locator("#compass-pupils tbody a").First.ClickAsync();
        await Expect(page.Locator("#checks")).ToBeVisibleAsync();

        (await page.GotoAsync($"{host.BaseUrl}/trusts/JTMAT/compass"))!.Status.Should().Be(403);
        (await page.GotoAsync($"{host.BaseUrl}/schools/{db.JtmatSchool}/compass"))!.Status.Should().Be(403);
        problems.Should().BeEmpty("no script or style is blocked by the content security policy");
    }

    [Fact]
    public async Task the_school_page_links_to_its_compass_evaluation_and_the_compass_points_of_the_year_change_the_date()
    {
        var page = await host.SignedInPageAsync($"leader-{db.LltSchool}");
        await page.GotoAsync($"{host.BaseUrl}/schools/{db.LltSchool}");

        await page.Locator("#compass-link").ClickAsync();
        await Expect(page.Locator("#compass-benchmarks tbody tr")).ToHaveCountAsync(8);
        var july = page.Locator("a", new() { HasText = "31 July" }).Last;
        var julyText = await july.TextContentAsync();
        await july.ClickAsync();

        await Expect(page.Locator("#compass-summary")).ToContainTextAsync(julyText!.Trim());
    }

    private static async Task ShotAsync(IPage page, string name) =>
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(BrowserTests.Screenshots, name + ".png"), FullPage = true });

    private static ILocatorAssertions Expect(ILocator locator) => Assertions.Expect(locator);
}
