using System.Text.Json;
using System.Text.Json.Serialization;

namespace CareersCompliance.EventStore.Serialization;

/// <summary>The one <see cref="JsonSerializerOptions"/> the store uses for event data and metadata.</summary>
public static class EventJson
{
    /// <summary>camelCase, enums as strings, NodaTime converters; read-only once built.</summary>
    public static JsonSerializerOptions Options { get; } = Create();

    private static JsonSerializerOptions Create()
    {
        var options = new JsonSerializerOptions(JsonSerializerDefaults.Web)
        {
            PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
            DefaultIgnoreCondition = JsonIgnoreCondition.Never,
        };
        options.Converters.Add(new JsonStringEnumConverter(JsonNamingPolicy.CamelCase));
        options.Converters.Add(new InstantJsonConverter());
        options.Converters.Add(new LocalDateJsonConverter());
        options.Converters.Add(new LocalTimeJsonConverter());
        options.MakeReadOnly(populateMissingResolver: true);
        return options;
    }
}
