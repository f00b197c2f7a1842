using System.Diagnostics;

namespace CareersCompliance.EventStore.Hosting;

/// <summary>
/// Finds the PostgreSQL connection string: an explicit string, else an environment variable, else the project's
/// private cluster (started on demand by <c>ops/postgres/start.sh</c>).
/// </summary>
public static class DatabaseLocator
{
    /// <summary>The environment variable holding the application's Npgsql connection string.</summary>
    public const string ApplicationVariable = "CAREERS_DB";

    /// <summary>The environment variable holding the test suite's Npgsql connection string.</summary>
    public const string TestVariable = "CAREERS_TEST_DB";

    /// <summary>Resolves the application's connection string (database <c>careers</c> on the private cluster).</summary>
    /// <param name="explicitConnectionString">A connection string given on the command line or in configuration.</param>
    /// <param name="ct">Cancels starting the private cluster.</param>
    /// <returns>An Npgsql connection string for the owner (migrating) user.</returns>
    public static Task<string> ResolveAsync(string? explicitConnectionString, CancellationToken ct) =>
        ResolveAsync(explicitConnectionString, "the configured connection string", ct);

    /// <summary>Resolves the application's connection string (database <c>careers</c> on the private cluster).</summary>
    /// <param name="explicitConnectionString">A connection string given on the command line or in configuration.</param>
    /// <param name="explicitSetting">How the user sets <paramref name="explicitConnectionString"/> (named when it is malformed).</param>
    /// <param name="ct">Cancels starting the private cluster.</param>
    /// <returns>An Npgsql connection string for the owner (migrating) user.</returns>
    /// <exception cref="ConnectionStringException">When the chosen setting is not a usable connection string.</exception>
    public static Task<string> ResolveAsync(string? explicitConnectionString, string explicitSetting, CancellationToken ct) =>
        ResolveAsync(explicitConnectionString, explicitSetting, ApplicationVariable, "careers", ct);

    /// <summary>Resolves a connection string: explicit, else <paramref name="environmentVariable"/>, else the private cluster.</summary>
    /// <param name="explicitConnectionString">A connection string given explicitly, or null.</param>
    /// <param name="environmentVariable">The environment variable to consult.</param>
    /// <param name="privateDatabase">The database on the private cluster to fall back to.</param>
    /// <param name="ct">Cancels starting the private cluster.</param>
    /// <returns>An Npgsql connection string.</returns>
    /// <exception cref="InvalidOperationException">When no source is available or the cluster does not start.</exception>
    public static Task<string> ResolveAsync(string? explicitConnectionString, string environmentVariable, string privateDatabase, CancellationToken ct) =>
        ResolveAsync(explicitConnectionString, "the explicit connection string", environmentVariable, privateDatabase, ct);

    private static async Task<string> ResolveAsync(string? explicitConnectionString, string explicitSetting, string environmentVariable,
        string privateDatabase, CancellationToken ct)
    {
        if (!string.IsNullOrWhiteSpace(explicitConnectionString))
        {
            return ConnectionStringSetting.Check(explicitConnectionString, explicitSetting);
        }

        var fromEnvironment = Environment.GetEnvironmentVariable(environmentVariable);
        if (!string.IsNullOrWhiteSpace(fromEnvironment))
        {
            return ConnectionStringSetting.Check(fromEnvironment, environmentVariable);
        }

        return await StartPrivateClusterAsync(privateDatabase, ct).ConfigureAwait(false);
    }

    /// <summary>The folder holding <c>CareersCompliance.sln</c>, found by walking up from the application's folder.</summary>
    /// <returns>The repository root.</returns>
    /// <exception cref="InvalidOperationException">When the program does not run from inside the repository.</exception>
    public static string FindRepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "CareersCompliance.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException(
            $"No connection string: set {ApplicationVariable} (or {TestVariable} for tests), or run from inside the " +
            $"CareersCompliance repository so its private PostgreSQL can be started (searched up from {AppContext.BaseDirectory}).");
    }

    /// <summary>Starts (if needed) the private cluster and returns the connection string of <paramref name="database"/>.</summary>
    /// <param name="database">The database name.</param>
    /// <param name="ct">Cancels the wait.</param>
    /// <returns>The connection string printed by <c>ops/postgres/start.sh</c>.</returns>
    /// <exception cref="InvalidOperationException">When the script fails.</exception>
    public static async Task<string> StartPrivateClusterAsync(string database, CancellationToken ct)
    {
        var script = Path.Combine(FindRepositoryRoot(), "ops", "postgres", "start.sh");
        var start = new ProcessStartInfo(script)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add("--connection-string");
        start.ArgumentList.Add(database);
        using var process = Process.Start(start) ?? throw new InvalidOperationException($"Could not run {script}.");
        var stdout = process.StandardOutput.ReadToEndAsync(ct);
        var stderr = process.StandardError.ReadToEndAsync(ct);
        await process.WaitForExitAsync(ct).ConfigureAwait(false);
        var output = (await stdout.ConfigureAwait(false)).Trim();
        if (process.ExitCode != 0 || output.Length == 0)
        {
            throw new InvalidOperationException(
                $"{script} failed (exit {process.ExitCode}): {(await stderr.ConfigureAwait(false)).Trim()}");
        }

        return output.Split('\n')[^1].Trim();
    }
}
