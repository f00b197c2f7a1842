using CareersCompliance.Domain.Common;
using NodaTime;
using static CareersCompliance.Domain.Referrals.ReferralEvent;

namespace CareersCompliance.Domain.Referrals;

// Why one file: the five referral slices are one short workflow, read best top to bottom
// (eventmodel/slices/raise-referral.json ... close-referral.json).

/// <summary>Raises a referral. Slice: eventmodel/slices/raise-referral.json</summary>
public sealed record RaiseReferral(
    ReferralId ReferralId, PupilId PupilId, SchoolUrn SchoolUrn, ReferralSource Source, LocalDate RaisedOn, ActorId By, Instant Now) : IReferralCommand
{
    public static ReferralEvent[] Decide(Referral state, RaiseReferral c) => state switch
    {
        Referral.NotRaised => [new ReferralRaised(c.ReferralId, c.PupilId, c.SchoolUrn, c.Source, c.RaisedOn, c.By, c.Now)],
        Referral.Raised r when r.PupilId == c.PupilId && r.RaisedOn == c.RaisedOn => [],
        _ => throw new DomainRuleViolation("referral-already-raised", "This referral has already been raised."),
    };
}

/// <summary>Triages a referral. Slice: eventmodel/slices/triage-referral.json</summary>
public sealed record TriageReferral(ReferralId ReferralId, ReferralPriority Priority, LocalDate TriagedOn, ActorId By, Instant Now) : IReferralCommand
{
    public static ReferralEvent[] Decide(Referral state, TriageReferral c) => state switch
    {
        Referral.NotRaised => throw Referral.NotFound(),
        Referral.Closed => throw Referral.IsClosed(),
        Referral.Raised r when c.TriagedOn < r.RaisedOn =>
            throw new DomainRuleViolation("triage-before-referral", $"The referral was raised on {r.RaisedOn}."),
        Referral.Raised => [new ReferralTriaged(c.ReferralId, c.Priority, c.TriagedOn, c.By, c.Now)],
        Referral.Triaged t when t.Priority == c.Priority => [],
        Referral.Triaged => [new ReferralTriaged(c.ReferralId, c.Priority, c.TriagedOn, c.By, c.Now)],
        _ => throw new DomainRuleViolation("referral-past-triage", "The meeting is already booked or held."),
    };
}

/// <summary>Books the guidance meeting; a referral must be triaged first. Slice: eventmodel/slices/book-referral-meeting.json</summary>
public sealed record BookReferralMeeting(ReferralId ReferralId, AdviserId AdviserId, LocalDate MeetingOn, ActorId By, Instant Now) : IReferralCommand
{
    public static ReferralEvent[] Decide(Referral state, BookReferralMeeting c) => state switch
    {
        Referral.NotRaised => throw Referral.NotFound(),
        Referral.Closed => throw Referral.IsClosed(),
        Referral.Raised => throw new DomainRuleViolation("referral-not-triaged", "Triage the referral before booking a meeting."),
        Referral.Completed => throw new DomainRuleViolation("referral-already-completed", "The meeting has already taken place."),
        Referral.Triaged t when c.MeetingOn < t.RaisedOn =>
            throw new DomainRuleViolation("meeting-before-referral", $"The referral was raised on {t.RaisedOn}."),
        Referral.MeetingBooked m when m.AdviserId == c.AdviserId && m.MeetingOn == c.MeetingOn => [],
        Referral.MeetingBooked m when c.MeetingOn < m.RaisedOn =>
            throw new DomainRuleViolation("meeting-before-referral", $"The referral was raised on {m.RaisedOn}."),
        _ => [new ReferralMeetingBooked(c.ReferralId, c.AdviserId, c.MeetingOn, c.By, c.Now)],
    };
}

/// <summary>Records that the booked meeting took place. Slice: eventmodel/slices/complete-referral.json</summary>
public sealed record CompleteReferral(ReferralId ReferralId, ActivityId? GuidanceActivityId, LocalDate CompletedOn, ActorId By, Instant Now) : IReferralCommand
{
    public static ReferralEvent[] Decide(Referral state, CompleteReferral c) => state switch
    {
        Referral.NotRaised => throw Referral.NotFound(),
        Referral.Closed => throw Referral.IsClosed(),
        Referral.Completed => [],
        Referral.MeetingBooked m when c.CompletedOn < m.MeetingOn =>
            throw new DomainRuleViolation("completed-before-meeting", $"The meeting is booked for {m.MeetingOn}."),
        Referral.MeetingBooked => [new ReferralCompleted(c.ReferralId, c.GuidanceActivityId, c.CompletedOn, c.By, c.Now)],
        _ => throw new DomainRuleViolation("referral-meeting-not-booked", "No meeting has been booked for this referral."),
    };
}

/// <summary>Closes a referral at any stage. Slice: eventmodel/slices/close-referral.json</summary>
public sealed record CloseReferral(ReferralId ReferralId, ReferralClosure Closure, LocalDate ClosedOn, ActorId By, Instant Now) : IReferralCommand
{
    public static ReferralEvent[] Decide(Referral state, CloseReferral c) => state switch
    {
        Referral.NotRaised => throw Referral.NotFound(),
        Referral.Closed => [],
        Referral.Completed when c.Closure != ReferralClosure.GuidanceGiven =>
            throw new DomainRuleViolation("completed-referral-closes-as-guidance-given", "A completed referral closes as guidance given."),
        _ => [new ReferralClosed(c.ReferralId, c.Closure, c.ClosedOn, c.By, c.Now)],
    };
}
