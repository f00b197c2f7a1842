using JasperFx;
using JasperFx.Events;
using System.Text.Json;
using Marten;
using Npgsql;
using Weasel.Core;

namespace CareersCompliance.EventStore.Hosting;

/// <summary>
/// Marten over the ledger's event tables (migration 0090 holds the schema Marten generates for exactly this
/// configuration): events in schema <c>es</c>, Guid stream ids, quick appends, our metadata in the headers, our stored
/// names as Marten's event type names and our JSON options, so both read the same rows the same way.
/// </summary>
public static class MartenEventStoreConfiguration
{
    /// <summary>The schema holding Marten's event tables and our ledger.</summary>
    public const string Schema = "es";

    /// <summary>Applies the configuration.</summary>
    /// <param name="options">Marten's options.</param>
    /// <param name="dataSource">The database (the application role's or the owner's data source).</param>
    /// <param name="registry">Our stored names and JSON options.</param>
    public static void Apply(StoreOptions options, NpgsqlDataSource dataSource, EventTypeRegistry registry)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(registry);
        options.Connection(dataSource);
        options.DatabaseSchemaName = Schema;
        options.Events.DatabaseSchemaName = Schema;
        options.Events.StreamIdentity = StreamIdentity.AsGuid;
        options.Events.AppendMode = EventAppendMode.Quick;
        options.Events.MetadataConfig.HeadersEnabled = true;
        options.Events.MetadataConfig.CorrelationIdEnabled = true;
        options.Events.MetadataConfig.CausationIdEnabled = true;
        foreach (var (type, name) in registry.StoredNames)
        {
            options.Events.MapEventType(type, name);
        }

        // Why our options as the base: Marten then writes exactly the JSON our own writer did (the ledger hashes it).
        // Marten's casing setting replaces the naming policies, so ours are put back last.
        options.UseSystemTextJsonForSerialization(new JsonSerializerOptions(registry.JsonOptions), EnumStorage.AsString, Casing.Default, json =>
        {
            json.PropertyNamingPolicy = registry.JsonOptions.PropertyNamingPolicy;
            json.DictionaryKeyPolicy = registry.JsonOptions.DictionaryKeyPolicy;
        });
        // Why no retries: Marten's sessions run inside our transaction, which a failed statement has already aborted; the
        // callers decide what a database fault means (503 with Retry-After, a retried import) as they did before.
        options.ConfigurePolly(_ => { });
        options.ConfigureWritePolly(_ => { });
        // Why None: the schema is applied by our migrations (reviewed SQL, design 7.1); Marten never alters it.
        options.AutoCreateSchemaObjects = AutoCreate.None;
    }
}
