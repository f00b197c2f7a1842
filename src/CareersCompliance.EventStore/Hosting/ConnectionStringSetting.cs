using System.Data.Common;
using Npgsql;

namespace CareersCompliance.EventStore.Hosting;

/// <summary>
/// Checks a connection-string setting before anything connects with it, so that a typo is reported as one line naming
/// the setting and what to fix instead of an exception from deep inside Npgsql.
/// </summary>
public static class ConnectionStringSetting
{
    /// <summary>An example of a well-formed setting, shown with every problem.</summary>
    public const string Example = "Host=127.0.0.1;Port=5432;Database=careers;Username=careers";

    /// <summary>Throws <see cref="ConnectionStringException"/> when <paramref name="connectionString"/> cannot be used.</summary>
    /// <param name="connectionString">The value of the setting.</param>
    /// <param name="setting">Where the value came from, as the user sets it (CAREERS_DB, --connection-string ...).</param>
    /// <returns>The connection string, unchanged.</returns>
    /// <exception cref="ConnectionStringException">When the value is malformed, names an unknown keyword or no host.</exception>
    public static string Check(string connectionString, string setting)
    {
        ArgumentNullException.ThrowIfNull(connectionString);
        return Problem(connectionString) is { } problem
            ? throw new ConnectionStringException($"{setting} is not a usable Npgsql connection string: {problem}. Write it like {Example}.")
            : connectionString;
    }

    /// <summary>What is wrong with a connection string, in words; null when Npgsql can use it. Never repeats the value (it may hold a password).</summary>
    /// <param name="connectionString">The value to check.</param>
    /// <returns>The problem, or null.</returns>
    public static string? Problem(string connectionString)
    {
        var pairs = new DbConnectionStringBuilder();
        try
        {
            pairs.ConnectionString = connectionString;
        }
        catch (ArgumentException)
        {
            return "it is not a list of KEY=VALUE pairs separated by ';'";
        }

        var npgsql = new NpgsqlConnectionStringBuilder();
        foreach (string key in pairs.Keys)
        {
            if (!npgsql.ContainsKey(key))
            {
                return $"'{key}' is not a keyword Npgsql knows";
            }

            try
            {
                npgsql[key] = pairs[key];
            }
            catch (Exception e) when (e is ArgumentException or FormatException or OverflowException or InvalidCastException)
            {
                return $"the value of '{key}' is not valid ({(e.InnerException ?? e).Message})";
            }
        }

        return string.IsNullOrWhiteSpace(npgsql.Host) ? "it names no Host (the database server)" : null;
    }
}

/// <summary>A connection-string setting that cannot be used; its message names the setting and what to fix.</summary>
public sealed class ConnectionStringException : InvalidOperationException
{
    /// <summary>Creates the exception.</summary>
    public ConnectionStringException()
    {
    }

    /// <summary>Creates the exception.</summary>
    /// <param name="message">What is wrong and what to fix.</param>
    public ConnectionStringException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception.</summary>
    /// <param name="message">What is wrong and what to fix.</param>
    /// <param name="innerException">The cause.</param>
    public ConnectionStringException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
