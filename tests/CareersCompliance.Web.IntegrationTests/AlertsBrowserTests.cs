using CareersCompliance.Application.Alerts;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;

namespace CareersCompliance.Web.IntegrationTests;

/// <summary>A trust director in real Chromium opens the alerts page and acknowledges an alert with a note (screenshots in TestResults/screenshots).</summary>
[Collection(WebTests.Name)]
public sealed class AlertsBrowserTests(DemoDatabase db) : ChromiumHost(db)
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
}
