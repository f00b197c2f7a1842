using System.CommandLine;
using System.Text.Json;
using CareersCompliance.EventStore;
using CareersCompliance.EventStore.Hosting;
using Npgsql;

namespace CareersCompliance.Cli.Commands;

/// <summary>What every verb shares: the connection, data sources, exit codes and error reporting.</summary>
public static class CliHost
{
    public const int Ok = 0;
    public const int Failed = 1;
    public const int VerificationFailed = 2;

    public static Option<string?> ConnectionStringOption { get; } = new("--connection-string")
    {
        Description = "Npgsql connection string of the owner role (default: env CAREERS_DB, else the project's private cluster).",
        Recursive = true,
    };

    public static JsonSerializerOptions Json { get; } = new(JsonSerializerDefaults.Web) { WriteIndented = true };

    /// <summary>The one line a failed verb prints: the plain explanation of a database fault when there is one, then the server's words.</summary>
    public static string ErrorLine(Exception exception)
    {
        ArgumentNullException.ThrowIfNull(exception);
        if (DatabaseFaults.IsConnectionLost(exception))
        {
            return $"error: the database server cannot be reached ({exception.Message}). Start it ('ops/postgres/start.sh' starts the project's " +
                $"private cluster), or point {DatabaseLocator.ApplicationVariable} or {ConnectionStringOption.Name} at a running server, then try again.";
        }

        return DatabaseFaults.Describe(exception) is { } plain ? $"error: {plain} ({exception.Message})" : $"error: {exception.Message}";
    }

    /// <summary>--connection-string, else CAREERS_DB, else the private cluster; a malformed setting is refused naming it.</summary>
    public static Task<string> ConnectionStringAsync(ParseResult parse, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(parse);
        return DatabaseLocator.ResolveAsync(parse.GetValue(ConnectionStringOption), ConnectionStringOption.Name, ct);
    }

    /// <summary>Runs a verb body with resolved data sources; database and usage errors become a message and exit code 1.</summary>
    public static async Task<int> RunAsync(ParseResult parse, Func<CliServices, Task<int>> body, CancellationToken ct)
    {
        try
        {
            var connectionString = await ConnectionStringAsync(parse, ct);
            await using var owner = EventStoreDataSources.CreateOwner(connectionString);
            await using var app = EventStoreDataSources.CreateApplication(connectionString);
            return await body(new CliServices(connectionString, owner, app, parse.InvocationConfiguration.Output, parse.InvocationConfiguration.Error));
        }
        catch (Exception e) when (e is NpgsqlException or InvalidOperationException or EventStoreException or IOException or TimeoutException)
        {
            await parse.InvocationConfiguration.Error.WriteLineAsync(ErrorLine(e));
            return Failed;
        }
    }
}

/// <summary>The resolved services a verb works with.</summary>
public sealed record CliServices(string ConnectionString, NpgsqlDataSource Owner, NpgsqlDataSource App, TextWriter Out, TextWriter Error);
