using System.Net;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;

namespace CareersCompliance.Web.IntegrationTests;

/// <summary>
/// A test class's web host on 127.0.0.1 with Debian's Chromium driving it: signs a demo account in through the login form,
/// at a chosen viewport width, and collects script and content-security-policy errors. Fails, never skips, without Chromium.
/// </summary>
public abstract class ChromiumHost(DemoDatabase db) : IAsyncLifetime
{
    private static readonly System.Text.RegularExpressions.Regex SignInPage = new("/Account/Login", System.Text.RegularExpressions.RegexOptions.None, TimeSpan.FromSeconds(1));

    private CareersWebFactory _factory = null!;
    private IPlaywright _playwright = null!;
    private IBrowser _browser = null!;

    protected static CancellationToken Ct => TestContext.Current.CancellationToken;

    protected DemoDatabase Db { get; } = db;

    protected string BaseUrl { get; private set; } = "";

    protected IServiceProvider Services => _factory.Services;

    /// <summary>Script or CSP errors seen by any page of this test.</summary>
    protected IList<string> Problems { get; } = [];

    public async ValueTask InitializeAsync()
    {
        File.Exists(BrowserTests.ChromiumPath).Should().BeTrue($"the browser tests drive Debian's Chromium at {BrowserTests.ChromiumPath}; run ops/browser/install.sh");
        _factory = new CareersWebFactory(Db);
        _factory.UseKestrel(options => options.Listen(IPAddress.Loopback, 0));
        _factory.StartServer();
        BaseUrl = _factory.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        _playwright = await Playwright.CreateAsync();
        _browser = await _playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = BrowserTests.ChromiumPath,
            Headless = true,
            Args = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"],
        });
        Directory.CreateDirectory(BrowserTests.Screenshots);
    }

    public async ValueTask DisposeAsync()
    {
        await _browser.DisposeAsync();
        _playwright.Dispose();
        await _factory.DisposeAsync();
        GC.SuppressFinalize(this);
    }

    protected async Task<IPage> SignInAsync(string username, int width = 1280)
    {
        var context = await _browser.NewContextAsync(new BrowserNewContextOptions { ViewportSize = new ViewportSize { Width = width, Height = 900 } });
        var page = await context.NewPageAsync();
        page.Console += (_, message) =>
        {
            // Why only these: a refused page's 403 is expected; a CSP or script failure is a defect.
            if (string.Equals(message.Type, "error", StringComparison.Ordinal)
                && (message.Text.Contains("Content Security Policy", StringComparison.Ordinal) || message.Text.Contains("Uncaught", StringComparison.Ordinal)))
            {
                Problems.Add(message.Text);
            }
        };
        await page.GotoAsync($"{BaseUrl}/");
        await page.GetByLabel("Username").FillAsync(username);
        await page.Locator("#password").FillAsync(Db.Passwords[username]);
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();
        // Why the address, not the sign-out button: on a phone that button sits behind the collapsed menu.
        await Expect(page).Not.ToHaveURLAsync(SignInPage);
        return page;
    }

    protected static async Task ShotAsync(IPage page, string name) =>
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(BrowserTests.Screenshots, name + ".png"), FullPage = true });

    protected static ILocatorAssertions Expect(ILocator locator) => Assertions.Expect(locator);

    protected static IPageAssertions Expect(IPage page) => Assertions.Expect(page);
}
