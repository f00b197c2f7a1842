using CareersCompliance.EventStore;
using NodaTime;

namespace CareersCompliance.Benchmarks;

public sealed record ActivityRecorded(Guid ActivityId, Guid SchoolId, string Kind, LocalDate Date, int PupilCount, Instant RecordedAt);

public static class BenchEvents
{
    public static readonly EventMetadata Metadata = new(
        new EventActor("bench-user", "trust_admin"), new EventSource(SourceKind.Import, "bench.csv", new string('a', 64), 1),
        new TenantRef("trust-bench", "school-1"), Guid.CreateVersion7(), Command: "RecordActivity");

    public static EventTypeRegistry Registry() => new EventTypeRegistry().Map<ActivityRecorded>("activity_recorded");

    public static NewEvent New(Guid stream, int i) => new(Guid.CreateVersion7(),
        new ActivityRecorded(stream, stream, "employer_encounter", new LocalDate(2026, 10, 1 + (i % 28)), 25 + (i % 7),
            Instant.FromUtc(2026, 10, 1, 9, 0)), Metadata);
}
