using System.Text;
using System.Text.Json.Serialization;
using NodaTime;
using NodaTime.Serialization.SystemTextJson;
using NodaTime.Text;

namespace CareersCompliance.EventStore.Serialization;

/// <summary>
/// The NodaTime converters every JSON surface uses (stored events, the web API), registered in one place: NodaTime's
/// own, which write exactly what the ledger already holds (instants extended ISO with <c>Z</c>, dates <c>yyyy-MM-dd</c>,
/// times extended ISO).
/// </summary>
public static class NodaTimeJson
{
    // Why not NodaConverters.InstantConverter: it reads only the "Z" form, and API callers and JSON built inside
    // PostgreSQL send numeric offsets ("+01:00", "+00:00"). Writing is unchanged: always UTC with Z.
    private static readonly JsonConverter<Instant> InstantConverter = new NodaPatternConverter<Instant>(new ZOrOffsetInstantPattern());

    /// <summary>Adds the converters for <c>Instant</c>, <c>LocalDate</c> and <c>LocalTime</c>.</summary>
    /// <param name="converters">The options' converter list.</param>
    public static void AddConverters(IList<JsonConverter> converters)
    {
        ArgumentNullException.ThrowIfNull(converters);
        converters.Add(InstantConverter);
        converters.Add(NodaConverters.LocalDateConverter);
        converters.Add(NodaConverters.LocalTimeConverter);
    }

    /// <summary>Formats as <see cref="InstantPattern.ExtendedIso"/>; parses that or an extended ISO date-time with an offset.</summary>
    private sealed class ZOrOffsetInstantPattern : IPattern<Instant>
    {
        public ParseResult<Instant> Parse(string text)
        {
            var utc = InstantPattern.ExtendedIso.Parse(text);
            return utc.Success ? utc : OffsetDateTimePattern.ExtendedIso.Parse(text).Convert(o => o.ToInstant());
        }

        public string Format(Instant value) => InstantPattern.ExtendedIso.Format(value);

        public StringBuilder AppendFormat(Instant value, StringBuilder builder) => InstantPattern.ExtendedIso.AppendFormat(value, builder);
    }
}
