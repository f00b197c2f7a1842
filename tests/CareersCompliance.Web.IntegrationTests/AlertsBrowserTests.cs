using CareersCompliance.Application.Alerts;
using CareersCompliance.Application.Reports;
using CareersCompliance.Domain.Common;
using CareersCompliance.Domain.Rules;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;

namespace CareersCompliance.Web.IntegrationTests;

/// <summary>A trust director in real Chromium opens the alerts page and acknowledges an alert with a note (screenshots in TestResults/screenshots).</summary>
[Collection(WebTests.Name)]
public sealed class AlertsBrowserTests(DemoDatabase db, InProcessHost host) : ChromiumHost(db, host)
{
    [Fact]
    public async Task a_trust_director_opens_the_alerts_page_and_acknowledges_an_alert()
    {
        var ct = TestContext.Current.CancellationToken;
        var condition = await AlertsPageTests.RaiseAsync(Services.GetRequiredService<AlertCenter>(), "LLT", Db.LltSchool, "browser", ct);
        var page = await SignInAsync("director-llt");
        var problems = Problems;

        await page.GetByRole(AriaRole.Link, new() { Name = "Alerts", Exact = true }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync("Alerts");
        await page.ScreenshotAsync(new() { Path = Path.Combine(BrowserTests.Screenshots, "alerts-open.png"), FullPage = true });
        await page.GetByRole(AriaRole.Link, new() { Name = condition.Subject }).ClickAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Acknowledge" }).ClickAsync();
        await Assertions.Expect(page.Locator(".govuk-error-summary")).ToContainTextAsync("Enter what is being done about this alert");
        await page.Locator("#acknowledge-note").FillAsync("Booked two providers for March assemblies");
        await page.GetByRole(AriaRole.Button, new() { Name = "Acknowledge" }).ClickAsync();

        await Assertions.Expect(page.Locator("#done-banner")).ToContainTextAsync("The alert is acknowledged");
        await Assertions.Expect(page.Locator("#history")).ToContainTextAsync("Booked two providers for March assemblies");
        await Assertions.Expect(page.Locator("#history")).ToContainTextAsync("director-llt");
        await page.ScreenshotAsync(new() { Path = Path.Combine(BrowserTests.Screenshots, "alert-acknowledged.png"), FullPage = true });
        problems.Should().BeEmpty("no script or style is blocked by the content security policy");
        (await Services.GetRequiredService<AlertCenter>().List.FindAsync(AlertStreams.IdFor(condition.DedupeKey).Value.ToString(), ct))!
            .Status.Should().Be("acknowledged");
    }

    [Fact]
    public async Task an_alert_for_a_missing_item_says_since_when_it_has_been_missing_not_the_review_date()
    {
        var ct = TestContext.Current.CancellationToken;
        // The demo's gap schools published programme information without "how impact is measured", next review 31 October 2024.
        var alerts = Services.GetRequiredService<AlertCenter>();
        var today = alerts.Processor.Today;
        string? gaps = null;
        foreach (var urn in Db.Directory.SchoolsOf("LLT").Select(s => s.Urn))
        {
            var report = await Db.Runtime.Reports.SchoolAsync(new SchoolUrn(urn), new ReportQuery(today, null, RuleSettings.Default), ct);
            gaps ??= report.SchoolChecks.Any(c => string.Equals(c.CheckId, CheckIds.PublicationCareersInfo, StringComparison.Ordinal) && string.Equals(c.ReasonCode, "items-missing", StringComparison.Ordinal)) ? urn : null;
        }

        gaps.Should().NotBeNull("the demo has a Lydiate school with items missing from its programme information");
        await alerts.Processor.EvaluateAsync(null, ct);
        var missing = (await alerts.List.ListAsync(null, null, ct))
            .Single(a => string.Equals(a.DedupeKey, $"school-check:{gaps}:PUB.CareersInfo:items-missing", StringComparison.Ordinal));
        var page = await SignInAsync("director-llt");

        await page.GotoAsync($"{BaseUrl}/alerts/{missing.AlertId}");

        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToContainTextAsync("Careers programme information published");
        await Assertions.Expect(page.Locator("#alert-summary")).ToContainTextAsync("lacks: how impact is measured (missing since");
        await Assertions.Expect(page.Locator("#deadline")).ToHaveTextAsync("None: act now");
        await Assertions.Expect(page.Locator("#alert-summary")).Not.ToContainTextAsync("31 October 2024");
        await Assertions.Expect(page.Locator("#days-left")).Not.ToContainTextAsync("overdue");
        await page.ScreenshotAsync(new() { Path = Path.Combine(BrowserTests.Screenshots, "alert-missing-item.png"), FullPage = true });
    }
}
