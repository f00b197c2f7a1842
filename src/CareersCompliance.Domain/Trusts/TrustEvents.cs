using CareersCompliance.Domain.Common;
using NodaTime;

namespace CareersCompliance.Domain.Trusts;

/// <summary>Facts about a trust (the proprietor of its academies). Stream: <c>trust-{TrustId}</c>.</summary>
public abstract record TrustEvent
{
    private TrustEvent() { }

    /// <summary>A trust was added to the register under its id and name.</summary>
    public sealed record TrustRegistered(TrustId TrustId, string Name, ActorId RecordedBy, Instant RecordedAt) : TrustEvent;

    /// <summary>A trust's name was changed.</summary>
    public sealed record TrustRenamed(TrustId TrustId, string Name, ActorId RecordedBy, Instant RecordedAt) : TrustEvent;
}
