using CareersCompliance.Domain.Common;
using CareersCompliance.Domain.Referrals;
using CareersCompliance.Testing.Specs;
using CareersCompliance.Testing.Time;
using NodaTime;
using static CareersCompliance.Domain.Referrals.ReferralEvent;

namespace CareersCompliance.Domain.Tests.Referrals;

/// <summary>eventmodel/slices/raise-referral.json, triage-referral.json, book-referral-meeting.json, complete-referral.json, close-referral.json.</summary>
public sealed class ReferralTests
{
    private static readonly ReferralId Id = new(Guid.NewGuid());
    private static readonly PupilId Pupil = new(Guid.NewGuid());
    private static readonly SchoolUrn Urn = new("100001");
    private static readonly ActorId By = new("staff-1");
    private static readonly AdviserId Adviser = new("ADV-6");
    private static readonly Instant Now = Instant.FromUtc(2026, 1, 10, 9, 0);
    private static readonly DeciderSpec<Referral, ReferralEvent> Spec = new(Referral.Initial, Referral.Evolve);

    private static readonly ReferralRaised Raised = new(Id, Pupil, Urn, ReferralSource.Parent, 5.January(2026), By, Now);
    private static readonly ReferralTriaged Triaged = new(Id, ReferralPriority.Priority, 6.January(2026), By, Now);
    private static readonly ReferralMeetingBooked Booked = new(Id, Adviser, 20.January(2026), By, Now);

    [Fact]
    public void a_parent_can_raise_a_referral() =>
        Spec.Given()
            .When(s => RaiseReferral.Decide(s, new RaiseReferral(Id, Pupil, Urn, ReferralSource.Parent, 5.January(2026), By, Now)))
            .Then(Raised);

    [Fact]
    public void raising_the_same_referral_twice_changes_nothing() =>
        Spec.Given(Raised)
            .When(s => RaiseReferral.Decide(s, new RaiseReferral(Id, Pupil, Urn, ReferralSource.Parent, 5.January(2026), By, Now)))
            .ThenNothing();

    [Fact]
    public void meeting_cannot_be_booked_before_triage() =>
        Spec.Given(Raised)
            .When(s => BookReferralMeeting.Decide(s, new BookReferralMeeting(Id, Adviser, 20.January(2026), By, Now)))
            .ThenRejects("referral-not-triaged");

    [Fact]
    public void triaged_referral_can_be_booked() =>
        Spec.Given(Raised, Triaged)
            .When(s => BookReferralMeeting.Decide(s, new BookReferralMeeting(Id, Adviser, 20.January(2026), By, Now)))
            .Then(Booked);

    [Fact]
    public void referral_cannot_be_completed_without_a_booked_meeting() =>
        Spec.Given(Raised, Triaged)
            .When(s => CompleteReferral.Decide(s, new CompleteReferral(Id, null, 20.January(2026), By, Now)))
            .ThenRejects("referral-meeting-not-booked");

    [Fact]
    public void booked_referral_can_be_completed() =>
        Spec.Given(Raised, Triaged, Booked)
            .When(s => CompleteReferral.Decide(s, new CompleteReferral(Id, new ActivityId("ACT-9"), 20.January(2026), By, Now)))
            .Then(new ReferralCompleted(Id, new ActivityId("ACT-9"), 20.January(2026), By, Now));

    [Fact]
    public void closed_referral_cannot_be_completed() =>
        Spec.Given(Raised, Triaged, Booked, new ReferralClosed(Id, ReferralClosure.Declined, 15.January(2026), By, Now))
            .When(s => CompleteReferral.Decide(s, new CompleteReferral(Id, null, 20.January(2026), By, Now)))
            .ThenRejects("referral-closed");

    [Fact]
    public void closing_a_closed_referral_changes_nothing() =>
        Spec.Given(Raised, new ReferralClosed(Id, ReferralClosure.NoLongerNeeded, 7.January(2026), By, Now))
            .When(s => CloseReferral.Decide(s, new CloseReferral(Id, ReferralClosure.NoLongerNeeded, 8.January(2026), By, Now)))
            .ThenNothing();

    [Fact]
    public void unknown_referral_cannot_be_triaged() =>
        Spec.Given()
            .When(s => TriageReferral.Decide(s, new TriageReferral(Id, ReferralPriority.Urgent, 6.January(2026), By, Now)))
            .ThenRejects("referral-not-found");
}
