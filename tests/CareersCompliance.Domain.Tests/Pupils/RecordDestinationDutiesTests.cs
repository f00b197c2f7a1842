using CareersCompliance.Domain.Calendar;
using CareersCompliance.Domain.Common;
using CareersCompliance.Domain.Pupils;
using CareersCompliance.Testing.Specs;
using CareersCompliance.Testing.Time;
using NodaTime;
using static CareersCompliance.Domain.Pupils.PupilEvent;

namespace CareersCompliance.Domain.Tests.Pupils;

/// <summary>eventmodel/slices/record-destination-duties.json (decision 0054).</summary>
public sealed class RecordDestinationDutiesTests
{
    private static readonly PupilId Id = new(Guid.Parse("0190f2c4-0000-7000-8000-000000000002"));
    private static readonly SchoolUrn Urn = new("100001");
    private static readonly ActorId By = new("user:leader-100001");
    private static readonly Instant Now = Instant.FromUtc(2026, 5, 12, 9, 0);
    private static readonly DeciderSpec<Pupil, PupilEvent> Spec = new(Pupil.Initial, Pupil.Evolve);
    private static readonly PupilEnrolled Enrolled = new(Id, Urn, 1.September(2022), By, Now);

    private static PupilYearGroupRecorded Year(int group) => new(Id, new AcademicYear(2025), group, YearGroupSource.RecordedByMis, group, By, Now);

    [Fact]
    public void guarantee_offer_is_recorded_once_per_kind_and_date()
    {
        var command = new RecordSeptemberGuaranteeOffer(Id, GuaranteeOffer.Apprenticeship, 12.May(2026), By, Now);
        var offered = new SeptemberGuaranteeOfferRecorded(Id, GuaranteeOffer.Apprenticeship, 12.May(2026), By, Now);

        Spec.Given(Enrolled, Year(11)).When(s => RecordSeptemberGuaranteeOffer.Decide(s, command)).Then(offered);
        Spec.Given(Enrolled, Year(11), offered).When(s => RecordSeptemberGuaranteeOffer.Decide(s, command)).ThenNothing();
        Spec.Given(Enrolled, Year(11), offered)
            .When(s => RecordSeptemberGuaranteeOffer.Decide(s, command with { Offer = GuaranteeOffer.FullTimeEducation }))
            .Then(offered with { Offer = GuaranteeOffer.FullTimeEducation });
    }

    [Fact]
    public void offer_to_a_pupil_below_year_11_is_refused()
    {
        Spec.Given(Enrolled, Year(9))
            .When(s => RecordSeptemberGuaranteeOffer.Decide(s, new RecordSeptemberGuaranteeOffer(Id, GuaranteeOffer.Traineeship, 12.May(2026), By, Now)))
            .ThenRejects("offer-outside-years-11-to-13");
        Spec.Given(Enrolled, Year(12))
            .When(s => RecordSeptemberGuaranteeOffer.Decide(s, new RecordSeptemberGuaranteeOffer(Id, GuaranteeOffer.Traineeship, 20.September(2026), By, Now)))
            .Then(new SeptemberGuaranteeOfferRecorded(Id, GuaranteeOffer.Traineeship, 20.September(2026), By, Now));
    }

    [Fact]
    public void early_leaving_outside_years_12_and_13_is_refused()
    {
        Spec.Given(Enrolled, Year(11))
            .When(s => RecordEarlyLeaving.Decide(s, new RecordEarlyLeaving(Id, Urn, 3.February(2026), By, Now)))
            .ThenRejects("not-in-a-post-16-programme");
        Spec.Given(Enrolled, Year(12))
            .When(s => RecordEarlyLeaving.Decide(s, new RecordEarlyLeaving(Id, new SchoolUrn("100002"), 3.February(2026), By, Now)))
            .ThenRejects("pupil-not-enrolled");
    }

    [Fact]
    public void early_leaving_and_notice_are_recorded_once()
    {
        var leave = new RecordEarlyLeaving(Id, Urn, 3.February(2026), By, Now);
        var left = new EarlyLeavingRecorded(Id, Urn, 3.February(2026), By, Now);
        var notice = new RecordEarlyLeavingNotice(Id, Urn, 5.February(2026), By, Now);
        var notified = new EarlyLeavingNotified(Id, Urn, 5.February(2026), By, Now);

        Spec.Given(Enrolled, Year(12)).When(s => RecordEarlyLeaving.Decide(s, leave)).Then(left);
        Spec.Given(Enrolled, Year(12), left).When(s => RecordEarlyLeaving.Decide(s, leave)).ThenNothing();
        Spec.Given(Enrolled, Year(12), left).When(s => RecordEarlyLeavingNotice.Decide(s, notice)).Then(notified);
        Spec.Given(Enrolled, Year(12), left, notified).When(s => RecordEarlyLeavingNotice.Decide(s, notice)).ThenNothing();
    }

    [Fact]
    public void notice_without_a_recorded_leaving_is_refused()
    {
        Spec.Given(Enrolled, Year(12))
            .When(s => RecordEarlyLeavingNotice.Decide(s, new RecordEarlyLeavingNotice(Id, Urn, 5.February(2026), By, Now)))
            .ThenRejects("no-early-leaving-recorded");
    }

    [Fact]
    public void notice_dated_before_the_leaving_is_refused()
    {
        Spec.Given(Enrolled, Year(12), new EarlyLeavingRecorded(Id, Urn, 3.February(2026), By, Now))
            .When(s => RecordEarlyLeavingNotice.Decide(s, new RecordEarlyLeavingNotice(Id, Urn, 2.February(2026), By, Now)))
            .ThenRejects("notified-before-leaving");
    }
}
