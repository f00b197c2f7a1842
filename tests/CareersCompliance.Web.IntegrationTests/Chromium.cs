using Microsoft.Playwright;

namespace CareersCompliance.Web.IntegrationTests;

/// <summary>
/// Debian's Chromium for the browser tests, and the one way they sign a demo account in through the login form.
/// Fails, never skips, when Chromium is missing: run ops/browser/install.sh.
/// </summary>
internal static class Chromium
{
    public const string ExecutablePath = "/usr/bin/chromium";

    public static async Task<(IPlaywright Playwright, IBrowser Browser)> LaunchAsync()
    {
        File.Exists(ExecutablePath).Should().BeTrue($"the browser tests drive Debian's Chromium at {ExecutablePath}; run ops/browser/install.sh");
        var playwright = await Playwright.CreateAsync();
        var browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = ExecutablePath,
            Headless = true,
            Args = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"],
        });
        return (playwright, browser);
    }

    /// <summary>
    /// A new page in a context of its own at <paramref name="width"/>, signed in as <paramref name="username"/>; whatever goes
    /// wrong on it from the first request on is added to <paramref name="problems"/> (<see cref="PageProblems"/>).
    /// </summary>
    public static async Task<IPage> SignedInPageAsync(IBrowser browser, string baseUrl, string username, string password, int width,
        IList<string> problems)
    {
        var context = await browser.NewContextAsync(new BrowserNewContextOptions { ViewportSize = new ViewportSize { Width = width, Height = 900 } });
        var page = await context.NewPageAsync();
        PageProblems.Collect(page, problems);
        await page.GotoAsync($"{baseUrl}/");
        await page.GetByLabel("Username").FillAsync(username);
        await page.Locator("#password").FillAsync(password);
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();
        // Attached, not visible: at phone widths the navigation (with Sign out) folds behind the Menu button.
        await Assertions.Expect(page.Locator("button.careers-link-button", new() { HasText = $"Sign out {username}" })).ToBeAttachedAsync();
        return page;
    }
}

/// <summary>
/// What a person would see go wrong on a page while the test clicks through it: a script error, a style or script the
/// content security policy blocks, a stylesheet, script, font or image that fails to arrive.
/// </summary>
internal static class PageProblems
{
    // Why only these kinds: a refused page (403) or a download is expected; a missing asset leaves the page broken.
    private static readonly HashSet<string> Assets = new(StringComparer.Ordinal) { "stylesheet", "script", "font", "image" };

    public static void Collect(IPage page, IList<string> problems)
    {
        page.Console += (_, message) =>
        {
            if (string.Equals(message.Type, "error", StringComparison.Ordinal)
                && (message.Text.Contains("Content Security Policy", StringComparison.Ordinal) || message.Text.Contains("Uncaught", StringComparison.Ordinal)))
            {
                Add(problems, message.Text);
            }
        };
        page.PageError += (_, error) => Add(problems, $"Uncaught error on {page.Url}: {error}");
        page.RequestFailed += (_, request) =>
        {
            if (Assets.Contains(request.ResourceType))
            {
                Add(problems, $"{request.ResourceType} {request.Url} failed: {request.Failure}");
            }
        };
        page.Response += (_, response) =>
        {
            if (response.Status >= 400 && Assets.Contains(response.Request.ResourceType))
            {
                Add(problems, $"{response.Request.ResourceType} {response.Url} answered {response.Status}");
            }
        };
    }

    // Why the lock: Playwright raises page events on its own thread while the test reads the list.
    private static void Add(IList<string> problems, string problem)
    {
        lock (problems)
        {
            problems.Add(problem);
        }
    }
}
