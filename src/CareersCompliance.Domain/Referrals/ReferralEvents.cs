using CareersCompliance.Domain.Common;
using NodaTime;

namespace CareersCompliance.Domain.Referrals;

/// <summary>Who asked for a pupil to be referred for careers guidance.</summary>
public enum ReferralSource
{
    Staff,
    Parent,
    Pupil,
}

/// <summary>How soon the pupil should be seen.</summary>
public enum ReferralPriority
{
    Routine,
    Priority,
    Urgent,
}

/// <summary>Why a referral was closed.</summary>
public enum ReferralClosure
{
    GuidanceGiven,
    NoLongerNeeded,
    PupilLeft,
    Declined,
}

/// <summary>A local referral for personal careers guidance (a trust workflow, not a statutory one). Stream: <c>referral-{ReferralId}</c>.</summary>
public abstract record ReferralEvent
{
    private ReferralEvent() { }

    /// <summary>A pupil was referred for careers guidance by staff, a parent or the pupil.</summary>
    public sealed record ReferralRaised(
        ReferralId ReferralId, PupilId PupilId, SchoolUrn SchoolUrn, ReferralSource Source, LocalDate RaisedOn,
        ActorId RecordedBy, Instant RecordedAt) : ReferralEvent;

    /// <summary>A referral was triaged and given a priority.</summary>
    public sealed record ReferralTriaged(
        ReferralId ReferralId, ReferralPriority Priority, LocalDate TriagedOn, ActorId RecordedBy, Instant RecordedAt) : ReferralEvent;

    /// <summary>A guidance meeting with an adviser was booked for a referral.</summary>
    public sealed record ReferralMeetingBooked(
        ReferralId ReferralId, AdviserId AdviserId, LocalDate MeetingOn, ActorId RecordedBy, Instant RecordedAt) : ReferralEvent;

    /// <summary>The referral's guidance meeting took place; it may name the guidance activity recorded for it.</summary>
    public sealed record ReferralCompleted(
        ReferralId ReferralId, ActivityId? GuidanceActivityId, LocalDate CompletedOn, ActorId RecordedBy, Instant RecordedAt) : ReferralEvent;

    /// <summary>A referral was closed, with why.</summary>
    public sealed record ReferralClosed(
        ReferralId ReferralId, ReferralClosure Closure, LocalDate ClosedOn, ActorId RecordedBy, Instant RecordedAt) : ReferralEvent;
}
