using CareersCompliance.Domain.Calendar;
using CareersCompliance.Domain.Pupils;
using CareersCompliance.Domain.Rules;
using CareersCompliance.Domain.Tests.Rules;
using CareersCompliance.Testing.Time;

namespace CareersCompliance.Domain.Tests.Calendar;

/// <summary>eventmodel/slices/calendar-rules.json.</summary>
public sealed class CalendarRulesTests
{
    [Fact]
    public void year_group_is_derived_from_the_age_on_31_august_at_the_start_of_the_year()
    {
        YearGroups.DerivedFromBirthDate(1.September(2012), new AcademicYear(2024)).Should().Be(7);
        YearGroups.DerivedFromBirthDate(31.August(2013), new AcademicYear(2024)).Should().Be(7);
    }

    [Fact]
    public void year_group_advances_by_one_each_year_unless_a_later_record_says_otherwise()
    {
        var timeline = new YearGroupTimeline([(new AcademicYear(2024), 8, 8), (new AcademicYear(2026), 9, 10)]);

        timeline.GroupIn(new AcademicYear(2025)).Should().Be(9);
        timeline.GroupIn(new AcademicYear(2026)).Should().Be(9);
        timeline.GroupIn(new AcademicYear(2028)).Should().Be(11);
    }

    [Fact]
    public void pupil_is_on_roll_until_the_year_group_passes_the_schools_highest_year()
    {
        var w = new World(highestYear: 11);
        var p = w.Pupil(11, 2025);

        var report = w.Report(p, 1.March(2026));

        report.OnRoll.Should().BeTrue();
        report.Check(CheckIds.Gb6By16).Status.Should().NotBe(CheckStatus.NotApplicable);
        report.Check(CheckIds.Gb6By18).ReasonCode.Should().Be("school-does-not-teach-year");
    }
}
