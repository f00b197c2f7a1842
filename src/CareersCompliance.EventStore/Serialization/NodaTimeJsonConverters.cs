using System.Text.Json;
using System.Text.Json.Serialization;
using NodaTime;
using NodaTime.Text;

namespace CareersCompliance.EventStore.Serialization;

/// <summary>Writes <see cref="Instant"/> as extended ISO (UTC, <c>Z</c>); reads both <c>Z</c> and numeric offsets.</summary>
public sealed class InstantJsonConverter : JsonConverter<Instant>
{
    private static readonly OffsetDateTimePattern OffsetPattern = OffsetDateTimePattern.ExtendedIso;

    /// <inheritdoc />
    public override Instant Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        var text = reader.GetString() ?? throw new JsonException("An instant cannot be null.");
        var parsed = InstantPattern.ExtendedIso.Parse(text);
        if (parsed.Success)
        {
            return parsed.Value;
        }

        // Why: JSON produced inside PostgreSQL writes +00:00 offsets rather than Z.
        var withOffset = OffsetPattern.Parse(text);
        return withOffset.Success ? withOffset.Value.ToInstant() : throw new JsonException($"'{text}' is not an ISO instant.");
    }

    /// <inheritdoc />
    public override void Write(Utf8JsonWriter writer, Instant value, JsonSerializerOptions options)
    {
        ArgumentNullException.ThrowIfNull(writer);
        writer.WriteStringValue(InstantPattern.ExtendedIso.Format(value));
    }
}

/// <summary>Writes <see cref="LocalDate"/> as ISO <c>yyyy-MM-dd</c>.</summary>
public sealed class LocalDateJsonConverter : JsonConverter<LocalDate>
{
    /// <inheritdoc />
    public override LocalDate Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        var text = reader.GetString() ?? throw new JsonException("A date cannot be null.");
        var parsed = LocalDatePattern.Iso.Parse(text);
        return parsed.Success ? parsed.Value : throw new JsonException($"'{text}' is not an ISO date.");
    }

    /// <inheritdoc />
    public override void Write(Utf8JsonWriter writer, LocalDate value, JsonSerializerOptions options)
    {
        ArgumentNullException.ThrowIfNull(writer);
        writer.WriteStringValue(LocalDatePattern.Iso.Format(value));
    }
}

/// <summary>Writes <see cref="LocalTime"/> as ISO <c>HH:mm:ss.FFFFFFFFF</c>.</summary>
public sealed class LocalTimeJsonConverter : JsonConverter<LocalTime>
{
    /// <inheritdoc />
    public override LocalTime Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        var text = reader.GetString() ?? throw new JsonException("A time cannot be null.");
        var parsed = LocalTimePattern.ExtendedIso.Parse(text);
        return parsed.Success ? parsed.Value : throw new JsonException($"'{text}' is not an ISO time.");
    }

    /// <inheritdoc />
    public override void Write(Utf8JsonWriter writer, LocalTime value, JsonSerializerOptions options)
    {
        ArgumentNullException.ThrowIfNull(writer);
        writer.WriteStringValue(LocalTimePattern.ExtendedIso.Format(value));
    }
}
