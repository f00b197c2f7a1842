using CareersCompliance.Domain.Calendar;
using CareersCompliance.Domain.Common;
using CareersCompliance.Domain.Rules;
using CareersCompliance.Domain.Schools;
using CareersCompliance.Testing.Time;
using NodaTime;
using static CareersCompliance.Domain.Tests.Rules.World;

namespace CareersCompliance.Domain.Tests.Rules;

/// <summary>eventmodel/slices/school-checks.json.</summary>
public sealed class SchoolChecksTests
{
    private readonly World _w = new();

    [Fact]
    public void publication_with_all_four_items_and_a_future_review_date_is_met()
    {
        _w.School(new SchoolEvent.CareersProgrammeInformationPublished(Urn, true, true, true, 1.September(2026), 1.September(2025), By, Setup));

        Check(CheckIds.PublicationCareersInfo, 1.March(2026)).Status.Should().Be(CheckStatus.Met);
    }

    [Fact]
    public void publication_past_its_review_date_is_not_met()
    {
        _w.School(new SchoolEvent.CareersProgrammeInformationPublished(Urn, true, true, true, 1.October(2024), 1.September(2023), By, Setup));

        Check(CheckIds.PublicationCareersInfo, 1.March(2026)).ReasonCode.Should().Be("review-date-passed");
    }

    [Fact]
    public void publication_missing_an_item_is_not_met()
    {
        _w.School(new SchoolEvent.CareersProgrammeInformationPublished(Urn, true, false, true, 1.September(2026), 1.September(2025), By, Setup));

        var check = Check(CheckIds.PublicationCareersInfo, 1.March(2026));

        check.ReasonCode.Should().Be("items-missing");
        check.Reason.Should().Contain("summary of the programme");
    }

    [Fact]
    public void policy_statement_without_access_times_is_not_met()
    {
        _w.School(new SchoolEvent.ProviderAccessPolicyStatementPublished(
            Urn, true, true, true, false, true, 1.September(2026), 1.September(2025), By, Setup));

        var check = Check(CheckIds.PalPolicyStatement, 1.March(2026));

        check.Status.Should().Be(CheckStatus.NotMet);
        check.Reason.Should().Contain("times at which access is given");
    }

    [Fact]
    public void untrained_careers_leader_is_not_met_until_training_is_recorded()
    {
        var leader = new StaffId("STAFF-1");
        _w.School(new SchoolEvent.CareersLeaderAppointed(Urn, leader, false, 1.September(2025), By, Setup));

        Check(CheckIds.CareersLeader, 1.March(2026)).ReasonCode.Should().Be("careers-leader-not-trained");

        _w.School(new SchoolEvent.CareersLeaderTrainingRecorded(Urn, leader, 1.February(2026), By, Setup));
        Check(CheckIds.CareersLeader, 1.March(2026)).Status.Should().Be(CheckStatus.Met);
    }

    [Fact]
    public void school_pal_occasions_and_coverage_are_given_per_cohort_with_the_cec_band()
    {
        var met = _w.Pupil(9, 2025);
        var shortOfOne = _w.Pupil(9, 2025);
        var leaver = _w.Pupil(9, 2025, left: 1.December(2025));
        _w.Activity(Details(10.November(2025), providers: [A], yearGroups: [9]), met, shortOfOne, leaver);
        _w.Activity(Details(3.February(2026), providers: [B], yearGroups: [9]), met);

        var cohort = _w.School(1.March(2026)).PalCohorts.Single(c => c.Phase == PalPhase.First && c.YearGroupNow == 9);

        cohort.Occasions.Status.Should().Be(CheckStatus.Met);
        cohort.PupilsOnRoll.Should().Be(3, "a pupil who left in Year 9 stays in the cohort, judged on the leaving date");
        cohort.PupilsMet.Should().Be(1);
        cohort.CoveragePercent.Should().Be(33.3m);
        cohort.Band.Should().Be(CecBand.Some);
        cohort.DaysLeft.Should().Be(-1);
    }

    [Fact]
    public void cec_bands_follow_the_documented_boundaries()
    {
        ComplianceRules.BandOf(0, 40).Should().Be(CecBand.None);
        ComplianceRules.BandOf(1, 400).Should().Be(CecBand.AFew);
        ComplianceRules.BandOf(10, 40).Should().Be(CecBand.AFew);
        ComplianceRules.BandOf(11, 40).Should().Be(CecBand.Some);
        ComplianceRules.BandOf(20, 40).Should().Be(CecBand.Some);
        ComplianceRules.BandOf(30, 40).Should().Be(CecBand.Most);
        ComplianceRules.BandOf(31, 40).Should().Be(CecBand.NearlyAll);
        ComplianceRules.BandOf(40, 40).Should().Be(CecBand.All);
    }

    [Fact]
    public void report_names_the_settings_it_used()
    {
        var settings = _w.School(1.March(2026)).Settings;

        settings.Should().Be(new SettingsDescription("strict", "endOfYear", 60, "08:30-16:00", "2023-01-01", "2025/26")
        {
            PriorSchoolEvidence = "count",
            SchoolDays = "Mon-Fri",
        });

        RuleSettings.TryParseSchoolDays("mon-sat", out var days).Should().BeTrue();
        var chosen = _w.School(1.March(2026), RuleSettings.Default with { PriorSchoolEvidence = PriorSchoolEvidence.Ignore, SchoolDays = days }).Settings;
        chosen.PriorSchoolEvidence.Should().Be("ignore");
        chosen.SchoolDays.Should().Be("Mon-Sat");
    }

    [Fact]
    public void trust_roll_up_includes_only_schools_in_the_trust_on_the_date()
    {
        var trust = new TrustId("TR1");
        _w.School(new SchoolEvent.SchoolJoinedTrust(Urn, trust, 1.September(2024), By, Setup));
        var other = new SchoolEvidence(new SchoolUrn("100002"), [], [], [], [], []);
        _w.Pupil(9, 2025);

        var report = ComplianceRules.EvaluateTrust(trust, [_w.Evidence(), other], RuleSettings.Default, 1.March(2026), Instant.MaxValue);

        report.Schools.Should().ContainSingle().Which.Urn.Should().Be(Urn);
        report.Coverage.Single(c => string.Equals(c.CheckId, CheckIds.PalP1, StringComparison.Ordinal)).NotMet.Should().Be(1);
        report.PalCoverage.Single(c => c.Phase == PalPhase.First).Headline!.PupilsOnRoll.Should().Be(1);
    }

    [Fact]
    public void trust_roll_up_gives_each_pal_cohort_its_own_figure_headed_by_the_next_deadline()
    {
        var trust = new TrustId("TR1");
        _w.School(new SchoolEvent.SchoolJoinedTrust(Urn, trust, 1.September(2024), By, Setup));
        var year9 = _w.Pupil(9, 2025);
        _w.Pupil(8, 2025);
        _w.Encounter(10.October(2025), [A], year9);
        _w.Encounter(12.November(2025), [B], year9);

        var report = ComplianceRules.EvaluateTrust(trust, [_w.Evidence()], RuleSettings.Default, 1.December(2025), Instant.MaxValue);

        var phase1 = report.PalCoverage.Single(c => c.Phase == PalPhase.First);
        phase1.Cohorts.Select(c => (c.YearGroupNow, c.WindowEnd, c.DaysLeft, c.PupilsOnRoll, c.PupilsMet))
            .Should().Equal((9, 28.February(2026), 89, 1, 1), (8, 28.February(2027), 454, 1, 0));
        phase1.Headline.Should().Be(phase1.Cohorts[0], "Year 9's deadline is next");
        phase1.Headline!.CoveragePercent.Should().Be(100m, "the Year 9 cohort is all met; Year 8 is not summed into it");
        PalPhaseCoverage.ForSchool(report.Schools.Single(), PalPhase.First).Should().BeEquivalentTo(phase1);
        PalPhaseCoverage.ForSchools([report.Schools.Single(), report.Schools.Single()], PalPhase.First).Headline!.PupilsOnRoll
            .Should().Be(2, "the same cohort at two schools is summed");
    }

    private CheckResult Check(string id, LocalDate asOf) => _w.School(asOf).SchoolChecks.Single(c => string.Equals(c.CheckId, id, StringComparison.Ordinal));
}
