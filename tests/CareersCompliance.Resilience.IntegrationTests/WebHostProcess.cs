using System.Diagnostics;
using System.Net;
using System.Text;

namespace CareersCompliance.Resilience.IntegrationTests;

/// <summary>The built web host (pages, API, sealer, projection daemon, alerts worker) as a child process on a free loopback port.</summary>
internal sealed class WebHostProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _log = new();

    private WebHostProcess(Process process, Uri address)
    {
        _process = process;
        Address = address;
        process.OutputDataReceived += (_, e) => Append(e.Data);
        process.ErrorDataReceived += (_, e) => Append(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
    }

    public Uri Address { get; }

    public bool HasExited => _process.HasExited;

    /// <summary>What the host logged so far (for failure messages).</summary>
    public string Log
    {
        get
        {
            lock (_log)
            {
                return _log.ToString();
            }
        }
    }

    /// <summary>Starts the host against <paramref name="connectionString"/> and waits until /health/ready answers 200.</summary>
    public static async Task<WebHostProcess> StartAsync(string connectionString, IReadOnlyDictionary<string, string> environment, CancellationToken ct)
    {
        var address = new Uri($"http://127.0.0.1:{LoopbackPort.Free()}");
        var info = CareersCli.Info("dotnet", [CareersCli.Built("CareersCompliance.Web", "careers-web.dll")]);
        // Why: the content root holds wwwroot (GOV.UK Frontend), as when the host runs from its project.
        info.WorkingDirectory = Path.Combine(CareersCli.RepoRoot, "src", "CareersCompliance.Web");
        info.Environment["CAREERS_DB"] = connectionString;
        info.Environment["ASPNETCORE_URLS"] = address.ToString();
        foreach (var (name, value) in environment)
        {
            info.Environment[name] = value;
        }

        var host = new WebHostProcess(Process.Start(info) ?? throw new InvalidOperationException("dotnet did not start"), address);
        using var http = new HttpClient { BaseAddress = address, Timeout = TimeSpan.FromSeconds(5) };
        var waited = Stopwatch.StartNew();
        while (true)
        {
            if (host.HasExited)
            {
                throw new InvalidOperationException($"The web host exited at start:\n{host.Log}");
            }

            try
            {
                using var ready = await http.GetAsync(new Uri("/health/ready", UriKind.Relative), ct);
                if (ready.StatusCode == HttpStatusCode.OK)
                {
                    return host;
                }
            }
            catch (HttpRequestException)
            {
                // Not listening yet.
            }

            if (waited.Elapsed > TimeSpan.FromSeconds(60))
            {
                await host.DisposeAsync();
                throw new TimeoutException($"The web host was not ready within a minute:\n{host.Log}");
            }

            await Task.Delay(200, ct);
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync(CancellationToken.None);
        }

        _process.Dispose();
    }

    private void Append(string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (_log)
        {
            _log.AppendLine(line);
        }
    }
}
