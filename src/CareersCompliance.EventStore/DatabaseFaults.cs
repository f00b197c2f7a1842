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

    // Why these classes: 08 connection exceptions, 53 insufficient resources (disk full, out of memory, too many
    // connections), 57P0x the server shutting down, crashing or starting up, 58 I/O errors, and the two
    // serialisation failures a retry resolves.
    private static bool IsTransientState(string state) =>
        state.StartsWith("08", StringComparison.Ordinal) || state.StartsWith("53", StringComparison.Ordinal) || state is "57P01" or "57P02" or "57P03" or "58000" or "58030" or "40001" or "40P01";
}
