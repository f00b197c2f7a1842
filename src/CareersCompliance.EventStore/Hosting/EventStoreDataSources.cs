using Npgsql;

namespace CareersCompliance.EventStore.Hosting;

/// <summary>Builds the two data sources a process needs: the application role and the owner (migrations, operator tasks).</summary>
public static class EventStoreDataSources
{
    /// <summary>The NOLOGIN role the application acts as; it may insert events but never change them.</summary>
    public const string ApplicationRole = "careers_app";

    /// <summary>Builds a data source whose sessions act as <see cref="ApplicationRole"/> (via the startup option <c>role</c>).</summary>
    /// <param name="ownerConnectionString">The connection string of a login that is a member of the role (or superuser).</param>
    /// <returns>A data source; one per process.</returns>
    public static NpgsqlDataSource CreateApplication(string ownerConnectionString)
    {
        var builder = new NpgsqlConnectionStringBuilder(ownerConnectionString);
        // Why: every physical connection then runs as careers_app, so the insert-only grants hold for all app code.
        // Why UTC: Marten stamps events with the UTC wall clock (now() at time zone 'utc'), read back in the session's zone.
        var role = $"-c role={ApplicationRole} -c TimeZone=UTC";
        builder.Options = string.IsNullOrEmpty(builder.Options) ? role : builder.Options + " " + role;
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
