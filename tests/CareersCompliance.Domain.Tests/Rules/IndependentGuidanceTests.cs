using CareersCompliance.Domain.Activities;
using CareersCompliance.Domain.Rules;
using CareersCompliance.Testing.Time;
using static CareersCompliance.Domain.Tests.Rules.World;

namespace CareersCompliance.Domain.Tests.Rules;

/// <summary>eventmodel/slices/independent-guidance.json: s42A independent careers guidance per key stage (decision 0037).</summary>
public sealed class IndependentGuidanceTests
{
    private readonly World _w = new();

    [Fact]
    public void iag_is_met_by_a_meeting_with_an_independent_adviser_this_key_stage()
    {
        var p = _w.Pupil(8, 2025);
        var meeting = _w.Activity(Details(10.October(2025), ActivityKind.GuidanceMeeting, adviser: Level6), p);

        var check = _w.Check(p, CheckIds.IagIndependent, 1.March(2026));

        check.Status.Should().Be(CheckStatus.Met);
        check.Evidence.Should().Equal(meeting);
        check.Deadline.Should().Be(31.August(2027));
    }

    [Fact]
    public void iag_ignores_advisers_not_marked_independent()
    {
        var p = _w.Pupil(8, 2025);
        _w.Activity(Details(10.October(2025), ActivityKind.GuidanceMeeting, adviser: Level6Staff), p);

        var check = _w.Check(p, CheckIds.IagIndependent, 1.March(2026));

        check.Status.Should().Be(CheckStatus.Due);
        check.ReasonCode.Should().Be("no-independent-guidance");
    }

    [Fact]
    public void iag_is_judged_for_the_key_stage_of_the_as_of_date()
    {
        var p = _w.Pupil(9, 2025);
        _w.Activity(Details(10.October(2025), ActivityKind.GuidanceMeeting, adviser: Level6), p);

        _w.Check(p, CheckIds.IagIndependent, 1.March(2026)).Status.Should().Be(CheckStatus.Met);
        var year10 = _w.Check(p, CheckIds.IagIndependent, 1.October(2026));
        year10.Status.Should().Be(CheckStatus.Due, "Years 10-11 need their own meeting");
        year10.Deadline.Should().Be(31.August(2028));
    }

    [Fact]
    public void iag_is_at_risk_near_the_end_of_the_key_stage_and_not_met_after()
    {
        var p = _w.Pupil(11, 2025);

        _w.Check(p, CheckIds.IagIndependent, 1.July(2026)).Status.Should().Be(CheckStatus.Due);
        _w.Check(p, CheckIds.IagIndependent, 2.July(2026)).Status.Should().Be(CheckStatus.AtRisk);
        _w.Check(p, CheckIds.IagIndependent, 31.August(2026)).Status.Should().Be(CheckStatus.AtRisk);
    }

    [Fact]
    public void iag_leaver_in_the_final_year_of_the_key_stage_is_not_met()
    {
        var p = _w.Pupil(13, 2025, left: 1.June(2026));

        var check = _w.Check(p, CheckIds.IagIndependent, 2.June(2026));

        check.Status.Should().Be(CheckStatus.NotMet);
        check.ReasonCode.Should().Be("left-unmet");
    }

    [Fact]
    public void school_report_gives_iag_and_gb5_years_coverage_per_year_group()
    {
        var met = _w.Pupil(8, 2025);
        _w.Pupil(8, 2025);
        _w.Pupil(10, 2025);
        _w.Activity(Details(10.October(2025), ActivityKind.GuidanceMeeting, adviser: Level6), met);

        var report = _w.School(1.March(2026));

        var year8 = report.YearGroupCoverage.Single(c => c.YearGroup == 8 && string.Equals(c.Coverage.CheckId, CheckIds.IagIndependent, StringComparison.Ordinal)).Coverage;
        year8.Met.Should().Be(1);
        year8.Due.Should().Be(1);
        year8.MetPercent.Should().Be(50m);
        report.YearGroupCoverage.Should().Contain(c => c.YearGroup == 10 && string.Equals(c.Coverage.CheckId, CheckIds.Gb5Years, StringComparison.Ordinal));
        report.Coverage.Select(c => c.CheckId).Should().Contain([CheckIds.Gb5Years, CheckIds.IagIndependent]);
    }
}
