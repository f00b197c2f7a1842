using CareersCompliance.Domain.Alerts;
using CareersCompliance.Domain.Common;
using CareersCompliance.Domain.Pupils;
using CareersCompliance.Domain.Rules;
using CareersCompliance.Testing.Time;
using NodaTime;
using Dest = CareersCompliance.Domain.Pupils.Destination;
using static CareersCompliance.Domain.Tests.Rules.World;

namespace CareersCompliance.Domain.Tests.Rules;

/// <summary>eventmodel/slices/destinations.json: leaver cohorts (decision 0053), the September Guarantee and early leavers (0054).</summary>
public sealed class DestinationsTests
{
    private static readonly TrustId Trust = new("LLT");
    private readonly World _w = new();

    private void Destination(PupilId p, DestinationStage stage, Dest d, LocalDate on) =>
        _w.Add(new PupilEvent.PupilDestinationRecorded(p, stage, d, on, null, By, Setup));

    private void Actual(PupilId p, Dest d, LocalDate on) => Destination(p, DestinationStage.Actual, d, on);

    private PupilId Leaver2025() => _w.Pupil(11, 2024, left: 18.July(2025));

    private LeaverCohort Cohort(LocalDate asOf, int startYear, RuleSettings? settings = null) =>
        _w.School(asOf, settings).Destinations.Cohorts.Single(c => c.LeftIn.StartYear == startYear);

    private EarlyLeaverResult EarlyLeaver(LocalDate asOf, RuleSettings? settings = null) =>
        _w.School(asOf, settings).Destinations.EarlyLeavers.Should().ContainSingle().Subject;

    private PupilId EarlyLeaving(int yearGroup, LocalDate left, LocalDate? notified = null)
    {
        var p = _w.Pupil(yearGroup, 2025);
        _w.Add(new PupilEvent.EarlyLeavingRecorded(p, Urn, left, By, Setup));
        if (notified is { } on)
        {
            _w.Add(new PupilEvent.EarlyLeavingNotified(p, Urn, on, By, Setup));
        }

        return p;
    }

    [Fact]
    public void leavers_are_counted_in_the_year_they_left()
    {
        var midYear = _w.Pupil(11, 2024, left: 14.February(2025));
        var completed = _w.Pupil(13, 2024);
        var onRoll = _w.Pupil(12, 2025);

        var cohort = Cohort(1.October(2025), 2024);

        cohort.Leavers.Select(l => (l.PupilId, l.LeftOn)).Should().Equal((midYear, 14.February(2025)), (completed, 31.August(2025)));
        _w.School(1.October(2025)).Destinations.Cohorts.SelectMany(c => c.Leavers).Should().NotContain(l => l.PupilId == onRoll);
        cohort.Leavers[0].YearGroup.Should().Be(11);
    }

    [Fact]
    public void the_latest_actual_destination_gives_the_outcome()
    {
        var neet = Leaver2025();
        Destination(neet, DestinationStage.Intended, Dest.Fe, 1.March(2025));
        Actual(neet, Dest.Fe, 1.September(2025));
        Actual(neet, Dest.Neet, 1.November(2025));
        var apprentice = Leaver2025();
        Destination(apprentice, DestinationStage.Intended, Dest.Apprenticeship, 1.March(2025));
        Actual(apprentice, Dest.Apprenticeship, 1.September(2025));
        Actual(apprentice, Dest.Neet, 1.January(2026));
        var employed = Leaver2025();
        Destination(employed, DestinationStage.Intended, Dest.SixthForm, 1.August(2025));
        Actual(employed, Dest.EmploymentWithTraining, 1.September(2025));
        var unknown = Leaver2025();
        Destination(unknown, DestinationStage.Intended, Dest.He, 1.March(2025));

        var cohort = Cohort(1.December(2025), 2024);

        cohort.Leavers.Single(l => l.PupilId == neet).Outcome.Should().Be(DestinationOutcome.Neet, "the later record replaces the earlier");
        cohort.Leavers.Single(l => l.PupilId == apprentice).Outcome.Should().Be(DestinationOutcome.Apprenticeship, "a record after the as-of date has not happened yet");
        (cohort.Count, cohort.Apprenticeship, cohort.Employment, cohort.Neet, cohort.Unknown).Should().Be((4, 1, 1, 1, 1));
        (cohort.Percent(cohort.Eet), cohort.Percent(cohort.Neet), cohort.Percent(cohort.Unknown)).Should().Be((50m, 25m, 25m));
        cohort.IntendedRecorded.Should().Be(3, "an intended destination recorded after leaving is not one recorded before it");
    }

    [Fact]
    public void sustained_needs_a_record_in_each_term_and_no_break()
    {
        var sustained = Leaver2025();
        Actual(sustained, Dest.Fe, 6.October(2025));
        Actual(sustained, Dest.Fe, 2.February(2026));
        var autumnOnly = Leaver2025();
        Actual(autumnOnly, Dest.Fe, 6.October(2025));
        var broken = Leaver2025();
        Actual(broken, Dest.Fe, 6.October(2025));
        Actual(broken, Dest.Neet, 1.December(2025));
        Actual(broken, Dest.Fe, 2.February(2026));

        var cohort = Cohort(1.April(2026), 2024);

        cohort.Leavers.Select(l => (l.PupilId, l.Sustained, l.SustainedCode)).Should().BeEquivalentTo(new[]
        {
            (sustained, (bool?)true, "sustained"), (autumnOnly, (bool?)false, "no-spring-record"), (broken, (bool?)false, "break-in-window"),
        });
        cohort.Sustained.Should().Be(1);
        cohort.Percent(cohort.Sustained).Should().Be(33.3m);
        cohort.Leavers.Single(l => l.PupilId == broken).Outcome.Should().Be(DestinationOutcome.Education, "in education now, though not sustained");
    }

    [Fact]
    public void sustained_is_pending_until_the_window_closes()
    {
        var p = Leaver2025();
        Actual(p, Dest.Fe, 6.October(2025));

        var open = Cohort(31.March(2026), 2024);
        open.SustainedKnown.Should().BeFalse();
        open.Sustained.Should().BeNull();
        open.Leavers[0].SustainedCode.Should().Be("window-open");
        open.SustainedWindowEnd.Should().Be(31.March(2026));

        var closed = Cohort(1.April(2026), 2024);
        closed.Sustained.Should().Be(0);
        closed.Leavers[0].SustainedCode.Should().Be("no-spring-record");
    }

    [Fact]
    public void cohorts_cover_the_as_of_year_and_three_before()
    {
        var old = _w.Pupil(9, 2020, left: 10.January(2021));
        var kept = _w.Pupil(9, 2022, left: 10.January(2023));

        var cohorts = _w.School(1.October(2025)).Destinations.Cohorts;

        cohorts.Select(c => c.LeftIn.ToString()).Should().Equal("2025/26", "2024/25", "2023/24", "2022/23");
        cohorts.Single(c => c.LeftIn.StartYear == 2022).Leavers.Should().ContainSingle(l => l.PupilId == kept);
        cohorts.SelectMany(c => c.Leavers).Should().NotContain(l => l.PupilId == old);
        cohorts[0].Percent(cohorts[0].Eet).Should().BeNull("no leavers yet this year: no share");
    }

    [Fact]
    public void september_guarantee_offer_by_30_september_is_met()
    {
        var year11 = _w.Pupil(11, 2024);
        var year12 = _w.Pupil(12, 2024);
        _w.Add(new PupilEvent.SeptemberGuaranteeOfferRecorded(year11, GuaranteeOffer.FullTimeEducation, 1.May(2025), By, Setup));
        _w.Add(new PupilEvent.SeptemberGuaranteeOfferRecorded(year12, GuaranteeOffer.Apprenticeship, 30.September(2025), By, Setup));

        var round = _w.School(1.October(2025)).Destinations.Guarantee.Single(r => r.CohortYear.StartYear == 2024);

        round.Deadline.Should().Be(30.September(2025));
        round.Status.Should().Be(CheckStatus.Met);
        (round.WithOffer, round.Pupils.Count, round.OfferPercent).Should().Be((2, 2, 100m));
        round.Pupils.Select(p => p.YearGroup).Should().Equal(11, 12);
    }

    [Fact]
    public void september_guarantee_without_an_offer_is_a_finding()
    {
        var offered = _w.Pupil(11, 2024);
        var missing = _w.Pupil(12, 2024);
        _w.Add(new PupilEvent.SeptemberGuaranteeOfferRecorded(offered, GuaranteeOffer.Traineeship, 1.May(2025), By, Setup));

        var before = _w.School(1.August(2025)).Destinations.Guarantee.Single(r => r.CohortYear.StartYear == 2024);
        before.Status.Should().Be(CheckStatus.AtRisk, "60 days left");
        before.DaysLeft.Should().Be(60);

        var report = _w.School(1.October(2025));
        var after = report.Destinations.Guarantee.Single(r => r.CohortYear.StartYear == 2024);
        (after.Status, after.ReasonCode, after.WithOffer, after.Pupils.Count).Should().Be((CheckStatus.NotMet, "offers-missing", 1, 2));
        after.Pupils.Single(p => p.Status == CheckStatus.NotMet).PupilId.Should().Be(missing);
        var alert = AlertRules.ForSchool(Trust, report, AlertSettings.Default)
            .Should().ContainSingle(a => string.Equals(a.Rule, AlertRules.SeptemberGuaranteeMissed, StringComparison.Ordinal)).Subject;
        alert.Count.Should().Be(1);
        alert.Detail.Should().Contain("1 of 2 pupil(s)").And.Contain("2025-09-30");
    }

    [Fact]
    public void early_leaver_notified_within_the_notice_days_is_met()
    {
        EarlyLeaving(12, 3.February(2026), notified: 8.February(2026));

        var leaver = EarlyLeaver(1.March(2026));

        (leaver.Status, leaver.ReasonCode, leaver.NotifyBy, leaver.YearGroup).Should().Be((CheckStatus.Met, "notified-in-time", 8.February(2026), 12));
    }

    [Fact]
    public void early_leaver_not_notified_is_alerted()
    {
        EarlyLeaving(13, 3.February(2026));

        EarlyLeaver(8.February(2026)).ReasonCode.Should().Be("awaiting-notice");
        AlertRules.ForSchool(Trust, _w.School(8.February(2026)), AlertSettings.Default)
            .Should().NotContain(a => string.Equals(a.Rule, AlertRules.EarlyLeaverNotNotified, StringComparison.Ordinal));

        EarlyLeaver(9.February(2026)).Should().Match<EarlyLeaverResult>(e => e.Status == CheckStatus.NotMet && e.ReasonCode == "not-notified");
        var alert = AlertRules.ForSchool(Trust, _w.School(9.February(2026)), AlertSettings.Default)
            .Should().ContainSingle(a => string.Equals(a.Rule, AlertRules.EarlyLeaverNotNotified, StringComparison.Ordinal)).Subject;
        (alert.Deadline, alert.DaysLeft, alert.Severity).Should().Be((8.February(2026), -1, AlertSeverity.Warning));
        alert.Detail.Should().Contain("Year 13").And.Contain("ESA 2008 s13");
    }

    [Fact]
    public void early_leaver_notified_late_is_not_met()
    {
        EarlyLeaving(12, 3.February(2026), notified: 20.February(2026));

        EarlyLeaver(1.March(2026)).Should().Match<EarlyLeaverResult>(e => e.Status == CheckStatus.NotMet && e.ReasonCode == "notified-late");
        EarlyLeaver(1.March(2026), RuleSettings.Default with { EarlyLeaverNoticeDays = 20 }).Status.Should().Be(CheckStatus.Met);
        AlertRules.ForSchool(Trust, _w.School(1.March(2026)), AlertSettings.Default)
            .Should().NotContain(a => string.Equals(a.Rule, AlertRules.EarlyLeaverNotNotified, StringComparison.Ordinal), "the notice was given, late");
    }
}
