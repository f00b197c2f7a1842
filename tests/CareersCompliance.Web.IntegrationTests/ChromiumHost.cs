using System.Net;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;

namespace CareersCompliance.Web.IntegrationTests;

/// <summary>
/// The in-process web host on 127.0.0.1 (its services reachable, unlike <see cref="ServedHost"/>'s) with Debian's Chromium to
/// drive it. A class fixture: one host and one browser for all of a class's tests, each test in browser contexts of its own.
/// </summary>
public sealed class InProcessHost(DemoDatabase db) : IAsyncLifetime
{
    private CareersWebFactory _factory = null!;
    private IPlaywright _playwright = null!;

    public IBrowser Browser { get; private set; } = null!;

    public string BaseUrl { get; private set; } = "";

    public IServiceProvider Services => _factory.Services;

    public async ValueTask InitializeAsync()
    {
        _factory = new CareersWebFactory(db);
        _factory.UseKestrel(options => options.Listen(IPAddress.Loopback, 0));
        _factory.StartServer();
        BaseUrl = _factory.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        (_playwright, Browser) = await Chromium.LaunchAsync();
        Directory.CreateDirectory(BrowserTests.Screenshots);
    }

    public async ValueTask DisposeAsync()
    {
        await Browser.DisposeAsync();
        _playwright.Dispose();
        await _factory.DisposeAsync();
    }
}

/// <summary>
/// A test class that drives <see cref="InProcessHost"/> in Chromium: signs a demo account in through the login form at a
/// chosen viewport width, and collects what goes wrong on its pages (<see cref="PageProblems"/>) test by test.
/// </summary>
public abstract class ChromiumHost(DemoDatabase db, InProcessHost host) : IClassFixture<InProcessHost>, IAsyncDisposable
{
    private readonly List<IPage> _pages = [];

    protected static CancellationToken Ct => TestContext.Current.CancellationToken;

    protected DemoDatabase Db { get; } = db;

    protected string BaseUrl => host.BaseUrl;

    protected IServiceProvider Services => host.Services;

    /// <summary>Script errors, blocked styles or scripts and failed assets seen by any page of this test.</summary>
    protected IList<string> Problems { get; } = [];

    protected async Task<IPage> SignInAsync(string username, int width = 1280)
    {
        var page = await Chromium.SignedInPageAsync(host.Browser, BaseUrl, username, Db.Passwords[username], width, Problems);
        _pages.Add(page);
        return page;
    }

    // Why: the browser outlives the test; its contexts (cookies, pages) must not.
    public async ValueTask DisposeAsync()
    {
        foreach (var page in _pages)
        {
            await page.Context.CloseAsync();
        }

        GC.SuppressFinalize(this);
    }

    protected static async Task ShotAsync(IPage page, string name) =>
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(BrowserTests.Screenshots, name + ".png"), FullPage = true });

    protected static ILocatorAssertions Expect(ILocator locator) => Assertions.Expect(locator);

    protected static IPageAssertions Expect(IPage page) => Assertions.Expect(page);
}
