using CareersCompliance.Domain.Activities;
using CareersCompliance.Domain.Calendar;
using CareersCompliance.Domain.Rules;
using CareersCompliance.Domain.Schools;
using CareersCompliance.Testing.Time;
using static CareersCompliance.Domain.Tests.Rules.World;

namespace CareersCompliance.Domain.Tests.Rules;

/// <summary>eventmodel/slices/gatsby-rules.json.</summary>
public sealed class GatsbyRulesTests
{
    private static readonly ActivityChecklist Meaningful = new(Purpose: true, Outcomes: true, TwoWay: true, Reflection: true);
    private readonly World _w = new();

    [Fact]
    public void framework_is_2014_in_2024_25_and_2024_from_2025_26()
    {
        var p = _w.Pupil(9, 2024);

        _w.Report(p, 31.August(2025)).Framework.Should().Be(GatsbyFramework.Gatsby2014);
        _w.Report(p, 1.September(2025)).Framework.Should().Be(GatsbyFramework.Gatsby2024);
        _w.Check(p, CheckIds.Gb5, 31.August(2025)).Framework.Should().Be(GatsbyFramework.Gatsby2014);
        _w.Check(p, CheckIds.Gb5, 1.September(2025)).Framework.Should().Be(GatsbyFramework.Gatsby2024);
    }

    [Fact]
    public void a_school_can_adopt_the_2024_framework_early()
    {
        var p = _w.Pupil(9, 2024);
        _w.School(new SchoolEvent.GatsbyFrameworkAdoptionSet(Urn, new AcademicYear(2024), By, Setup));

        _w.Check(p, CheckIds.Gb5, 1.March(2025)).Framework.Should().Be(GatsbyFramework.Gatsby2024);
    }

    [Fact]
    public void gb5_under_2024_needs_the_meaningful_checklist()
    {
        var p = _w.Pupil(9, 2025);
        var plain = _w.Activity(Details(10.October(2025), ActivityKind.EmployerEncounter), p);

        _w.Check(p, CheckIds.Gb5, 1.March(2026)).Status.Should().Be(CheckStatus.Due);

        var meaningful = _w.Activity(Details(11.October(2025), ActivityKind.EmployerEncounter, checklist: Meaningful), p);
        var check = _w.Check(p, CheckIds.Gb5, 1.March(2026));
        check.Status.Should().Be(CheckStatus.Met);
        check.Evidence.Should().Equal(meaningful).And.NotContain(plain);
    }

    [Fact]
    public void gb5_under_2014_counts_any_employer_encounter()
    {
        var p = _w.Pupil(9, 2024);
        _w.Activity(Details(10.October(2024), ActivityKind.EmployerEncounter), p);

        _w.Check(p, CheckIds.Gb5, 1.March(2025)).Status.Should().Be(CheckStatus.Met);
    }

    [Fact]
    public void gb6_under_2024_needs_two_meaningful_experiences_by_16()
    {
        var p = _w.Pupil(11, 2025);
        var full = Meaningful with { RangeOfPeople = true, Task = true, Feedback = true };
        _w.Activity(Details(10.October(2025), ActivityKind.WorkplaceExperience, checklist: full), p);

        _w.Check(p, CheckIds.Gb6By16, 1.March(2026)).Reason.Should().Contain("2 needed");

        _w.Activity(Details(11.October(2025), ActivityKind.WorkplaceExperience, checklist: full), p);
        _w.Check(p, CheckIds.Gb6By16, 1.March(2026)).Status.Should().Be(CheckStatus.Met);
    }

    [Fact]
    public void gb7_needs_all_four_provider_types_by_16()
    {
        var p = _w.Pupil(11, 2024);
        _w.Provider(new("UNI-1"), "A University", Domain.Providers.ProviderKind.University, technical: false);
        _w.Provider(new("SF-1"), "A Sixth Form", Domain.Providers.ProviderKind.SchoolSixthForm, technical: false);
        _w.Encounter(10.October(2024), [A, B], p);
        _w.Activity(Details(11.October(2024), ActivityKind.UniversityVisit, providers: [new("UNI-1")]), p);

        var check = _w.Check(p, CheckIds.Gb7By16, 1.September(2025));
        check.Status.Should().Be(CheckStatus.NotMet);
        check.Reason.Should().Contain("sixth form");

        _w.Encounter(12.October(2024), [new("SF-1")], p);
        _w.Check(p, CheckIds.Gb7By16, 1.September(2025)).Status.Should().Be(CheckStatus.Met);
    }

    [Fact]
    public void gb7_he_needs_two_university_visits_for_pupils_considering_he()
    {
        var considering = _w.Pupil(13, 2025, consideringHe: true);
        var notConsidering = _w.Pupil(13, 2025);
        _w.Activity(Details(10.October(2025), ActivityKind.UniversityVisit), considering, notConsidering);

        _w.Check(considering, CheckIds.Gb7He, 1.March(2026)).Status.Should().Be(CheckStatus.Due);
        _w.Check(notConsidering, CheckIds.Gb7He, 1.March(2026)).ReasonCode.Should().Be("not-considering-higher-education");

        _w.Activity(Details(11.October(2025), ActivityKind.UniversityVisit), considering);
        _w.Check(considering, CheckIds.Gb7He, 1.March(2026)).Status.Should().Be(CheckStatus.Met);
    }

    [Fact]
    public void gb8_counts_only_advisers_qualified_to_level_6()
    {
        var p = _w.Pupil(11, 2025);
        _w.Activity(Details(10.October(2025), ActivityKind.GuidanceMeeting, adviser: Level4), p);

        _w.Check(p, CheckIds.Gb8By16, 1.March(2026)).Status.Should().Be(CheckStatus.Due);

        _w.Activity(Details(11.October(2025), ActivityKind.GuidanceMeeting, adviser: Level6), p);
        _w.Check(p, CheckIds.Gb8By16, 1.March(2026)).Status.Should().Be(CheckStatus.Met);
    }

    [Fact]
    public void gb8_by_18_under_2014_is_met_by_the_offer_of_a_further_meeting()
    {
        var p = _w.Pupil(12, 2023);
        _w.Activity(Details(10.October(2023), ActivityKind.GuidanceMeeting, adviser: Level6), p);
        var offered = _w.Activity(Details(10.October(2024), ActivityKind.GuidanceMeeting, adviser: Level6));
        _w.Attendance(offered, p, attended: false);

        var check = _w.Check(p, CheckIds.Gb8By18, 1.June(2025));

        check.Framework.Should().Be(GatsbyFramework.Gatsby2014);
        check.Status.Should().Be(CheckStatus.Met);
    }

    [Fact]
    public void strict_age_deadline_is_the_day_before_the_16th_birthday()
    {
        var p = _w.Pupil(11, 2025);
        _w.BirthDate(p, 15.September(2009));
        var settings = RuleSettings.Default with { AgeDeadline = AgeDeadline.StrictAge };

        _w.Check(p, CheckIds.Gb8By16, 1.September(2025), settings).Deadline.Should().Be(14.September(2025));
        _w.Check(p, CheckIds.Gb8By16, 1.September(2025)).Deadline.Should().Be(31.August(2026));
    }

    [Fact]
    public void strict_age_without_a_birth_date_falls_back_to_the_end_of_year_and_is_flagged()
    {
        var p = _w.Pupil(11, 2025);
        var settings = RuleSettings.Default with { AgeDeadline = AgeDeadline.StrictAge };

        var check = _w.Check(p, CheckIds.Gb8By16, 1.September(2025), settings);

        check.Deadline.Should().Be(31.August(2026));
        check.Flags.Should().Contain(f => f.Code == "birth-date-unknown");
    }

    [Fact]
    public void gb5_years_lists_a_missed_year()
    {
        var p = _w.Pupil(9, 2025, admitted: 1.September(2023));
        _w.Activity(Details(10.October(2023), ActivityKind.EmployerEncounter), p);

        var check = _w.Check(p, CheckIds.Gb5Years, 1.March(2026));

        check.Status.Should().Be(CheckStatus.NotMet);
        check.ReasonCode.Should().Be("missed-years");
        check.MissedYears.Should().Equal("2024/25");
        _w.Check(p, CheckIds.Gb5, 1.September(2024)).Status.Should().Be(CheckStatus.Due, "GB5 alone turns to the new year and forgets the miss");
    }

    [Fact]
    public void gb5_years_is_met_when_every_completed_year_had_an_encounter()
    {
        var p = _w.Pupil(9, 2025, admitted: 1.September(2023));
        var first = _w.Activity(Details(10.October(2023), ActivityKind.EmployerEncounter), p);
        var second = _w.Activity(Details(10.October(2024), ActivityKind.EmployerEncounter), p);

        var check = _w.Check(p, CheckIds.Gb5Years, 1.March(2026));

        check.Status.Should().Be(CheckStatus.Met);
        check.Evidence.Should().Equal(first, second);
        check.MissedYears.Should().BeEmpty();
    }

    [Fact]
    public void gb5_years_is_not_applicable_before_the_first_completed_year()
    {
        var p = _w.Pupil(7, 2025, admitted: 1.September(2025));

        var check = _w.Check(p, CheckIds.Gb5Years, 31.August(2026));

        check.Status.Should().Be(CheckStatus.NotApplicable);
        check.ReasonCode.Should().Be("no-completed-year");
        _w.Check(p, CheckIds.Gb5Years, 1.September(2026)).MissedYears.Should().Equal("2025/26");
    }

    [Fact]
    public void gb5_years_starts_at_admission()
    {
        var p = _w.Pupil(10, 2025, admitted: 1.September(2024));
        _w.Activity(Details(10.October(2024), ActivityKind.EmployerEncounter), p);

        _w.Check(p, CheckIds.Gb5Years, 1.March(2026)).Status.Should().Be(CheckStatus.Met, "Years 7 and 8 were before the pupil joined");
    }

    [Fact]
    public void gb8_by_18_does_not_count_year_10_meetings()
    {
        var p = _w.Pupil(10, 2023);
        _w.Activity(Details(10.October(2023), ActivityKind.GuidanceMeeting, adviser: Level6), p);
        _w.Activity(Details(12.November(2023), ActivityKind.GuidanceMeeting, adviser: Level6), p);

        _w.Check(p, CheckIds.Gb8By16, 1.March(2026)).Status.Should().Be(CheckStatus.Met);
        var check = _w.Check(p, CheckIds.Gb8By18, 1.March(2026));
        check.Status.Should().Be(CheckStatus.Due);
        check.Evidence.Should().BeEmpty();
    }

    [Fact]
    public void gb6_by_18_needs_one_experience_in_years_12_13_after_the_2014_by_16()
    {
        var p = _w.Pupil(11, 2023);
        _w.Activity(Details(10.October(2023), ActivityKind.WorkplaceExperience), p);
        var sixthForm = _w.Activity(Details(10.October(2024), ActivityKind.WorkplaceExperience), p);

        _w.Check(p, CheckIds.Gb6By16, 1.September(2024)).Status.Should().Be(CheckStatus.Met);
        var check = _w.Check(p, CheckIds.Gb6By18, 1.March(2026));
        check.Status.Should().Be(CheckStatus.Met);
        check.Evidence.Should().Equal(sixthForm);
    }

    [Fact]
    public void sixth_form_joiner_needs_one_workplace_experience_in_years_12_13()
    {
        var p = _w.Pupil(12, 2025, admitted: 1.September(2025));
        var full = Meaningful with { RangeOfPeople = true, Task = true, Feedback = true };

        var before = _w.Check(p, CheckIds.Gb6By18, 1.March(2026));
        before.Status.Should().Be(CheckStatus.Due);
        before.Reason.Should().Contain("1 needed");

        _w.Activity(Details(10.October(2025), ActivityKind.WorkplaceExperience, checklist: full), p);
        _w.Check(p, CheckIds.Gb6By18, 1.March(2026)).Status.Should().Be(CheckStatus.Met);
    }
}
