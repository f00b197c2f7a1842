using System.Text.Json;
using System.Text.Json.Nodes;
using CareersCompliance.EventStore.Serialization;

namespace CareersCompliance.EventStore;

/// <summary>
/// The explicit map between CLR event records and stored type names, plus upcasters for older stored shapes.
/// Stored names never derive from CLR names, so renaming a type never changes what is stored.
/// </summary>
public sealed class EventTypeRegistry
{
    private readonly Dictionary<Type, (string Name, short SchemaVersion)> _byType = [];
    private readonly Dictionary<string, (Type Type, short SchemaVersion)> _byName = new(StringComparer.Ordinal);
    private readonly Dictionary<(string Name, short SchemaVersion), Func<JsonNode, (string Name, short SchemaVersion, JsonNode Data)>> _nodeUpcasters = [];
    private readonly Dictionary<(string Name, short SchemaVersion), Func<string, object>> _recordUpcasters = [];

    /// <summary>Creates a registry that serialises with the store's default <see cref="EventJson.Options"/>.</summary>
    public EventTypeRegistry()
        : this(EventJson.Options)
    {
    }

    /// <summary>Creates a registry that serialises event data and metadata with the given options
    /// (see <see cref="EventJson.Create"/> to add converters for the caller's value types).</summary>
    /// <param name="jsonOptions">The options for writing and reading stored JSON.</param>
    public EventTypeRegistry(JsonSerializerOptions jsonOptions)
    {
        ArgumentNullException.ThrowIfNull(jsonOptions);
        JsonOptions = jsonOptions;
    }

    /// <summary>The options every event payload and envelope is written and read with.</summary>
    public JsonSerializerOptions JsonOptions { get; }

    /// <summary>Maps <typeparamref name="T"/> to a stored name; events of this type are written with that name.</summary>
    /// <typeparam name="T">The event record type.</typeparam>
    /// <param name="storedName">The stable snake_case stored name.</param>
    /// <param name="schemaVersion">The current schema version written for this type (default 1).</param>
    /// <returns>This registry, for chaining.</returns>
    /// <exception cref="InvalidOperationException">When the type or the name is mapped twice.</exception>
    public EventTypeRegistry Map<T>(string storedName, short schemaVersion = 1)
        where T : class => Map(typeof(T), storedName, schemaVersion);

    /// <summary>Maps <paramref name="eventType"/> to a stored name (for registries kept as a list of pairs).</summary>
    /// <param name="eventType">The event record type.</param>
    /// <param name="storedName">The stable snake_case stored name.</param>
    /// <param name="schemaVersion">The current schema version written for this type (default 1).</param>
    /// <returns>This registry, for chaining.</returns>
    /// <exception cref="InvalidOperationException">When the type or the name is mapped twice.</exception>
    public EventTypeRegistry Map(Type eventType, string storedName, short schemaVersion = 1)
    {
        ArgumentNullException.ThrowIfNull(eventType);
        if (!_byType.TryAdd(eventType, (storedName, schemaVersion)))
        {
            throw new InvalidOperationException($"{eventType.Name} is already mapped.");
        }

        if (!_byName.TryAdd(storedName, (eventType, schemaVersion)))
        {
            throw new InvalidOperationException($"The stored name '{storedName}' is already mapped.");
        }

        return this;
    }

    /// <summary>Registers a JSON upcaster for events stored as (<paramref name="oldStoredName"/>, <paramref name="schemaVersion"/>).</summary>
    /// <param name="oldStoredName">The stored name of the old shape.</param>
    /// <param name="schemaVersion">The stored schema version of the old shape.</param>
    /// <param name="newStoredName">The stored name the transform produces (may equal the old name).</param>
    /// <param name="newSchemaVersion">The schema version the transform produces.</param>
    /// <param name="transform">A pure transform of the stored JSON; it may mutate and return its argument.</param>
    /// <returns>This registry, for chaining.</returns>
    public EventTypeRegistry Upcast(string oldStoredName, short schemaVersion, string newStoredName, short newSchemaVersion,
        Func<JsonNode, JsonNode> transform)
    {
        ArgumentNullException.ThrowIfNull(transform);
        _nodeUpcasters.Add((oldStoredName, schemaVersion), node => (newStoredName, newSchemaVersion, transform(node)));
        return this;
    }

    /// <summary>Registers a record upcaster: stored (<paramref name="oldStoredName"/>, <paramref name="schemaVersion"/>) is read as
    /// <typeparamref name="TOld"/> and converted to the current record <typeparamref name="TNew"/>.</summary>
    /// <typeparam name="TOld">The legacy record type (not mapped for writing).</typeparam>
    /// <typeparam name="TNew">The current, mapped record type.</typeparam>
    /// <param name="oldStoredName">The legacy stored name.</param>
    /// <param name="schemaVersion">The legacy schema version.</param>
    /// <param name="convert">A pure conversion.</param>
    /// <returns>This registry, for chaining.</returns>
    public EventTypeRegistry Upcast<TOld, TNew>(string oldStoredName, short schemaVersion, Func<TOld, TNew> convert)
        where TOld : class
        where TNew : class
    {
        ArgumentNullException.ThrowIfNull(convert);
        _recordUpcasters.Add((oldStoredName, schemaVersion), json =>
        {
            var old = JsonSerializer.Deserialize<TOld>(json, JsonOptions)
                ?? throw new JsonException($"Stored '{oldStoredName}' data is null.");
            return convert(old);
        });
        return this;
    }

    /// <summary>Every mapped record type with its stored name (for configuring another reader of the same events, such as Marten).</summary>
    public IEnumerable<KeyValuePair<Type, string>> StoredNames => _byType.Select(p => KeyValuePair.Create(p.Key, p.Value.Name));

    /// <summary>The stored name and schema version for an event record.</summary>
    /// <param name="eventType">The CLR type of the event.</param>
    /// <returns>The stored name and schema version.</returns>
    /// <exception cref="InvalidOperationException">When the type is not mapped.</exception>
    public (string Name, short SchemaVersion) StoredNameOf(Type eventType)
    {
        ArgumentNullException.ThrowIfNull(eventType);
        return _byType.TryGetValue(eventType, out var mapped)
            ? mapped
            : throw new InvalidOperationException($"{eventType.FullName} is not mapped in the EventTypeRegistry.");
    }

    /// <summary>True when the stored name can be read into a current record (directly or by upcasting).</summary>
    /// <param name="storedName">The stored name.</param>
    /// <returns>Whether it is known.</returns>
    public bool IsKnown(string storedName) =>
        _byName.ContainsKey(storedName) || _nodeUpcasters.Keys.Any(k => string.Equals(k.Name, storedName, StringComparison.Ordinal)) ||
        _recordUpcasters.Keys.Any(k => string.Equals(k.Name, storedName, StringComparison.Ordinal));

    /// <summary>Reads stored JSON into the current record, applying upcasters; returns the current stored name.</summary>
    /// <param name="storedName">The stored name.</param>
    /// <param name="schemaVersion">The stored schema version.</param>
    /// <param name="json">The stored JSON text.</param>
    /// <returns>The current stored name and the record.</returns>
    /// <exception cref="InvalidOperationException">When no mapping or upcaster handles the stored shape.</exception>
    public (string Name, object Data) Deserialize(string storedName, short schemaVersion, string json)
    {
        ArgumentNullException.ThrowIfNull(json);
        var name = storedName;
        var version = schemaVersion;
        JsonNode? node = null;
        for (var hops = 0; hops < 32; hops++)
        {
            if (_recordUpcasters.TryGetValue((name, version), out var toRecord))
            {
                var record = toRecord(node?.ToJsonString(JsonOptions) ?? json);
                return (StoredNameOf(record.GetType()).Name, record);
            }

            if (_nodeUpcasters.TryGetValue((name, version), out var upcast))
            {
                node ??= JsonNode.Parse(json) ?? throw new JsonException($"Stored '{name}' data is null.");
                (name, version, node) = upcast(node);
                continue;
            }

            if (_byName.TryGetValue(name, out var mapped) && mapped.SchemaVersion == version)
            {
                var data = node is null
                    ? JsonSerializer.Deserialize(json, mapped.Type, JsonOptions)
                    : node.Deserialize(mapped.Type, JsonOptions);
                return (name, data ?? throw new JsonException($"Stored '{name}' data is null."));
            }

            break;
        }

        throw new InvalidOperationException(
            $"No mapping or upcaster for stored event type '{name}' schema version {version}.");
    }
}
