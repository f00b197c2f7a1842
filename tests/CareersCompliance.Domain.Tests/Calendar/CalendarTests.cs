using CareersCompliance.Domain.Calendar;
using CareersCompliance.Testing.Time;

namespace CareersCompliance.Domain.Tests.Calendar;

public sealed class CalendarTests
{
    [Fact]
    public void AcademicYear_ParseAndFormat_RoundTrip()
    {
        AcademicYear.Parse("2025/26").Should().Be(new AcademicYear(2025));
        AcademicYear.Parse("2099/2100").ToString().Should().Be("2099/00");
        new AcademicYear(2025).ToString().Should().Be("2025/26");
        AcademicYear.TryParse("2025/27", out _).Should().BeFalse();
        AcademicYear.TryParse("25/26", out _).Should().BeFalse();
    }

    [Fact]
    public void AcademicYear_Containing_SplitsOn1September()
    {
        AcademicYear.Containing(31.August(2026)).Should().Be(new AcademicYear(2025));
        AcademicYear.Containing(1.September(2026)).Should().Be(new AcademicYear(2026));
        new AcademicYear(2025).FirstDay().Should().Be(1.September(2025));
        new AcademicYear(2025).LastDay().Should().Be(31.August(2026));
    }

    [Fact]
    public void YearGroup_DerivedFromBirthDate_UsesAgeOn31August()
    {
        YearGroups.DerivedFromBirthDate(1.September(2012), new AcademicYear(2024)).Should().Be(7);
        YearGroups.DerivedFromBirthDate(31.August(2013), new AcademicYear(2024)).Should().Be(7);
        YearGroups.DerivedFromBirthDate(1.September(2013), new AcademicYear(2024)).Should().Be(6);
        YearGroups.DerivedFromBirthDate(31.August(2014), new AcademicYear(2025)).Should().Be(7);
    }

    [Fact]
    public void Birthday_OfLeapDayBaby_IsFirstMarchInCommonYears()
    {
        YearGroups.BirthdayAt(29.February(2012), 15).Should().Be(1.March(2027));
        YearGroups.BirthdayAt(29.February(2012), 16).Should().Be(29.February(2028));
    }

    [Fact]
    public void PalWindow_ForYear8Cohort_RunsTo28FebruaryOfYear9()
    {
        var window = PalPhases.WindowForCohort(PalPhase.First, 8, new AcademicYear(2025), LeapDayHandling.Strict);

        window.Start.Should().Be(1.September(2025));
        window.End.Should().Be(28.February(2027));
        PalPhases.WindowForCohort(PalPhase.Third, 12, new AcademicYear(2029), LeapDayHandling.Strict).End.Should().Be(28.February(2031));
    }

    [Fact]
    public void PalWindow_InLeapYear_DependsOnSetting()
    {
        PalPhases.FebruaryDeadline(2028, LeapDayHandling.Strict).Should().Be(28.February(2028));
        PalPhases.FebruaryDeadline(2028, LeapDayHandling.EndOfFebruary).Should().Be(29.February(2028));
        PalPhases.FebruaryDeadline(2027, LeapDayHandling.EndOfFebruary).Should().Be(28.February(2027));
    }

    [Fact]
    public void DaysLeft_IsZeroOnTheLastDayAndNegativeAfter()
    {
        var window = PalPhases.Window(new AcademicYear(2025), LeapDayHandling.Strict);

        PalPhases.DaysLeft(window, 28.February(2027)).Should().Be(0);
        PalPhases.DaysLeft(window, 1.March(2027)).Should().Be(-1);
        PalPhases.DaysLeft(window, 29.December(2026)).Should().Be(61);
    }

    [Fact]
    public void Timeline_AdvancesOneYearUnlessALaterRecordSaysOtherwise()
    {
        var timeline = new Domain.Pupils.YearGroupTimeline([(new AcademicYear(2024), 8, 8), (new AcademicYear(2026), 9, 10)]);

        timeline.GroupIn(new AcademicYear(2023)).Should().Be(7);
        timeline.GroupIn(new AcademicYear(2025)).Should().Be(9);
        timeline.GroupIn(new AcademicYear(2026)).Should().Be(9);
        timeline.GroupIn(new AcademicYear(2027)).Should().Be(10);
        timeline.DiffersFromBirthDate(new AcademicYear(2025)).Should().BeFalse();
        timeline.DiffersFromBirthDate(new AcademicYear(2027)).Should().BeTrue();
        timeline.PalWindow(PalPhase.First, LeapDayHandling.Strict)!.End.Should().Be(28.February(2027));
    }
}
