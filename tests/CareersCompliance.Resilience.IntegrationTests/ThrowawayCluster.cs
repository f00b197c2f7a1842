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

        // Why a port the system hands out rather than the scripts' first free one from 54329: while this cluster is down
        // for a restart, another test's cluster would take that port, and this one would come back elsewhere.
        await File.WriteAllTextAsync(Path.Combine(folder, "port"), LoopbackPort.Free().ToString(System.Globalization.CultureInfo.InvariantCulture), ct);
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
    public async Task StartAgainAsync(CancellationToken ct)
    {
        var port = await File.ReadAllTextAsync(Path.Combine(_folder, "port"), ct);
        await RunAsync(_folder, "start.sh", ct);
        var now = await File.ReadAllTextAsync(Path.Combine(_folder, "port"), ct);
        if (!string.Equals(port.Trim(), now.Trim(), StringComparison.Ordinal))
        {
            throw new InvalidOperationException($"Port {port.Trim()} was taken while the cluster was down; it came back on {now.Trim()}.");
        }
    }

    public async ValueTask DisposeAsync()
    {
        await RunAsync(_folder, "stop.sh", CancellationToken.None);
        Directory.Delete(_folder, recursive: true);
    }

    private static async Task<string> RunAsync(string folder, string script, CancellationToken ct, params string[] args)
    {
        var info = CareersCli.Info("bash", [Path.Combine(CareersCli.RepoRoot, "ops", "postgres", script), .. args]);
        info.Environment["CAREERS_PG_DIR"] = folder;
        var run = await CareersCli.RunAsync(info, TimeSpan.FromMinutes(2), ct);
        return run.ExitCode == 0 ? run.Out : throw new InvalidOperationException($"ops/postgres/{script} failed ({run.ExitCode}): {run.Error}");
    }
}
