using CareersCompliance.Application.Reports;
using CareersCompliance.Domain.Common;
using CareersCompliance.Domain.Rules;
using CareersCompliance.Web.Pages;
using Microsoft.Playwright;

namespace CareersCompliance.Web.IntegrationTests;

/// <summary>
/// The school page's destinations section in real Chromium against the served demo (eventmodel/decisions/0053-0054): a careers
/// leader reads each leaver cohort's shares and the September Guarantee rounds, and follows a figure to the pupils behind it.
/// Screenshots go to TestResults/screenshots and /work/screens/destinations when that folder can be written.
/// </summary>
[Collection(WebTests.Name)]
public sealed class DestinationsBrowserTests(DemoDatabase db, ServedHost host) : IClassFixture<ServedHost>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task a_careers_leader_reads_leavers_destinations_and_offers_and_follows_a_figure_to_the_pupils_behind_it()
    {
        var today = db.Runtime.Clock.GetCurrentInstant().InZone(NodaTime.DateTimeZoneProviders.Tzdb["Europe/London"]).Date;
        var expected = (await db.Runtime.Reports.SchoolAsync(new SchoolUrn(db.LltSchool), new ReportQuery(today, null, RuleSettings.Default), Ct)).Destinations;
        var cohorts = expected.Cohorts.Where(c => c.Count > 0).ToList();
        cohorts.Should().NotBeEmpty("the demo school has leavers");
        var problems = new List<string>();
        var page = await host.SignedInPageAsync($"leader-{db.LltSchool}", problems: problems);

        await page.GotoAsync($"{host.BaseUrl}/schools/{db.LltSchool}");
        await Expect(page.Locator("h2#destinations")).ToHaveTextAsync("Destinations");
        await Expect(page.Locator("#destination-cohorts tbody tr")).ToHaveCountAsync(cohorts.Count);
        foreach (var c in cohorts)
        {
            var row = page.Locator($"#destination-cohorts tr[data-cohort='{c.LeftIn}']");
            await Expect(row.Locator("td").First).ToHaveTextAsync(c.Count.ToString(System.Globalization.CultureInfo.InvariantCulture));
            await Expect(row.Locator("td[data-measure='eet']")).ToHaveTextAsync($"{c.Eet} ({Ui.Percent(c.Percent(c.Eet))})");
            await Expect(row.Locator("td[data-measure='neet']")).ToHaveTextAsync($"{c.Neet} ({Ui.Percent(c.Percent(c.Neet))})");
            await Expect(row.Locator("td[data-measure='sustained']")).ToContainTextAsync(
                c.Sustained is { } s ? $"{s} ({Ui.Percent(c.Percent(s))})" : "known after");
        }

        foreach (var g in expected.Guarantee.Where(g => g.Pupils.Count > 0))
        {
            await Expect(page.Locator($"#september-guarantee tr[data-round='{g.CohortYear}']"))
                .ToContainTextAsync($"{g.WithOffer} of {g.Pupils.Count} ({Ui.Percent(g.OfferPercent)})");
        }

        await page.Locator("#destinations").ScrollIntoViewIfNeededAsync();
        await ShotAsync(page, "destinations-school");

        var neet = cohorts.First(c => c.Neet > 0);
        await page.Locator($"#destination-cohorts tr[data-cohort='{neet.LeftIn}'] td[data-measure='neet'] a").ClickAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync($"Leavers not in education, employment or training (NEET), {neet.LeftIn}");
        await Expect(page.Locator("#destination-pupils tbody tr")).ToHaveCountAsync(neet.Neet);
        await Expect(page.Locator("#destination-pupils tbody tr").First).ToContainTextAsync("neet (recorded");
        await ShotAsync(page, "destinations-neet-pupils");
        await page.Locator("#destination-pupils tbody a").First.ClickAsync();
        await Expect(page.Locator("#checks")).ToBeVisibleAsync();

        var round = expected.Guarantee.First(g => g.Pupils.Count > g.WithOffer);
        await page.GotoAsync($"{host.BaseUrl}/schools/{db.LltSchool}#destinations");
        await page.Locator($"#september-guarantee tr[data-round='{round.CohortYear}'] td").Last.Locator("a").ClickAsync();
        await Expect(page.Locator("#destination-pupils tbody tr")).ToHaveCountAsync(round.Pupils.Count - round.WithOffer);
        await ShotAsync(page, "destinations-no-offer");

        (await page.GotoAsync($"{host.BaseUrl}/schools/{db.JtmatSchool}/destinations?measure=leavers&cohort={neet.LeftIn.StartYear}"))!.Status.Should().Be(403);
        (await page.GotoAsync($"{host.BaseUrl}/schools/{db.LltSchool}/destinations?measure=everyone&cohort=2024"))!.Status.Should().Be(404);
        problems.Should().BeEmpty("no script or style is blocked by the content security policy");
    }

    private static async Task ShotAsync(IPage page, string name)
    {
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(BrowserTests.Screenshots, name + ".png"), FullPage = true });
        var screens = Environment.GetEnvironmentVariable("CAREERS_SCREENS");
        if (!string.IsNullOrEmpty(screens))
        {
            await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(screens, name + ".png"), FullPage = true });
        }
    }

    private static ILocatorAssertions Expect(ILocator locator) => Assertions.Expect(locator);
}
