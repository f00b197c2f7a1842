using CareersCompliance.Domain.Activities;
using CareersCompliance.Domain.Common;
using CareersCompliance.Domain.Pupils;
using CareersCompliance.Domain.Rules;
using CareersCompliance.Domain.Schools;
using CareersCompliance.Testing.Time;
using NodaTime;
using static CareersCompliance.Domain.Schools.SchoolEvent;
using static CareersCompliance.Domain.Tests.Rules.World;

namespace CareersCompliance.Domain.Tests.Rules;

/// <summary>eventmodel/slices/compass-evaluation.json.</summary>
public sealed class CompassEvaluationTests
{
    private static readonly ActivityChecklist Meaningful = new(Purpose: true, Outcomes: true, TwoWay: true, Reflection: true);
    private static readonly ActivityChecklist FullExperience = Meaningful with { RangeOfPeople = true, Task = true, Feedback = true };
    private readonly World _w = new();

    [Fact]
    public void gb1_under_2024_needs_governors_and_headteacher_backing()
    {
        StableProgramme(1.September(2025));
        _w.School(new CareersProgrammeBackingRecorded(Urn, ProgrammeBacker.Headteacher, 10.January(2026), By, Setup));

        var before = _w.Compass(31.March(2026));
        before.Framework.Should().Be(GatsbyFramework.Gatsby2024);
        before.Criterion("GB1.Backing")!.Met.Should().BeFalse();
        before.Benchmark("GB1").Achieved.Should().BeFalse();
        before.Benchmark("GB1").Percent.Should().Be(80);

        _w.School(new CareersProgrammeBackingRecorded(Urn, ProgrammeBacker.Governors, 12.January(2026), By, Setup));
        var after = _w.Compass(31.March(2026)).Benchmark("GB1");
        after.Achieved.Should().BeTrue();
        after.Percent.Should().Be(100);
        after.Criteria.Select(c => c.Id).Should().Equal("GB1.Published", "GB1.Leader", "GB1.Backing", "GB1.Feedback", "GB1.ParentPlan");
        after.Criteria.Single(c => string.Equals(c.Id, "GB1.Backing", StringComparison.Ordinal)).Evidence.Should().Equal("backed by headteacher 2026-01-10", "backed by governors 2026-01-12");
    }

    [Fact]
    public void gb1_under_2014_accepts_senior_leadership_backing()
    {
        _w.School(new CareersProgrammeBackingRecorded(Urn, ProgrammeBacker.SeniorLeadership, 10.January(2025), By, Setup));

        var report = _w.Compass(31.March(2025));
        report.Framework.Should().Be(GatsbyFramework.Gatsby2014);
        report.Criterion("GB1.Backing")!.Met.Should().BeTrue();
        report.Criterion("GB1.ParentPlan").Should().BeNull("the 2014 benchmark has no parent engagement plan");
    }

    [Fact]
    public void gb1_facts_older_than_the_lookback_do_not_count()
    {
        foreach (var source in new[] { FeedbackSource.Pupils, FeedbackSource.Parents, FeedbackSource.Teachers, FeedbackSource.Employers })
        {
            _w.School(new CareersProgrammeFeedbackRecorded(Urn, source, 10.September(2024), By, Setup));
        }

        _w.Compass(31.July(2025)).Criterion("GB1.Feedback")!.Met.Should().BeTrue();
        var later = _w.Compass(31.December(2025)).Criterion("GB1.Feedback")!;
        later.Met.Should().BeFalse();
        later.Description.Should().Contain("none yet from pupils, parents, teachers, careers_advisers, employers");
    }

    [Fact]
    public void gb2_needs_an_attended_lmi_session_this_year()
    {
        var attended = _w.Pupil(9, 2025);
        var absent = _w.Pupil(9, 2025);
        var session = _w.Activity(Details(1.October(2025), ActivityKind.LmiSession), attended);
        _w.Attendance(session, absent, attended: false);

        var gb2 = _w.Compass(31.December(2025)).Criterion("GB2.Pupils")!;
        gb2.Pupils.Should().Be(2);
        gb2.PupilsMet.Should().Be(1);
        gb2.Score.Should().Be(50m);
        gb2.Met.Should().BeFalse();
        gb2.PupilsShort.Should().Equal(absent);
        gb2.Evidence.Should().Equal("1 of 2 pupils", session.Value);

        _w.Compass(31.December(2026)).Criterion("GB2.Pupils")!.PupilsMet.Should().Be(0, "last year's session does not count this year");
    }

    [Fact]
    public void gb3_group_gap_above_the_setting_is_a_finding()
    {
        var send = Enumerable.Range(0, 4).Select(_ => _w.Pupil(10, 2025)).ToList();
        foreach (var p in send)
        {
            _w.Add(new PupilEvent.PupilSenStatusRecorded(p, SenStatus.SenSupport, 1.September(2025), By, Setup));
        }

        var rest = Enumerable.Range(0, 4).Select(_ => _w.Pupil(10, 2025)).ToList();
        _w.Activity(Details(1.October(2025), ActivityKind.EmployerEncounter), [send[0], .. rest]);

        var report = _w.Compass(31.March(2026));
        var gap = report.Criterion("GB3.Send")!;
        gap.Met.Should().BeFalse();
        gap.Evidence.Should().Equal("pupils with SEND: 1 of 4 (25%); the rest: 4 of 4 (100%); gap 75 points");
        gap.PupilsShort.Should().BeEquivalentTo(send.Skip(1));
        report.Criterion("GB3.Records")!.PupilsMet.Should().Be(5);
        report.Criterion("GB3.LookedAfter")!.Met.Should().BeTrue();
        report.Criterion("GB3.LookedAfter")!.Evidence.Should().Equal("no looked-after pupils on roll");

        _w.Compass(31.March(2026), RuleSettings.Default with { Gb3MaxGapPoints = 80m }).Criterion("GB3.Send")!.Met.Should().BeTrue();
    }

    [Fact]
    public void gb4_departments_are_derived_from_curriculum_link_subjects()
    {
        _w.Activity(Details(1.October(2024), ActivityKind.CurriculumLink) with { Subject = "Maths" });
        var english = _w.Activity(Details(1.October(2025), ActivityKind.CurriculumLink) with { Subject = "English" });
        _w.Activity(Details(2.October(2025), ActivityKind.CurriculumLink));

        var gb4 = _w.Compass(31.December(2025)).Criterion("GB4.Departments")!;
        gb4.Score.Should().Be(50m);
        gb4.Met.Should().BeFalse();
        gb4.Description.Should().Contain("not yet: Maths");
        gb4.Evidence.Should().Equal("1 of 2 departments", english.Value);

        var named = _w.Compass(31.December(2025), RuleSettings.Default with { Departments = ["english"] }).Criterion("GB4.Departments")!;
        named.Met.Should().BeTrue();
        named.Score.Should().Be(100m);
    }

    [Fact]
    public void per_pupil_criteria_count_the_cohort_whose_deadline_is_this_year()
    {
        var year11 = _w.Pupil(11, 2025);
        _w.Pupil(10, 2025);
        _w.Activity(Details(1.October(2025), ActivityKind.WorkplaceExperience, checklist: FullExperience), year11);
        _w.Activity(Details(2.October(2025), ActivityKind.WorkplaceExperience, checklist: FullExperience), year11);

        var by16 = _w.Compass(31.July(2026)).Criterion(CheckIds.Gb6By16)!;
        by16.Pupils.Should().Be(1);
        by16.PupilsMet.Should().Be(1);
        by16.Met.Should().BeTrue();
    }

    [Fact]
    public void benchmark_percent_is_the_mean_of_its_criteria_and_achieved_needs_all()
    {
        var year11 = _w.Pupil(11, 2025);
        var met13 = _w.Pupil(13, 2025);
        var short13 = _w.Pupil(13, 2025);
        _w.Activity(Details(1.October(2025), ActivityKind.WorkplaceExperience, checklist: FullExperience), year11, met13);
        _w.Activity(Details(2.October(2025), ActivityKind.WorkplaceExperience, checklist: FullExperience), year11);

        var report = _w.Compass(31.July(2026));
        var gb6 = report.Benchmark("GB6");
        gb6.Percent.Should().Be(75);
        gb6.Achieved.Should().BeFalse();
        report.Criterion(CheckIds.Gb6By18)!.PupilsShort.Should().Equal(short13);
        report.AchievedCount.Should().Be(report.Benchmarks.Count(b => b.Criteria.All(c => c.Met)));
        report.Benchmarks.Select(b => b.Id).Should().Equal("GB1", "GB2", "GB3", "GB4", "GB5", "GB6", "GB7", "GB8");
        report.NationalAverage.Should().Be(5.96m);
    }

    [Fact]
    public void compass_points_are_31_december_31_march_and_31_july()
    {
        CompassPoints.In(new Domain.Calendar.AcademicYear(2025)).Should().Equal(31.December(2025), 31.March(2026), 31.July(2026));
        CompassPoints.LatestOnOrBefore(15.January(2026)).Should().Be(31.December(2025));
        CompassPoints.LatestOnOrBefore(30.December(2025)).Should().Be(31.July(2025));
        CompassPoints.UpTo(15.January(2026)).Should().Equal(31.December(2024), 31.March(2025), 31.July(2025), 31.December(2025));
    }

    /// <summary>Every GB1 fact but the backing: published programme, trained leader, feedback from every source, engagement plan.</summary>
    private void StableProgramme(LocalDate on)
    {
        var leader = new StaffId("LEAD-1");
        _w.School(new CareersLeaderAppointed(Urn, leader, true, on, By, Setup));
        _w.School(new CareersProgrammeInformationPublished(Urn, true, true, true, on.PlusYears(1), on, By, Setup));
        foreach (var source in Enum.GetValues<FeedbackSource>())
        {
            _w.School(new CareersProgrammeFeedbackRecorded(Urn, source, on.PlusDays(30), By, Setup));
        }

        _w.School(new ParentEngagementRecorded(Urn, ParentEngagementKind.EngagementPlan, on, By, Setup));
    }
}
