using Npgsql;

namespace CareersCompliance.EventStore;

/// <summary>
/// Tells faults that pass by themselves (the server restarting or failing over, a dropped connection, no free connection
/// slot, a full disk being cleared) from faults in the request or the data, which retrying cannot mend.
/// </summary>
public static class DatabaseFaults
{
    /// <summary>True when <paramref name="exception"/>, or an exception it wraps, is a transient database fault.</summary>
    /// <param name="exception">The fault.</param>
    /// <returns>Whether retrying later can succeed.</returns>
    public static bool IsTransient(Exception exception)
    {
        for (var e = exception; e is not null; e = e.InnerException)
        {
            switch (e)
            {
                case PostgresException pg when IsTransientState(pg.SqlState):
                    return true;
                case PostgresException:
                    return false;
                case NpgsqlException { IsTransient: true }:
                    return true;
                default:
                    break;
            }
        }

        return false;
    }

    /// <summary>True when the fault means the server went away (restart, crash, network): pooled idle connections to it
    /// are dead too, so the pool is best cleared rather than each one failing a request in turn.</summary>
    /// <param name="exception">The fault.</param>
    /// <returns>Whether the connection, not the statement, failed.</returns>
    public static bool IsConnectionLost(Exception exception)
    {
        for (var e = exception; e is not null; e = e.InnerException)
        {
            switch (e)
            {
                case PostgresException pg:
                    return pg.SqlState.StartsWith("08", StringComparison.Ordinal) || pg.SqlState is "57P01" or "57P02" or "57P03";
                case NpgsqlException { IsTransient: true }:
                    return true;
                default:
                    break;
            }
        }

        return false;
    }

    /// <summary>True when the server refused a write because its disk is full (SQLSTATE 53100).</summary>
    /// <param name="exception">The fault.</param>
    /// <returns>Whether the disk is full.</returns>
    public static bool IsDiskFull(Exception exception) => string.Equals(StateOf(exception), PostgresErrorCodes.DiskFull, StringComparison.Ordinal);

    /// <summary>What an operator should read for a database fault: what happened, that nothing of the failed step was kept
    /// (every write is one transaction), and what to do; null for faults whose own message says it best.</summary>
    /// <param name="exception">The fault.</param>
    /// <returns>The explanation, or null.</returns>
    public static string? Describe(Exception exception) => StateOf(exception) switch
    {
        PostgresErrorCodes.DiskFull =>
            "the database server is out of disk space. Nothing from the failed step was saved; free space on the server (or enlarge its volume) and run it again",
        PostgresErrorCodes.OutOfMemory => "the database server ran out of memory. Nothing from the failed step was saved; run it again, and give the server more memory if it recurs",
        PostgresErrorCodes.TooManyConnections => "the database server has no free connection slots. Try again shortly, or raise its max_connections",
        PostgresErrorCodes.QueryCanceled =>
            "the database cancelled a statement that ran past its statement_timeout, and nothing from it was saved. Run it again when the database is less busy, or raise the timeout",
        _ when IsConnectionLost(exception) => "the database server cannot be reached (it may be restarting or down). Try again in a minute; running an import again is safe, it adds only what is missing",
        _ => null,
    };

    private static string? StateOf(Exception exception)
    {
        for (var e = exception; e is not null; e = e.InnerException)
        {
            if (e is PostgresException pg)
            {
                return pg.SqlState;
            }
        }

        return null;
    }

    // Why these classes: 08 connection exceptions, 53 insufficient resources (disk full, out of memory, too many
    // connections), 57P0x the server shutting down, crashing or starting up, 58 I/O errors, and the two
    // serialisation failures a retry resolves.
    private static bool IsTransientState(string state) =>
        state.StartsWith("08", StringComparison.Ordinal) || state.StartsWith("53", StringComparison.Ordinal) || state is "57P01" or "57P02" or "57P03" or "58000" or "58030" or "40001" or "40P01";
}
