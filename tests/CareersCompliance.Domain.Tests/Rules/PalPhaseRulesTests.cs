using CareersCompliance.Domain.Activities;
using CareersCompliance.Domain.Calendar;
using CareersCompliance.Domain.Rules;
using CareersCompliance.Domain.Schools;
using CareersCompliance.Testing.Time;
using NodaTime;
using static CareersCompliance.Domain.Tests.Rules.World;

namespace CareersCompliance.Domain.Tests.Rules;

/// <summary>eventmodel/slices/pal-phase-rules.json: a pupil in Year 8 in 2025/26 has P1 window 2025-09-01..2027-02-28.</summary>
public sealed class PalPhaseRulesTests
{
    private readonly World _w = new();

    [Fact]
    public void two_occasions_with_different_providers_meet_phase_1()
    {
        var p = _w.Pupil(8, 2025);
        var first = _w.Encounter(10.November(2025), [A], p);
        var second = _w.Encounter(3.February(2026), [B], p);

        var check = _w.Check(p, CheckIds.PalP1, 1.March(2026));

        check.Status.Should().Be(CheckStatus.Met);
        check.Evidence.Should().Equal(first, second);
        check.Reason.Should().BeNull();
        check.Framework.Should().Be(GatsbyFramework.Gatsby2024);
    }

    [Fact]
    public void same_provider_twice_does_not_meet_phase_1()
    {
        var p = _w.Pupil(8, 2025);
        _w.Encounter(10.November(2025), [A], p);
        _w.Encounter(3.February(2026), [A], p);

        var check = _w.Check(p, CheckIds.PalP1, 1.March(2027));

        check.Status.Should().Be(CheckStatus.NotMet);
        check.ReasonCode.Should().Be("window-closed-unmet");
        check.Reason.Should().Contain("exactly the same providers");
    }

    [Fact]
    public void identical_provider_sets_in_a_different_order_do_not_meet_phase_1()
    {
        var p = _w.Pupil(8, 2025);
        _w.Encounter(10.November(2025), [A, B], p);
        _w.Encounter(3.February(2026), [B, A], p);

        _w.Check(p, CheckIds.PalP1, 1.March(2026)).ReasonCode.Should().Be("same-providers-each-time");
    }

    [Fact]
    public void overlapping_provider_sets_meet_phase_1()
    {
        var p = _w.Pupil(8, 2025);
        _w.Encounter(10.November(2025), [A, B], p);
        _w.Encounter(3.February(2026), [A, C], p);

        _w.Check(p, CheckIds.PalP1, 1.March(2026)).Status.Should().Be(CheckStatus.Met);
    }

    [Fact]
    public void encounter_on_28_february_of_year_9_counts_for_phase_1()
    {
        var p = _w.Pupil(8, 2023);
        _w.Encounter(10.November(2023), [A], p);
        var last = _w.Encounter(28.February(2025), [B], p);

        var check = _w.Check(p, CheckIds.PalP1, 28.February(2025));

        check.Status.Should().Be(CheckStatus.Met);
        check.Evidence.Should().EndWith(last);
    }

    [Fact]
    public void encounter_on_1_march_of_year_9_does_not_count_for_phase_1()
    {
        var p = _w.Pupil(8, 2025);
        _w.Encounter(10.November(2025), [A], p);
        _w.Encounter(1.March(2027), [B], p);

        var check = _w.Check(p, CheckIds.PalP1, 1.March(2027));

        check.Status.Should().Be(CheckStatus.NotMet);
        check.Evidence.Should().HaveCount(1);
    }

    [Fact]
    public void encounter_on_1_september_of_year_10_counts_for_phase_2_not_phase_1()
    {
        var p = _w.Pupil(8, 2025);
        var y10 = _w.Encounter(1.September(2027), [A], p);

        var report = _w.Report(p, 2.September(2027));

        report.Check(CheckIds.PalP1).Evidence.Should().BeEmpty();
        report.Check(CheckIds.PalP2).Evidence.Should().Equal(y10);
        report.Check(CheckIds.PalP2).Status.Should().Be(CheckStatus.Due);
    }

    [Fact]
    public void leap_day_2028_is_outside_the_window_under_the_strict_reading()
    {
        var p = _w.Pupil(8, 2026);
        _w.Encounter(10.November(2026), [A], p);
        var leapDay = _w.Encounter(29.February(2028), [B], p);

        var check = _w.Check(p, CheckIds.PalP1, 1.March(2028));

        check.Deadline.Should().Be(28.February(2028));
        check.Status.Should().Be(CheckStatus.NotMet);
        check.Flags.Should().ContainSingle(f => f.Code == "leap-day-outside-window").Which.ActivityId.Should().Be(leapDay);
    }

    [Fact]
    public void leap_day_2028_counts_under_the_end_of_february_setting()
    {
        var p = _w.Pupil(8, 2026);
        _w.Encounter(10.November(2026), [A], p);
        _w.Encounter(29.February(2028), [B], p);
        var settings = RuleSettings.Default with { LeapDay = LeapDayHandling.EndOfFebruary };

        var check = _w.Check(p, CheckIds.PalP1, 1.March(2028), settings);

        check.Deadline.Should().Be(29.February(2028));
        check.Status.Should().Be(CheckStatus.Met);
    }

    [Fact]
    public void recorded_delivery_never_counts_for_pal()
    {
        var p = _w.Pupil(8, 2025);
        _w.Encounter(10.November(2025), [A], p);
        var video = _w.Activity(Details(3.February(2026), providers: [B], mode: DeliveryMode.Recorded), p);

        var check = _w.Check(p, CheckIds.PalP1, 1.March(2026));

        check.Status.Should().NotBe(CheckStatus.Met);
        check.Flags.Should().Contain(f => f.Code == "recorded-delivery" && f.ActivityId == video);
    }

    [Fact]
    public void live_virtual_delivery_counts_for_pal()
    {
        var p = _w.Pupil(8, 2025);
        _w.Encounter(10.November(2025), [A], p);
        _w.Activity(Details(3.February(2026), providers: [B], mode: DeliveryMode.LiveVirtual), p);

        _w.Check(p, CheckIds.PalP1, 1.March(2026)).Status.Should().Be(CheckStatus.Met);
    }

    [Fact]
    public void parents_evening_outside_the_school_day_does_not_count()
    {
        var p = _w.Pupil(8, 2025);
        _w.Encounter(10.November(2025), [A], p);
        var evening = _w.Activity(Details(3.February(2026), providers: [B], start: new LocalTime(18, 0), end: new LocalTime(20, 0)), p);

        var check = _w.Check(p, CheckIds.PalP1, 1.March(2026));

        check.Status.Should().NotBe(CheckStatus.Met);
        check.Flags.Should().Contain(f => f.Code == "outside-school-day" && f.ActivityId == evening);
    }

    [Fact]
    public void the_schools_own_school_day_replaces_the_default()
    {
        var p = _w.Pupil(8, 2025);
        _w.School(new SchoolEvent.StandardSchoolDaySet(Urn, new LocalTime(8, 0), new LocalTime(15, 0), 1.September(2025), By, Setup));
        _w.Encounter(10.November(2025), [A], p);
        _w.Activity(Details(3.February(2026), providers: [B], start: new LocalTime(15, 15), end: new LocalTime(15, 50)), p);

        var report = _w.School(1.March(2026));

        report.Settings.SchoolDay.Should().Be("08:00-15:00");
        report.Pupils.Single().Check(CheckIds.PalP1).Flags.Should().Contain(f => f.Code == "outside-school-day");
    }

    [Fact]
    public void encounter_without_recorded_times_counts_and_is_flagged()
    {
        var p = _w.Pupil(8, 2025);
        _w.Encounter(10.November(2025), [A], p);
        var untimed = _w.Activity(Details(3.February(2026), providers: [B], noTimes: true), p);

        var check = _w.Check(p, CheckIds.PalP1, 1.March(2026));

        check.Status.Should().Be(CheckStatus.Met);
        check.Flags.Should().ContainSingle(f => f.Code == "no-recorded-times").Which.ActivityId.Should().Be(untimed);
    }

    [Fact]
    public void missing_content_item_does_not_count()
    {
        var p = _w.Pupil(8, 2025);
        _w.Encounter(10.November(2025), [A], p);
        _w.Activity(Details(3.February(2026), providers: [B], checklist: PalContent with { Questions = false }), p);

        var check = _w.Check(p, CheckIds.PalP1, 1.March(2026));

        check.Status.Should().NotBe(CheckStatus.Met);
        check.Flags.Should().Contain(f => f.Code == "content-missing" && f.Message.Contains("questions"));
    }

    [Fact]
    public void absent_pupil_gets_no_credit()
    {
        var p = _w.Pupil(8, 2025);
        _w.Encounter(10.November(2025), [A], p);
        var missed = _w.Encounter(3.February(2026), [B]);
        _w.Attendance(missed, p, attended: false);

        var check = _w.Check(p, CheckIds.PalP1, 1.March(2026));

        check.Status.Should().NotBe(CheckStatus.Met);
        check.Evidence.Should().NotContain(missed);
        check.Flags.Should().Contain(f => f.Code == "absent");
    }

    [Fact]
    public void provider_without_a_technical_offer_does_not_count()
    {
        var p = _w.Pupil(8, 2025);
        _w.Encounter(10.November(2025), [A], p);
        _w.Encounter(3.February(2026), [NoTechnical], p);

        var check = _w.Check(p, CheckIds.PalP1, 1.March(2026));

        check.Status.Should().NotBe(CheckStatus.Met);
        check.Flags.Should().Contain(f => f.Code == "provider-not-technical");
    }

    [Fact]
    public void encounter_before_1_january_2023_does_not_count()
    {
        var p = _w.Pupil(9, 2022);
        _w.Encounter(15.December(2022), [A], p);
        _w.Encounter(10.January(2023), [B], p);

        var check = _w.Check(p, CheckIds.PalP1, 1.March(2023));

        check.Status.Should().Be(CheckStatus.NotMet);
        check.Flags.Should().Contain(f => f.Code == "before-pal-commencement");
    }

    [Fact]
    public void window_not_started_is_not_applicable()
    {
        var p = _w.Pupil(7, 2025);

        var check = _w.Check(p, CheckIds.PalP1, 1.March(2026));

        check.Status.Should().Be(CheckStatus.NotApplicable);
        check.ReasonCode.Should().Be("window-not-started");
    }

    [Fact]
    public void open_window_short_of_two_occasions_is_due()
    {
        var p = _w.Pupil(8, 2025);
        _w.Encounter(10.November(2025), [A], p);

        var check = _w.Check(p, CheckIds.PalP1, 1.March(2026));

        check.Status.Should().Be(CheckStatus.Due);
        check.ReasonCode.Should().Be("fewer-than-two-occasions");
    }

    [Fact]
    public void open_window_within_the_alert_horizon_is_at_risk()
    {
        var p = _w.Pupil(8, 2025);

        _w.Check(p, CheckIds.PalP1, 30.December(2026)).Status.Should().Be(CheckStatus.AtRisk);
        _w.Check(p, CheckIds.PalP1, 29.December(2026)).Status.Should().Be(CheckStatus.Due);
    }

    [Fact]
    public void window_closed_unmet_is_not_met()
    {
        var p = _w.Pupil(8, 2025);

        _w.Check(p, CheckIds.PalP1, 1.March(2027)).Status.Should().Be(CheckStatus.NotMet);
    }

    [Fact]
    public void late_joiner_after_the_window_closed_is_not_applicable()
    {
        var p = _w.Pupil(9, 2026, admitted: 15.March(2027));

        var check = _w.Check(p, CheckIds.PalP1, 20.March(2027));

        check.Status.Should().Be(CheckStatus.NotApplicable);
        check.ReasonCode.Should().Be("joined-after-window-closed");
    }

    [Fact]
    public void late_joiner_inside_the_window_is_due_and_flagged()
    {
        var p = _w.Pupil(9, 2026, admitted: 5.January(2026));

        var check = _w.Check(p, CheckIds.PalP1, 10.January(2026));

        check.Status.Should().Be(CheckStatus.Due, "the deadline is more than the alert horizon away");
        check.ReasonCode.Should().Be("late-joiner");
        check.Flags.Should().Contain(f => f.Code == "late-joiner");
    }

    [Fact]
    public void late_joiner_within_the_alert_horizon_is_at_risk()
    {
        var p = _w.Pupil(9, 2026, admitted: 5.January(2026));

        var check = _w.Check(p, CheckIds.PalP1, 10.January(2027));

        check.Status.Should().Be(CheckStatus.AtRisk);
        check.ReasonCode.Should().Be("late-joiner");
    }

    [Fact]
    public void late_joiner_who_misses_the_deadline_is_not_met()
    {
        var p = _w.Pupil(9, 2026, admitted: 5.January(2027));

        _w.Check(p, CheckIds.PalP1, 1.March(2027)).ReasonCode.Should().Be("late-joiner-window-closed-unmet");
    }

    [Fact]
    public void leaver_before_the_final_year_of_the_window_is_not_applicable()
    {
        var p = _w.Pupil(8, 2025, left: 20.July(2026));

        var check = _w.Check(p, CheckIds.PalP1, 1.March(2027));

        check.Status.Should().Be(CheckStatus.NotApplicable);
        check.ReasonCode.Should().Be("left-before-final-year");
    }

    [Fact]
    public void retained_pupil_is_judged_by_the_recorded_year_and_flagged()
    {
        var p = _w.Pupil(8, 2024);
        _w.Add(new Domain.Pupils.PupilEvent.PupilYearGroupRecorded(p, new AcademicYear(2026), 9, Domain.Pupils.YearGroupSource.RecordedByMis, 10, By, Setup));

        var report = _w.Report(p, 1.March(2027));

        report.YearGroup.Should().Be(9);
        report.Flags.Should().Contain(f => f.Code == "year-group-differs-from-birth-date");
        report.Check(CheckIds.PalP1).Deadline.Should().Be(28.February(2027));
        report.Check(CheckIds.PalP1).Flags.Should().Contain(f => f.Code == "year-group-differs-from-birth-date");
    }

    [Fact]
    public void phase_3_is_met_by_two_occasions_offered_to_the_cohort_without_attendance()
    {
        var p = _w.Pupil(12, 2025);
        var other = _w.Pupil(12, 2025);
        _w.Activity(Details(10.November(2025), providers: [A], yearGroups: [12]), other);
        _w.Activity(Details(3.February(2026), providers: [B], yearGroups: [12, 13]));

        var check = _w.Check(p, CheckIds.PalP3, 1.March(2026));

        check.Status.Should().Be(CheckStatus.Met);
        check.ReasonCode.Should().Be("offered-to-cohort");
        check.Reason.Should().Contain("attended none");
    }

    [Fact]
    public void pupil_at_an_11_to_16_school_has_no_phase_3()
    {
        var w = new World(highestYear: 11);
        var p = w.Pupil(10, 2025);

        var check = w.Check(p, CheckIds.PalP3, 1.March(2026));

        check.Status.Should().Be(CheckStatus.NotApplicable);
        check.ReasonCode.Should().Be("school-does-not-teach-year");
    }

    [Fact]
    public void saturday_encounter_does_not_count_and_friday_does()
    {
        var p = _w.Pupil(9, 2025);
        _w.Encounter(10.November(2025), [A], p);
        var saturday = _w.Encounter(8.November(2025), [B], p);

        var check = _w.Check(p, CheckIds.PalP1, 1.December(2025));
        check.Status.Should().Be(CheckStatus.Due);
        check.Flags.Should().Contain(f => f.Code == "outside-school-day" && f.ActivityId == saturday && f.Message.Contains("Saturday"));

        var friday = _w.Encounter(7.November(2025), [B], p);
        _w.Check(p, CheckIds.PalP1, 1.December(2025)).Evidence.Should().Contain(friday).And.NotContain(saturday);
    }

    [Fact]
    public void school_days_setting_can_add_saturday()
    {
        var p = _w.Pupil(9, 2025);
        _w.Encounter(10.November(2025), [A], p);
        _w.Encounter(8.November(2025), [B], p);
        RuleSettings.TryParseSchoolDays("Mon-Sat", out var days).Should().BeTrue();

        _w.Check(p, CheckIds.PalP1, 1.December(2025), RuleSettings.Default with { SchoolDays = days }).Status.Should().Be(CheckStatus.Met);
    }

    [Fact]
    public void two_encounters_on_one_date_with_different_providers_are_one_occasion()
    {
        var p = _w.Pupil(9, 2025);
        _w.Encounter(10.November(2025), [A], p);
        _w.Encounter(10.November(2025), [B], p);

        var check = _w.Check(p, CheckIds.PalP1, 1.December(2025));
        check.Status.Should().Be(CheckStatus.Due);
        check.ReasonCode.Should().Be("fewer-than-two-occasions");
        check.Reason.Should().Contain("same date");

        // The careers fair's providers are the union {A,B}, so {A} on another date is a different set.
        _w.Encounter(3.February(2026), [A], p);
        _w.Check(p, CheckIds.PalP1, 1.March(2026)).Status.Should().Be(CheckStatus.Met);
    }

    [Fact]
    public void careers_fair_recorded_as_several_stands_is_one_occasion_for_the_school()
    {
        _w.Pupil(9, 2025);
        _w.Activity(Details(10.November(2025), providers: [A], yearGroups: [9]));
        _w.Activity(Details(10.November(2025), providers: [B], yearGroups: [9]));

        var cohort = _w.School(1.December(2025)).PalCohorts.Single(c => c.Phase == PalPhase.First && c.YearGroupNow == 9);

        cohort.Occasions.Status.Should().NotBe(CheckStatus.Met);
        cohort.Occasions.Reason.Should().StartWith("1 qualifying occasion(s)");
    }

    [Fact]
    public void phase_3_attendance_alone_does_not_prove_an_offer()
    {
        var first = _w.Pupil(12, 2025);
        var second = _w.Pupil(12, 2025);
        _w.Activity(Details(10.November(2025), providers: [A]), first);
        _w.Activity(Details(3.February(2026), providers: [B]), second);

        var check = _w.Check(first, CheckIds.PalP3, 1.March(2026));

        check.Status.Should().Be(CheckStatus.Due);
        check.ReasonCode.Should().Be("fewer-than-two-occasions-offered");
        check.Reason.Should().StartWith("0 qualifying occasion(s) offered");
    }

    [Fact]
    public void phase_3_register_holding_every_pupil_of_the_year_group_is_an_offer()
    {
        var present = _w.Pupil(12, 2025);
        var absent = _w.Pupil(12, 2025);
        _w.Pupil(12, 2025, left: 1.October(2025));
        var fair = _w.Activity(Details(10.November(2025), providers: [A]), present);
        _w.Attendance(fair, absent, attended: false);
        var talk = _w.Activity(Details(3.February(2026), providers: [B]), present, absent);

        var check = _w.Check(absent, CheckIds.PalP3, 1.March(2026));

        check.Status.Should().Be(CheckStatus.Met, "everyone on roll that day was on the register, present or absent; the leaver was not on roll");
        check.Evidence.Should().Equal(fair, talk);
    }
}
