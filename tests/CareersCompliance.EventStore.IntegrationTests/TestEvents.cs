using NodaTime;

namespace CareersCompliance.EventStore.IntegrationTests;

public sealed record CounterOpened(Guid CounterId, string Label, LocalDate OpenedOn);

public sealed record CounterIncremented(Guid CounterId, int By, Instant At);

public sealed record CounterRenamed(Guid CounterId, string NewLabel, string Reason);

public sealed record CounterRenamedV1(Guid CounterId, string Label);

public static class TestEvents
{
    public static EventTypeRegistry Registry() => new EventTypeRegistry()
        .Map<CounterOpened>("counter_opened")
        .Map<CounterIncremented>("counter_incremented")
        .Map<CounterRenamed>("counter_renamed", schemaVersion: 2)
        .Upcast<CounterRenamedV1, CounterRenamed>("counter_renamed", 1, old => new CounterRenamed(old.CounterId, old.Label, "unknown"));

    public static readonly EventMetadata Metadata = new(
        new EventActor("user-1", "trust_admin"), new EventSource(SourceKind.Api), new TenantRef("trust-a", "school-1"), Guid.CreateVersion7());

    public static NewEvent New(object data, EventMetadata? metadata = null) => new(Guid.CreateVersion7(), data, metadata ?? Metadata);

    public static NewEvent Incremented(Guid counter, int by = 1) =>
        New(new CounterIncremented(counter, by, Instant.FromUtc(2026, 9, 1, 9, 0)));

    public static StreamId Counter() => StreamId.New("counter");
}
