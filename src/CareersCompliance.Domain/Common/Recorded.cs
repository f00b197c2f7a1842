using NodaTime;

namespace CareersCompliance.Domain.Common;

/// <summary>
/// An event with the instant the store recorded it (record time). The rules drop every event recorded
/// after the report's known-at instant before folding (eventmodel/decisions/0023).
/// </summary>
public sealed record Recorded<TEvent>(TEvent Event, Instant RecordedAt)
    where TEvent : class;
