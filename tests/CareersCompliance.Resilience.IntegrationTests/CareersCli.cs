using System.Diagnostics;
using System.Text;
using Npgsql;

namespace CareersCompliance.Resilience.IntegrationTests;

/// <summary>Runs the built <c>careers</c> CLI as a child process against one test database (CAREERS_DB), bounded in time.</summary>
internal static class CareersCli
{
    public sealed record Run(int ExitCode, string Out, string Error, TimeSpan Took);

    /// <summary>The checkout this test assembly was built in (tests/X/bin/CONFIGURATION/net10.0 below it).</summary>
    public static string RepoRoot => new DirectoryInfo(AppContext.BaseDirectory).Parent!.Parent!.Parent!.Parent!.Parent!.FullName;

    /// <summary>The CLI built in the same configuration as this test assembly; the project reference makes the build produce it.</summary>
    public static string Dll => Built("CareersCompliance.Cli", "careers.dll");

    /// <summary>A program of src/ built in the same configuration as this test assembly.</summary>
    public static string Built(string project, string dll)
    {
        var configuration = new DirectoryInfo(AppContext.BaseDirectory).Parent!.Name;
        var path = Path.Combine(RepoRoot, "src", project, "bin", configuration, "net10.0", dll);
        return File.Exists(path) ? path : throw new InvalidOperationException($"{dll} is not built at {path}; build the test project first.");
    }

    public static Process Start(string connectionString, params string[] args)
    {
        var info = Info("dotnet", [Dll, .. args]);
        info.Environment["CAREERS_DB"] = connectionString;
        return Process.Start(info) ?? throw new InvalidOperationException("dotnet did not start");
    }

    public static async Task<Run> RunAsync(string connectionString, TimeSpan limit, params string[] args)
    {
        var info = Info("dotnet", [Dll, .. args]);
        info.Environment["CAREERS_DB"] = connectionString;
        return await RunAsync(info, limit, CancellationToken.None);
    }

    /// <summary>A child process with its output captured, not started.</summary>
    public static ProcessStartInfo Info(string program, IEnumerable<string> args)
    {
        var info = new ProcessStartInfo(program)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            StandardOutputEncoding = Encoding.UTF8,
            StandardErrorEncoding = Encoding.UTF8,
        };
        foreach (var a in args)
        {
            info.ArgumentList.Add(a);
        }

        return info;
    }

    /// <summary>Runs a child process to its end, killing it (and failing) when it outlives <paramref name="limit"/>.</summary>
    public static async Task<Run> RunAsync(ProcessStartInfo info, TimeSpan limit, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(info);
        var watch = Stopwatch.StartNew();
        using var process = Process.Start(info) ?? throw new InvalidOperationException($"{info.FileName} did not start");
        var output = process.StandardOutput.ReadToEndAsync(CancellationToken.None);
        var error = process.StandardError.ReadToEndAsync(CancellationToken.None);
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
        timeout.CancelAfter(limit);
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException e)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"{info.FileName} {string.Join(' ', info.ArgumentList)} did not finish within {limit}: {await error}", e);
        }

        return new Run(process.ExitCode, await output, await error, watch.Elapsed);
    }

    /// <summary>The same database, with an application name so pg_stat_activity shows which backend is the child's.</summary>
    public static string Named(string connectionString, string applicationName) =>
        new NpgsqlConnectionStringBuilder(connectionString) { ApplicationName = applicationName }.ConnectionString;
}
