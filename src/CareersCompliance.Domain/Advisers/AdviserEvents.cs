using CareersCompliance.Domain.Common;
using NodaTime;

namespace CareersCompliance.Domain.Advisers;

/// <summary>Facts about a careers adviser; the adviser's name is staff data and lives only in the erasable register. Stream: <c>adviser-{AdviserId}</c>.</summary>
public abstract record AdviserEvent
{
    private AdviserEvent() { }

    /// <summary>A careers adviser was registered with a qualification level and whether they are independent of the school.</summary>
    public sealed record AdviserRegistered(
        AdviserId AdviserId, int QualificationLevel, bool Independent, ActorId RecordedBy, Instant RecordedAt) : AdviserEvent;

    /// <summary>A careers adviser's qualification level or independence changed.</summary>
    public sealed record AdviserDetailsChanged(
        AdviserId AdviserId, int QualificationLevel, bool Independent, ActorId RecordedBy, Instant RecordedAt) : AdviserEvent;
}
