using Npgsql;

namespace CareersCompliance.EventStore.Hosting;

/// <summary>
/// Builds the data sources a process needs: the application role, the sealer's role (the only writer of the ledger) and
/// the owner (migrations, operator tasks).
/// </summary>
public static class EventStoreDataSources
{
    /// <summary>The NOLOGIN role the application acts as; it may insert events but never change them, nor write the ledger.</summary>
    public const string ApplicationRole = "careers_app";

    /// <summary>The NOLOGIN role the sealer acts as: it reads the events and writes the ledger, nothing else (migration 0100).</summary>
    public const string SealerRole = "careers_sealer";

    /// <summary>
    /// The longest a statement of the application or the sealer may run, and the longest a transaction may sit idle, before
    /// PostgreSQL ends it: a stuck page or a client that went away mid-transaction must not hold locks and the sealing
    /// horizon for ever. Both are generous for the slowest legitimate work (an import chunk's COPY, a trust report's read);
    /// an operator can set others with <c>-c statement_timeout=...</c> in the connection string's Options, which win.
    /// </summary>
    public const string SessionLimits = "-c statement_timeout=60s -c idle_in_transaction_session_timeout=120s";

    /// <summary>Builds a data source whose sessions act as <see cref="ApplicationRole"/> (via the startup option <c>role</c>).</summary>
    /// <param name="ownerConnectionString">The connection string of a login that is a member of the role (or superuser).</param>
    /// <returns>A data source; one per process.</returns>
    public static NpgsqlDataSource CreateApplication(string ownerConnectionString) => CreateActingAs(ownerConnectionString, ApplicationRole);

    /// <summary>Builds a data source whose sessions act as <see cref="SealerRole"/>: for the ledger sealer only.</summary>
    /// <param name="ownerConnectionString">The connection string of a login that is a member of the role (or superuser).</param>
    /// <returns>A data source; one per process.</returns>
    public static NpgsqlDataSource CreateSealer(string ownerConnectionString) => CreateActingAs(ownerConnectionString, SealerRole);

    private static NpgsqlDataSource CreateActingAs(string ownerConnectionString, string role)
    {
        var builder = new NpgsqlConnectionStringBuilder(ownerConnectionString);
        // Why: every physical connection then runs as the role, so its grants hold for all code on this data source.
        // Why UTC: Marten stamps events with the UTC wall clock (now() at time zone 'utc'), read back in the session's zone.
        // Why this order: a later -c of the same setting wins, so an operator's own Options override the limits, never the role.
        builder.Options = $"{SessionLimits} {builder.Options} -c role={role} -c TimeZone=UTC";
        builder.KeepAlive = builder.KeepAlive == 0 ? 30 : builder.KeepAlive;
        return new NpgsqlDataSourceBuilder(builder.ConnectionString).Build();
    }

    /// <summary>Builds a data source for the owner role: migrations, sealing checkpoints, rebuild swaps, verification.</summary>
    /// <param name="ownerConnectionString">The owner's connection string.</param>
    /// <returns>A data source.</returns>
    public static NpgsqlDataSource CreateOwner(string ownerConnectionString)
    {
        var builder = new NpgsqlConnectionStringBuilder(ownerConnectionString);
        builder.Options = string.IsNullOrEmpty(builder.Options) ? "-c TimeZone=UTC" : builder.Options + " -c TimeZone=UTC";
        return new NpgsqlDataSourceBuilder(builder.ConnectionString).Build();
    }
}
