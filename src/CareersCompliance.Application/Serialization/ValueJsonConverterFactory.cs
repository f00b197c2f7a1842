using System.Text.Json;
using System.Text.Json.Serialization;
using CareersCompliance.Domain.Common;

namespace CareersCompliance.Application.Serialization;

/// <summary>
/// Writes the domain's single-value types as bare JSON strings: <see cref="IStringValue{TSelf}"/> as its text
/// (an academic year as <c>"2025/26"</c>) and <see cref="IGuidValue{TSelf}"/> as a Guid string.
/// Why here: the event store must not reference the domain, so the application hands this factory to it.
/// </summary>
public sealed class ValueJsonConverterFactory : JsonConverterFactory
{
    public override bool CanConvert(Type typeToConvert) => ValueInterface(typeToConvert) is not null;

    public override JsonConverter CreateConverter(Type typeToConvert, JsonSerializerOptions options)
    {
        var kind = ValueInterface(typeToConvert) ?? throw new ArgumentException($"{typeToConvert} is not a single-value type.", nameof(typeToConvert));
        var converter = kind == typeof(IStringValue<>) ? typeof(StringValueConverter<>) : typeof(GuidValueConverter<>);
        return (JsonConverter)Activator.CreateInstance(converter.MakeGenericType(typeToConvert))!;
    }

    private static Type? ValueInterface(Type type)
    {
        if (!type.IsValueType)
        {
            return null;
        }

        foreach (var i in type.GetInterfaces())
        {
            if (i.IsGenericType && i.GenericTypeArguments[0] == type)
            {
                var definition = i.GetGenericTypeDefinition();
                if (definition == typeof(IStringValue<>) || definition == typeof(IGuidValue<>))
                {
                    return definition;
                }
            }
        }

        return null;
    }

    private sealed class StringValueConverter<T> : JsonConverter<T>
        where T : struct, IStringValue<T>
    {
        public override T Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
            T.From(reader.GetString() ?? throw new JsonException($"A {typeof(T).Name} cannot be null."));

        public override void Write(Utf8JsonWriter writer, T value, JsonSerializerOptions options) => writer.WriteStringValue(value.Value);

        public override T ReadAsPropertyName(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
            Read(ref reader, typeToConvert, options);

        public override void WriteAsPropertyName(Utf8JsonWriter writer, T value, JsonSerializerOptions options) =>
            writer.WritePropertyName(value.Value);
    }

    private sealed class GuidValueConverter<T> : JsonConverter<T>
        where T : struct, IGuidValue<T>
    {
        public override T Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) => T.From(reader.GetGuid());

        public override void Write(Utf8JsonWriter writer, T value, JsonSerializerOptions options) => writer.WriteStringValue(value.Value);

        public override T ReadAsPropertyName(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
            T.From(Guid.Parse(reader.GetString()!));

        public override void WriteAsPropertyName(Utf8JsonWriter writer, T value, JsonSerializerOptions options) =>
            writer.WritePropertyName(value.Value.ToString());
    }
}
