using CareersCompliance.Domain.Common;
using NodaTime;
using static CareersCompliance.Domain.Referrals.ReferralEvent;

namespace CareersCompliance.Domain.Referrals;

/// <summary>Decision state of a referral: raised, triaged, meeting booked, completed, closed.</summary>
public abstract record Referral
{
    private Referral() { }

    public sealed record NotRaised : Referral;

    public sealed record Raised(ReferralId Id, PupilId PupilId, LocalDate RaisedOn) : Referral;

    public sealed record Triaged(ReferralId Id, PupilId PupilId, LocalDate RaisedOn, ReferralPriority Priority) : Referral;

    public sealed record MeetingBooked(ReferralId Id, PupilId PupilId, LocalDate RaisedOn, AdviserId AdviserId, LocalDate MeetingOn) : Referral;

    public sealed record Completed(ReferralId Id, PupilId PupilId, LocalDate CompletedOn) : Referral;

    public sealed record Closed(ReferralId Id, PupilId PupilId) : Referral;

    public static Referral Initial { get; } = new NotRaised();

    public static Referral Evolve(Referral state, ReferralEvent @event) => (state, @event) switch
    {
        (NotRaised, ReferralRaised e) => new Raised(e.ReferralId, e.PupilId, e.RaisedOn),
        (Raised s, ReferralTriaged e) => new Triaged(s.Id, s.PupilId, s.RaisedOn, e.Priority),
        (Triaged s, ReferralTriaged e) => s with { Priority = e.Priority },
        (Triaged s, ReferralMeetingBooked e) => new MeetingBooked(s.Id, s.PupilId, s.RaisedOn, e.AdviserId, e.MeetingOn),
        (MeetingBooked s, ReferralMeetingBooked e) => s with { AdviserId = e.AdviserId, MeetingOn = e.MeetingOn },
        (MeetingBooked s, ReferralCompleted e) => new Completed(s.Id, s.PupilId, e.CompletedOn),
        (Raised s, ReferralClosed) => new Closed(s.Id, s.PupilId),
        (Triaged s, ReferralClosed) => new Closed(s.Id, s.PupilId),
        (MeetingBooked s, ReferralClosed) => new Closed(s.Id, s.PupilId),
        (Completed s, ReferralClosed) => new Closed(s.Id, s.PupilId),
        _ => state,
    };

    internal static DomainRuleViolation NotFound() => new("referral-not-found", "No such referral has been raised.");

    internal static DomainRuleViolation IsClosed() => new("referral-closed", "The referral is closed.");
}
