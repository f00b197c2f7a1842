using CareersCompliance.Domain.Activities;
using CareersCompliance.Domain.Calendar;
using CareersCompliance.Domain.Rules;
using CareersCompliance.Testing.Time;
using static CareersCompliance.Domain.Tests.Rules.World;

namespace CareersCompliance.Domain.Tests.Rules;

/// <summary>eventmodel/slices/leavers-and-moves.json: leavers are judged, evidence follows the pupil (decisions 0032, 0033).</summary>
public sealed class LeaversAndMovesTests
{
    private readonly World _w = new();

    [Fact]
    public void year_11_leaver_without_guidance_is_due_before_leaving_and_not_met_after()
    {
        var p = _w.Pupil(11, 2025, left: 17.July(2026));

        _w.Check(p, CheckIds.Gb8By16, 1.July(2026)).Status.Should().Be(CheckStatus.Due);

        var after = _w.Check(p, CheckIds.Gb8By16, 20.July(2026));
        after.Status.Should().Be(CheckStatus.NotMet);
        after.ReasonCode.Should().Be("left-unmet");
        after.Reason.Should().Contain("left on 2026-07-17");
    }

    [Fact]
    public void leaver_is_judged_on_the_evidence_by_the_leaving_date()
    {
        var p = _w.Pupil(11, 2025, left: 17.July(2026));
        var meeting = _w.Activity(Details(1.June(2026), ActivityKind.GuidanceMeeting, adviser: Level6), p);

        var check = _w.Check(p, CheckIds.Gb8By16, 20.July(2026));

        check.Status.Should().Be(CheckStatus.Met);
        check.Evidence.Should().Equal(meeting);
    }

    [Fact]
    public void year_11_leaver_stays_in_the_school_report_and_its_coverage()
    {
        var p = _w.Pupil(11, 2025, left: 17.July(2026));

        var report = _w.School(20.July(2026));

        report.Pupils.Should().ContainSingle(r => r.PupilId == p);
        report.Coverage.Single(c => string.Equals(c.CheckId, CheckIds.Gb8By16, StringComparison.Ordinal)).NotMet.Should().Be(1);
    }

    [Fact]
    public void year_9_leaver_in_february_is_not_met_for_phase_1_and_stays_in_the_cohort()
    {
        var p = _w.Pupil(9, 2025, left: 27.February(2026));

        var check = _w.Check(p, CheckIds.PalP1, 1.March(2026));
        check.Status.Should().Be(CheckStatus.NotMet);
        check.ReasonCode.Should().Be("left-unmet");

        var cohort = _w.School(1.March(2026)).PalCohorts.Single(c => c.Phase == PalPhase.First && c.YearGroupNow == 9);
        cohort.PupilsOnRoll.Should().Be(1);
        cohort.PupilsMet.Should().Be(0);

        var later = _w.School(1.July(2026)).PalCohorts.Single(c => c.Phase == PalPhase.First && c.YearGroupNow == 9);
        later.PupilsOnRoll.Should().Be(1, "a later report covering that window still counts the leaver");
    }

    [Fact]
    public void leaver_on_the_last_day_of_the_window_is_judged_at_the_window_end()
    {
        var p = _w.Pupil(9, 2025, left: 28.February(2026));
        _w.Encounter(10.November(2025), [A], p);

        _w.Check(p, CheckIds.PalP1, 28.February(2026)).Status.Should().Be(CheckStatus.AtRisk);

        var closed = _w.Check(p, CheckIds.PalP1, 1.March(2026));
        closed.Status.Should().Be(CheckStatus.NotMet);
        closed.ReasonCode.Should().Be("window-closed-unmet");
        _w.School(1.March(2026)).PalCohorts.Single(c => c.Phase == PalPhase.First && c.YearGroupNow == 9).PupilsOnRoll.Should().Be(1);
    }

    [Fact]
    public void year_10_leaver_is_not_applicable_for_by_16_checks()
    {
        var p = _w.Pupil(10, 2025, left: 20.July(2026));

        var check = _w.Check(p, CheckIds.Gb8By16, 21.July(2026));

        check.Status.Should().Be(CheckStatus.NotApplicable);
        check.ReasonCode.Should().Be("left-before-final-year");
    }

    [Fact]
    public void year_13_leaver_is_judged_for_by_18_checks()
    {
        var p = _w.Pupil(13, 2026, left: 1.June(2027));

        var check = _w.Check(p, CheckIds.Gb8By18, 2.June(2027));

        check.Status.Should().Be(CheckStatus.NotMet);
        check.ReasonCode.Should().Be("left-unmet");
    }

    [Fact]
    public void evidence_follows_a_pupil_who_moves_in_january_of_year_9()
    {
        // On roll at the other school from Year 7, with two encounters there; moves here on 12 January of Year 9.
        var p = _w.Pupil(9, 2025, admitted: 12.January(2026));
        _w.Enrol(p, Other, 1.September(2022), left: 9.January(2026));
        var first = _w.Activity(Details(12.November(2024), providers: [A], school: Other), p);
        var second = _w.Activity(Details(7.November(2025), providers: [B], school: Other), p);

        var here = _w.Check(p, CheckIds.PalP1, 1.March(2026));
        here.Status.Should().Be(CheckStatus.Met);
        here.Evidence.Should().Equal(first, second);
        here.Flags.Where(f => string.Equals(f.Code, "recorded-by-another-school", StringComparison.Ordinal)).Select(f => f.ActivityId).Should().Equal(first, second);
        here.Flags.Should().Contain(f => f.Message.Contains("100002"));

        _w.CheckAt(Other, p, CheckIds.PalP1, 1.March(2026)).Status.Should().Be(CheckStatus.Met, "the school left is judged on the leaving date");
    }

    [Fact]
    public void prior_school_evidence_can_be_ignored_by_setting()
    {
        var p = _w.Pupil(9, 2025, admitted: 12.January(2026));
        _w.Enrol(p, Other, 1.September(2022), left: 9.January(2026));
        _w.Activity(Details(12.November(2024), providers: [A], school: Other), p);
        _w.Activity(Details(7.November(2025), providers: [B], school: Other), p);

        var check = _w.Check(p, CheckIds.PalP1, 1.March(2026), RuleSettings.Default with { PriorSchoolEvidence = PriorSchoolEvidence.Ignore });

        check.Status.Should().Be(CheckStatus.NotMet);
        check.ReasonCode.Should().Be("late-joiner-window-closed-unmet");
        check.Evidence.Should().BeEmpty();
    }

    [Fact]
    public void move_on_the_day_a_window_closes_is_judged_at_both_schools()
    {
        var p = _w.Pupil(9, 2025, admitted: 28.February(2026));
        _w.Enrol(p, Other, 1.September(2022), left: 28.February(2026));
        _w.Activity(Details(10.November(2025), providers: [A], school: Other), p);
        _w.Activity(Details(3.February(2026), providers: [B], school: Other), p);

        _w.Check(p, CheckIds.PalP1, 1.March(2026)).Status.Should().Be(CheckStatus.Met, "here the pupil joined on the last day and brings the evidence");
        _w.CheckAt(Other, p, CheckIds.PalP1, 1.March(2026)).Status.Should().Be(CheckStatus.Met, "there the pupil was on roll at the window's end");
    }

    [Fact]
    public void pupil_on_two_rolls_on_the_same_day_counts_both_schools_activities_at_each()
    {
        var p = _w.Pupil(9, 2025, admitted: 1.September(2025));
        _w.Enrol(p, Other, 1.September(2025));
        var there = _w.Activity(Details(10.November(2025), providers: [A], school: Other), p);
        var here = _w.Activity(Details(3.February(2026), providers: [B], yearGroups: [9]), p);

        _w.Check(p, CheckIds.PalP1, 1.March(2026)).Evidence.Should().Equal(there, here);
        var atOther = _w.CheckAt(Other, p, CheckIds.PalP1, 1.March(2026));
        atOther.Status.Should().Be(CheckStatus.Met);
        atOther.Flags.Should().ContainSingle(f => string.Equals(f.Code, "recorded-by-another-school", StringComparison.Ordinal)).Which.Message.Should().Contain("100001");

        // Only the school's own occasions count for its duty to offer them.
        _w.School(1.March(2026)).PalCohorts.Single(c => c.Phase == PalPhase.First && c.YearGroupNow == 9).Occasions.Evidence.Should().Equal(here);
    }
}
