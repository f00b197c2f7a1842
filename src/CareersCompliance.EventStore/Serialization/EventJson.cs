using System.Text.Json;
using System.Text.Json.Serialization;

namespace CareersCompliance.EventStore.Serialization;

/// <summary>The <see cref="JsonSerializerOptions"/> the store uses for event data and metadata.</summary>
public static class EventJson
{
    /// <summary>camelCase, enums as strings, NodaTime converters; read-only once built.</summary>
    public static JsonSerializerOptions Options { get; } = Create();

    /// <summary>The store's options plus converters from outside (for example for the domain's value types,
    /// which the store must not know); the extra converters take precedence over the built-in ones.</summary>
    /// <param name="extraConverters">Converters or converter factories to add.</param>
    /// <returns>New read-only options.</returns>
    public static JsonSerializerOptions Create(params IEnumerable<JsonConverter> extraConverters)
    {
        ArgumentNullException.ThrowIfNull(extraConverters);
        var options = new JsonSerializerOptions(JsonSerializerDefaults.Web)
        {
            PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
            DefaultIgnoreCondition = JsonIgnoreCondition.Never,
        };
        foreach (var converter in extraConverters)
        {
            options.Converters.Add(converter);
        }

        options.Converters.Add(new JsonStringEnumConverter(JsonNamingPolicy.CamelCase));
        NodaTimeJson.AddConverters(options.Converters);
        options.MakeReadOnly(populateMissingResolver: true);
        return options;
    }
}
