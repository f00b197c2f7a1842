using CareersCompliance.Domain.Alerts;
using CareersCompliance.Domain.Calendar;
using CareersCompliance.Domain.Common;
using CareersCompliance.Domain.ComplianceCases;
using CareersCompliance.Domain.Rules;
using CareersCompliance.Domain.Schools;
using CareersCompliance.Domain.Tests.Rules;
using CareersCompliance.Testing.Time;
using NodaTime;

namespace CareersCompliance.Domain.Tests.Alerts;

/// <summary>eventmodel/slices/alert-rules.json.</summary>
public sealed class AlertRulesTests
{
    private static readonly TrustId Trust = new("T1");
    private static readonly SchoolUrn Urn = new("100001");
    private static readonly LocalDate WindowEnd = 28.February(2026);

    [Fact]
    public void pal_window_closing_within_the_horizon_with_pupils_short_is_alerted()
    {
        var found = AlertRules.ForSchool(Trust, Report(15.January(2026), Cohort(PalPhase.First, 15.January(2026), onRoll: 10, met: 7)), AlertSettings.Default);

        var alert = found.Should().ContainSingle().Subject;
        alert.Rule.Should().Be(AlertRules.PalPupilsShort);
        alert.Severity.Should().Be(AlertSeverity.Warning);
        alert.Count.Should().Be(3);
        alert.DaysLeft.Should().Be(44);
        alert.DedupeKey.Should().Be("pal-pupils-short:100001:p1:2026-02-28");
        alert.Subject.Should().Contain("Hill School").And.Contain("phase 1");
        alert.Detail.Should().Contain("3 of 10").And.Contain("44 days left");
    }

    [Fact]
    public void pal_window_beyond_the_horizon_is_not_alerted() =>
        AlertRules.ForSchool(Trust, Report(1.November(2025), Cohort(PalPhase.First, 1.November(2025), onRoll: 10, met: 7)), AlertSettings.Default)
            .Should().BeEmpty();

    [Fact]
    public void pal_window_closed_with_pupils_short_is_a_missed_window()
    {
        var found = AlertRules.ForSchool(Trust, Report(1.March(2026), Cohort(PalPhase.First, 1.March(2026), onRoll: 10, met: 7)), AlertSettings.Default);

        found.Select(f => (f.Rule, f.Severity)).Should().Equal((AlertRules.PalWindowMissed, AlertSeverity.Critical));
    }

    [Fact]
    public void fewer_than_two_occasions_offered_in_phase_3_is_alerted()
    {
        var cohort = Cohort(PalPhase.Third, 20.February(2026), onRoll: 30, met: 0, occasions: CheckStatus.AtRisk);

        var found = AlertRules.ForSchool(Trust, Report(20.February(2026), cohort), AlertSettings.Default);

        var alert = found.Should().ContainSingle("phase 3 pupils' attendance is never required").Subject;
        alert.Rule.Should().Be(AlertRules.PalOccasionsShort);
        alert.Severity.Should().Be(AlertSeverity.Critical, "8 days are left");
        alert.DedupeKey.Should().Be("pal-occasions-short:100001:p3:2026-02-28");
    }

    [Fact]
    public void year_11_pupils_without_guidance_near_the_year_end_are_alerted()
    {
        var atRisk = new CheckResult(CheckIds.Gb8By16, CheckStatus.AtRisk, "not-yet", "no guidance meeting yet", [], GatsbyFramework.Gatsby2024,
            1.September(2025), 31.August(2026), []);
        PupilReport Pupil(CheckResult check) => new(new PupilId(Guid.NewGuid()), 11, GatsbyFramework.Gatsby2024, true, [check], []);
        var report = Report(15.July(2026)) with
        {
            Pupils = [Pupil(atRisk), Pupil(atRisk), Pupil(atRisk with { Status = CheckStatus.Met })],
        };

        var alert = AlertRules.ForSchool(Trust, report, AlertSettings.Default).Should().ContainSingle().Subject;

        alert.Rule.Should().Be(AlertRules.GuidanceMeetingMissing);
        alert.Count.Should().Be(2);
        alert.DaysLeft.Should().Be(47);
        alert.Detail.Should().Contain("2 Year 11 pupil(s)");
    }

    [Fact]
    public void a_missed_gb5_year_is_alerted_once_per_year_with_the_pupils_counted()
    {
        var missed = new CheckResult(CheckIds.Gb5Years, CheckStatus.NotMet, "missed-years", "no meaningful employer encounter in 2024/25", [],
            GatsbyFramework.Gatsby2024, 1.September(2023), 31.August(2025), [])
        { MissedYears = ["2024/25"] };
        PupilReport Pupil(CheckResult check) => new(new PupilId(Guid.NewGuid()), 9, GatsbyFramework.Gatsby2024, true, [check], []);
        var report = Report(1.October(2025)) with
        {
            Pupils = [Pupil(missed), Pupil(missed), Pupil(missed with { Status = CheckStatus.Met, MissedYears = [] })],
        };

        var alert = AlertRules.ForSchool(Trust, report, AlertSettings.Default).Should().ContainSingle().Subject;

        alert.Rule.Should().Be(AlertRules.Gb5YearMissed);
        alert.DedupeKey.Should().Be("gb5-year-missed:100001:2024/25");
        alert.Count.Should().Be(2);
        alert.Detail.Should().Contain("2 pupil(s)").And.Contain("2024/25");
    }

    [Fact]
    public void pupils_without_independent_guidance_near_the_end_of_the_key_stage_are_alerted()
    {
        var atRisk = new CheckResult(CheckIds.IagIndependent, CheckStatus.AtRisk, "no-independent-guidance", "none yet", [], GatsbyFramework.Gatsby2024,
            1.September(2023), 31.August(2026), []);
        PupilReport Pupil(CheckResult check) => new(new PupilId(Guid.NewGuid()), 9, GatsbyFramework.Gatsby2024, true, [check], []);
        var report = Report(15.July(2026)) with { Pupils = [Pupil(atRisk), Pupil(atRisk with { Status = CheckStatus.Due })] };

        var alert = AlertRules.ForSchool(Trust, report, AlertSettings.Default).Should().ContainSingle().Subject;

        alert.Rule.Should().Be(AlertRules.IagAtRisk);
        alert.DedupeKey.Should().Be("iag-at-risk:100001:2026-08-31:y9");
        alert.Count.Should().Be(1);
        alert.DaysLeft.Should().Be(47);
        alert.Detail.Should().Contain("independent adviser");
    }

    [Fact]
    public void school_without_a_careers_leader_is_a_critical_alert()
    {
        var report = Report(1.March(2026)) with
        {
            SchoolChecks =
            [
                new CheckResult(CheckIds.CareersLeader, CheckStatus.NotMet, "no-careers-leader", "no careers leader appointed", [],
                    GatsbyFramework.Gatsby2024, null, null, []),
            ],
        };

        var alert = AlertRules.ForSchool(Trust, report, AlertSettings.Default).Should().ContainSingle().Subject;

        alert.Severity.Should().Be(AlertSeverity.Critical);
        alert.DedupeKey.Should().Be("school-check:100001:CG.CareersLeader:no-careers-leader");
        alert.Detail.Should().Be("No careers leader appointed.");
    }

    [Fact]
    public void a_missing_item_says_since_when_it_has_been_missing_not_the_review_date()
    {
        var w = new World();
        w.School(new SchoolEvent.CareersProgrammeInformationPublished(World.Urn, true, true, true, 31.October(2024), 1.September(2023), World.By, World.Setup));
        w.School(new SchoolEvent.CareersProgrammeInformationPublished(World.Urn, true, true, false, 31.October(2024), 1.September(2024), World.By, World.Setup));
        w.School(new SchoolEvent.ProviderAccessPolicyStatementPublished(
            World.Urn, true, true, true, false, true, 31.October(2024), 2.September(2024), World.By, World.Setup));

        var found = AlertRules.ForSchool(Trust, w.School(1.December(2026)), AlertSettings.Default);

        var info = found.Single(a => a.DedupeKey.Contains(CheckIds.PublicationCareersInfo, StringComparison.Ordinal));
        info.Deadline.Should().BeNull("a missing item has no deadline: it is due now");
        info.DaysLeft.Should().BeNull();
        info.Subject.Should().Contain("Careers programme information published");
        info.Detail.Should().Contain("how impact is measured").And.Contain("missing since 2024-09-01").And.NotContain("2024-10-31");
        var statement = found.Single(a => a.DedupeKey.Contains(CheckIds.PalPolicyStatement, StringComparison.Ordinal));
        statement.Deadline.Should().BeNull();
        statement.Detail.Should().Contain("times at which access is given").And.Contain("missing since 2024-09-02");
    }

    [Fact]
    public void a_review_that_is_due_says_its_review_date()
    {
        var w = new World();
        w.School(new SchoolEvent.CareersProgrammeInformationPublished(World.Urn, true, true, true, 20.December(2026), 1.September(2025), World.By, World.Setup));
        w.School(new SchoolEvent.ProviderAccessPolicyStatementPublished(
            World.Urn, true, true, true, true, true, 31.October(2026), 1.September(2025), World.By, World.Setup));

        var found = AlertRules.ForSchool(Trust, w.School(1.December(2026)), AlertSettings.Default);

        var soon = found.Single(a => a.DedupeKey.Contains(CheckIds.PublicationCareersInfo, StringComparison.Ordinal));
        (soon.Deadline, soon.DaysLeft).Should().Be((20.December(2026), 19));
        var passed = found.Single(a => a.DedupeKey.Contains(CheckIds.PalPolicyStatement, StringComparison.Ordinal));
        (passed.Deadline, passed.DaysLeft).Should().Be((31.October(2026), -31));
    }

    [Fact]
    public void referral_not_triaged_within_the_service_level_is_alerted()
    {
        var referral = new ReferralProgress(new ReferralId(Guid.NewGuid()), Urn, 5.January(2026), null, null, false);

        AlertRules.ForReferrals(Trust, [referral], 10.January(2026), AlertSettings.Default).Should().BeEmpty("five days have not passed");
        var alert = AlertRules.ForReferrals(Trust, [referral], 12.January(2026), AlertSettings.Default).Should().ContainSingle().Subject;
        alert.Rule.Should().Be(AlertRules.ReferralNotTriaged);
        AlertRules.ForReferrals(Trust, [referral with { TriagedOn = 11.January(2026) }], 12.January(2026), AlertSettings.Default)
            .Should().BeEmpty("it was triaged, late");
    }

    [Fact]
    public void ladder_comply_by_date_passed_is_critical()
    {
        var open = OpenCase(1.February(2026));

        AlertRules.ForComplianceCases(Trust, [open], 20.January(2026), AlertSettings.Default)
            .Select(c => c.Rule).Should().Equal(AlertRules.LadderComplyByApproaching);
        var passed = AlertRules.ForComplianceCases(Trust, [open], 3.February(2026), AlertSettings.Default).Should().ContainSingle().Subject;
        passed.Rule.Should().Be(AlertRules.LadderComplyByPassed);
        passed.Severity.Should().Be(AlertSeverity.Critical);
    }

    [Fact]
    public void paused_projection_integrity_failure_and_sealing_lag_are_operations_alerts()
    {
        var health = new OperationsHealth(false, 41, "event data changed", [("audit_index", 17, "bad json")], Duration.FromMinutes(10));

        var found = AlertRules.ForOperations(health, AlertSettings.Default);

        found.Select(f => f.DedupeKey).Should().Equal("integrity-failure:ledger", "projection-paused:audit_index", "sealing-lag:ledger");
        found.Should().OnlyContain(f => f.TrustId == null && f.SchoolUrn == null);
        AlertRules.ForOperations(new OperationsHealth(true, null, null, [], Duration.FromMinutes(1)), AlertSettings.Default).Should().BeEmpty();
    }

    [Fact]
    public void the_dedupe_key_is_stable_while_the_condition_persists()
    {
        var monday = AlertRules.ForSchool(Trust, Report(12.January(2026), Cohort(PalPhase.First, 12.January(2026), 10, 6)), AlertSettings.Default);
        var tuesday = AlertRules.ForSchool(Trust, Report(13.January(2026), Cohort(PalPhase.First, 13.January(2026), 10, 8)), AlertSettings.Default);

        monday.Single().DedupeKey.Should().Be(tuesday.Single().DedupeKey);
        monday.Single().Count.Should().NotBe(tuesday.Single().Count);
    }

    private static ComplianceCase.Open OpenCase(LocalDate complyBy) =>
        new(new ComplianceCaseId(Guid.NewGuid()), Urn, LadderStep.Complaint, 1.December(2025), complyBy);

    private static PalCohortResult Cohort(PalPhase phase, LocalDate asOf, int onRoll, int met, CheckStatus occasions = CheckStatus.Met)
    {
        var start = 1.September(2024);
        var status = asOf > WindowEnd && occasions != CheckStatus.Met ? CheckStatus.NotMet : occasions;
        var check = new CheckResult(CheckIds.PalOccasions, status, status == CheckStatus.Met ? "met" : "fewer-than-two-occasions-offered",
            status == CheckStatus.Met ? null : "1 qualifying occasion(s) offered to Year 13; two are needed", [], GatsbyFramework.Gatsby2024, start,
            WindowEnd, []);
        var yearGroup = phase switch { PalPhase.First => 9, PalPhase.Second => 11, _ => 13 };
        return new PalCohortResult(phase, yearGroup, start, WindowEnd, PalPhases.DaysBetween(asOf, WindowEnd), check, onRoll, met, null, null, null);
    }

    private static SchoolReport Report(LocalDate asOf, params PalCohortResult[] cohorts) =>
        new(Urn, "Hill School", asOf, Instant.FromUtc(2026, 1, 1, 0, 0), RuleSettings.Default.Describe(), GatsbyFramework.Gatsby2024, [], [],
            cohorts, []);
}
