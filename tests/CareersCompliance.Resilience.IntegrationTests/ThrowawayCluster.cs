using System.Diagnostics;

namespace CareersCompliance.Resilience.IntegrationTests;

/// <summary>
/// A PostgreSQL cluster of its own, initialised in a temporary folder on a free loopback port by the project's own
/// ops/postgres scripts (as the 'postgres' user when the tests run as root), so a test may stop and restart it without
/// touching the cluster every other test uses. Disposing stops it and deletes the folder.
/// </summary>
internal sealed class ThrowawayCluster : IAsyncDisposable
{
    private readonly string _folder;

    private ThrowawayCluster(string folder, string connectionString)
    {
        _folder = folder;
        ConnectionString = connectionString;
    }

    /// <summary>The owner's connection string to its 'careers' database.</summary>
    public string ConnectionString { get; }

    public static async Task<ThrowawayCluster> StartAsync(CancellationToken ct)
    {
        var folder = Directory.CreateTempSubdirectory("careers-pg-").FullName;
        // Why: the server runs as 'postgres' when we are root and must be able to enter the folder.
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(folder, (UnixFileMode)Convert.ToInt32("755", 8));
        }

        try
        {
            var output = await RunAsync(folder, "start.sh", ct, "--connection-string", "careers");
            return new ThrowawayCluster(folder, output.Trim().Split('\n')[^1]);
        }
        catch
        {
            await RunAsync(folder, "stop.sh", CancellationToken.None);
            Directory.Delete(folder, recursive: true);
            throw;
        }
    }

    /// <summary>A fast shutdown: open sessions are ended (SQLSTATE 57P01), new connections refused.</summary>
    public Task StopAsync(CancellationToken ct) => RunAsync(_folder, "stop.sh", ct);

    /// <summary>Starts it again on the same port.</summary>
    public Task StartAgainAsync(CancellationToken ct) => RunAsync(_folder, "start.sh", ct);

    public async ValueTask DisposeAsync()
    {
        await RunAsync(_folder, "stop.sh", CancellationToken.None);
        Directory.Delete(_folder, recursive: true);
    }

    private static async Task<string> RunAsync(string folder, string script, CancellationToken ct, params string[] args)
    {
        var info = new ProcessStartInfo("bash") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        info.ArgumentList.Add(Path.Combine(CareersCli.RepoRoot, "ops", "postgres", script));
        foreach (var a in args)
        {
            info.ArgumentList.Add(a);
        }

        info.Environment["CAREERS_PG_DIR"] = folder;
        using var process = Process.Start(info) ?? throw new InvalidOperationException("bash did not start");
        var output = process.StandardOutput.ReadToEndAsync(ct);
        var error = process.StandardError.ReadToEndAsync(ct);
        using var limit = CancellationTokenSource.CreateLinkedTokenSource(ct);
        limit.CancelAfter(TimeSpan.FromMinutes(2));
        await process.WaitForExitAsync(limit.Token);
        return process.ExitCode == 0
            ? await output
            : throw new InvalidOperationException($"ops/postgres/{script} failed ({process.ExitCode}): {await error}");
    }
}
