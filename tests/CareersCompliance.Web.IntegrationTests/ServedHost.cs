using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;
using Microsoft.Playwright;

namespace CareersCompliance.Web.IntegrationTests;

/// <summary>
/// The web host as <c>ops/demo</c> serves it: the same script (<c>ops/web/serve</c>), so the same Release build output,
/// content root and Production environment, in its own process on a free loopback port, over the test database; and
/// Debian's Chromium to look at it. A class fixture: one host per test class.
/// </summary>
public sealed class ServedHost(DemoDatabase db) : IAsyncLifetime
{
    private readonly StringBuilder _output = new();
    private Process? _process;
    private IPlaywright? _playwright;

    public string BaseUrl { get; private set; } = "";

    public IBrowser Browser { get; private set; } = null!;

    /// <summary>What the host wrote, for failure messages.</summary>
    public string Output
    {
        get
        {
            lock (_output)
            {
                return _output.ToString();
            }
        }
    }

    public async ValueTask InitializeAsync()
    {
        var root = RepositoryRoot();
        BaseUrl = $"http://127.0.0.1:{FreePort()}";
        var start = new ProcessStartInfo(Path.Combine(root, "ops", "web", "serve"), [BaseUrl])
        {
            WorkingDirectory = root,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        // Why: ops/demo sets no environment, so the host runs as Production; nothing from the test runner may change that.
        start.Environment.Remove("ASPNETCORE_ENVIRONMENT");
        start.Environment.Remove("DOTNET_ENVIRONMENT");
        start.Environment["CAREERS_DB"] = db.ConnectionString;
        _process = Process.Start(start)!;
        _process.OutputDataReceived += (_, e) => Keep(e.Data);
        _process.ErrorDataReceived += (_, e) => Keep(e.Data);
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
        await WaitUntilLiveAsync();

        (_playwright, Browser) = await Chromium.LaunchAsync();
    }

    public async ValueTask DisposeAsync()
    {
        if (Browser is not null)
        {
            await Browser.DisposeAsync();
        }

        _playwright?.Dispose();
        if (_process is { HasExited: false })
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }

        _process?.Dispose();
    }

    /// <summary>
    /// A new page at the given width, signed in as <paramref name="username"/>; script errors, blocked styles and scripts and
    /// assets that fail to arrive go to <paramref name="problems"/> when given.
    /// </summary>
    public Task<IPage> SignedInPageAsync(string username, int width = 1280, IList<string>? problems = null) =>
        Chromium.SignedInPageAsync(Browser, BaseUrl, username, db.Passwords[username], width, problems ?? []);

    private async Task WaitUntilLiveAsync()
    {
        using var client = new HttpClient { Timeout = TimeSpan.FromSeconds(5) };
        var waited = Stopwatch.StartNew();
        while (waited.Elapsed < TimeSpan.FromMinutes(2))
        {
            _process!.HasExited.Should().BeFalse($"ops/web/serve keeps running; it wrote:\n{Output}");
            try
            {
                if ((await client.GetAsync($"{BaseUrl}/health/live")).StatusCode == HttpStatusCode.OK)
                {
                    return;
                }
            }
            catch (HttpRequestException)
            {
                // Not listening yet.
            }
            catch (TaskCanceledException)
            {
                // Still starting.
            }

            await Task.Delay(250);
        }

        throw new TimeoutException($"The host from ops/web/serve did not answer /health/live within two minutes; it wrote:\n{Output}");
    }

    private void Keep(string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (_output)
        {
            _output.AppendLine(line);
        }
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private static string RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "CareersCompliance.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException($"No CareersCompliance.sln above {AppContext.BaseDirectory}");
    }
}
