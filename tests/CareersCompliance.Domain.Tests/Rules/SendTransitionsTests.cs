using CareersCompliance.Domain.Alerts;
using CareersCompliance.Domain.Common;
using CareersCompliance.Domain.Pupils;
using CareersCompliance.Domain.Rules;
using CareersCompliance.Testing.Time;
using NodaTime;
using static CareersCompliance.Domain.Tests.Rules.World;

namespace CareersCompliance.Domain.Tests.Rules;

/// <summary>eventmodel/slices/send-transitions.json: EHC plan transitions (decision 0046).</summary>
public sealed class SendTransitionsTests
{
    private readonly World _w = new();

    private PupilId WithEhcp(int yearGroup, int year, LocalDate? left = null, SenStatus status = SenStatus.EhcPlan)
    {
        var p = _w.Pupil(yearGroup, year, left: left);
        _w.Add(new PupilEvent.PupilSenStatusRecorded(p, status, 1.September(2020), By, Setup));
        return p;
    }

    private void Review(PupilId p, LocalDate on, bool adulthood = true) => _w.Add(new PupilEvent.EhcpReviewHeld(p, on, adulthood, By, Setup));

    private void Named(PupilId p, LocalDate on) => _w.Add(new PupilEvent.PhaseTransferNamed(p, on, By, Setup));

    [Fact]
    public void year_9_review_covering_adulthood_is_met()
    {
        var p = WithEhcp(9, 2025);
        Review(p, 10.February(2026));

        var check = _w.Check(p, CheckIds.SendYear9Review, 1.March(2026));

        check.Status.Should().Be(CheckStatus.Met);
        check.Deadline.Should().Be(31.August(2026));
        check.Reason.Should().Contain("2026-02-10");
    }

    [Fact]
    public void year_9_review_without_adulthood_does_not_count()
    {
        var p = WithEhcp(9, 2025);
        Review(p, 10.February(2026), adulthood: false);
        Review(p, 10.February(2025));

        var check = _w.Check(p, CheckIds.SendYear9Review, 1.September(2026));

        check.Status.Should().Be(CheckStatus.NotMet, "the Year 8 review is before the window and the Year 9 one left adulthood out");
        check.ReasonCode.Should().Be("review-without-preparing-for-adulthood");
    }

    [Fact]
    public void pupil_without_ehcp_is_not_judged()
    {
        var support = WithEhcp(11, 2025, status: SenStatus.SenSupport);
        var none = _w.Pupil(9, 2025);

        foreach (var (p, id) in new[] { (support, CheckIds.SendPhaseTransfer), (support, CheckIds.SendYear9Review), (none, CheckIds.SendYear9Review) })
        {
            var check = _w.Check(p, id, 1.April(2026));
            check.Status.Should().Be(CheckStatus.NotApplicable);
            check.ReasonCode.Should().Be("no-ehc-plan");
        }

        _w.School(1.April(2026)).Coverage.Single(c => string.Equals(c.CheckId, CheckIds.SendPhaseTransfer, StringComparison.Ordinal)).Applicable.Should().Be(0);
    }

    [Fact]
    public void placement_named_on_31_march_is_met()
    {
        var p = WithEhcp(11, 2025);
        Named(p, 31.March(2026));

        var check = _w.Check(p, CheckIds.SendPhaseTransfer, 1.April(2026));

        check.Status.Should().Be(CheckStatus.Met);
        check.Deadline.Should().Be(31.March(2026));
        check.WindowStart.Should().Be(1.September(2025));
    }

    [Fact]
    public void placement_named_on_1_april_is_missed()
    {
        var p = WithEhcp(11, 2025);
        Named(p, 1.April(2026));

        _w.Check(p, CheckIds.SendPhaseTransfer, 31.March(2026)).Status.Should().Be(CheckStatus.AtRisk, "nothing named yet on the day");
        var check = _w.Check(p, CheckIds.SendPhaseTransfer, 2.April(2026));
        check.Status.Should().Be(CheckStatus.NotMet);
        check.ReasonCode.Should().Be("named-after-deadline");
        check.Reason.Should().Contain("2026-04-01");
    }

    [Fact]
    public void phase_transfer_is_due_then_at_risk()
    {
        var p = WithEhcp(11, 2025);

        _w.Check(p, CheckIds.SendPhaseTransfer, 29.January(2026)).Status.Should().Be(CheckStatus.Due);
        _w.Check(p, CheckIds.SendPhaseTransfer, 30.January(2026)).Status.Should().Be(CheckStatus.AtRisk);
        _w.Check(p, CheckIds.SendPhaseTransfer, 31.March(2026)).Status.Should().Be(CheckStatus.AtRisk);
        _w.Check(p, CheckIds.SendPhaseTransfer, 1.April(2026)).ReasonCode.Should().Be("window-closed-unmet");
    }

    [Fact]
    public void leaver_before_31_march_is_judged_on_leaving()
    {
        var p = WithEhcp(11, 2025, left: 1.February(2026));
        Named(p, 10.February(2026));

        var check = _w.Check(p, CheckIds.SendPhaseTransfer, 2.March(2026));

        check.Status.Should().Be(CheckStatus.NotMet, "named after the pupil left, at another school's request");
        check.ReasonCode.Should().Be("left-unmet");
    }

    [Fact]
    public void year_14_pupil_is_on_roll_at_a_school_teaching_to_14()
    {
        var w = new World(highestYear: 14);
        var p = w.Pupil(14, 2025);
        w.Add(new PupilEvent.PupilSenStatusRecorded(p, SenStatus.EhcPlan, 1.September(2020), By, Setup));
        w.Add(new PupilEvent.PhaseTransferNamed(p, 15.March(2023), By, Setup));

        var report = w.Report(p, 1.March(2026));

        report.OnRoll.Should().BeTrue();
        report.YearGroup.Should().Be(14);
        report.Check(CheckIds.SendPhaseTransfer).Status.Should().Be(CheckStatus.Met, "Year 11 was 2022/23, named by 31 March 2023");
        report.Check(CheckIds.SendYear9Review).Status.Should().Be(CheckStatus.NotMet);
        report.Check(CheckIds.Gb5).ReasonCode.Should().Be("year-group-outside-7-13");
        w.School(1.March(2026)).Pupils.Should().ContainSingle(r => r.PupilId == p);
        var to13 = new World(highestYear: 13);
        to13.Report(to13.Pupil(14, 2025), 1.March(2026)).OnRoll.Should().BeFalse("past the school's highest year");
    }

    [Fact]
    public void missed_and_approaching_deadlines_are_alerted()
    {
        var trust = new TrustId("LLT");
        WithEhcp(11, 2025);
        WithEhcp(11, 2025);

        var before = AlertRules.ForSchool(trust, _w.School(1.March(2026)), AlertSettings.Default);
        var due = before.Should().ContainSingle(a => string.Equals(a.Rule, AlertRules.EhcpDeadlineApproaching, StringComparison.Ordinal)).Subject;
        due.Count.Should().Be(2);
        due.Deadline.Should().Be(31.March(2026));
        due.DaysLeft.Should().Be(30);

        var after = AlertRules.ForSchool(trust, _w.School(1.April(2026)), AlertSettings.Default);
        var missed = after.Should().ContainSingle(a => string.Equals(a.Rule, AlertRules.EhcpDeadlineMissed, StringComparison.Ordinal)).Subject;
        missed.Severity.Should().Be(AlertSeverity.Critical);
        missed.Detail.Should().Contain("2 pupil(s) with an EHC plan");
        after.Should().NotContain(a => string.Equals(a.Rule, AlertRules.EhcpDeadlineApproaching, StringComparison.Ordinal));

        AlertRules.ForSchool(trust, _w.School(1.October(2026)), AlertSettings.Default)
            .Should().NotContain(a => string.Equals(a.Rule, AlertRules.EhcpDeadlineMissed, StringComparison.Ordinal), "raised in the deadline's academic year only");
    }
}
