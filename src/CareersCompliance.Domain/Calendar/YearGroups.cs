using NodaTime;

namespace CareersCompliance.Domain.Calendar;

/// <summary>National Curriculum year groups from dates of birth (eventmodel/decisions/0002).</summary>
public static class YearGroups
{
    /// <summary>Year = (age on 31 August at the start of the academic year) - 4; born Sep 2012 - Aug 2013 is Year 7 in 2024/25.</summary>
    public static int DerivedFromBirthDate(LocalDate birthDate, AcademicYear year) =>
        AgeOn(birthDate, new LocalDate(year.StartYear, 8, 31)) - 4;

    /// <summary>Whole years of age on <paramref name="on"/>.</summary>
    public static int AgeOn(LocalDate birthDate, LocalDate on) => Period.Between(birthDate, on, PeriodUnits.Years).Years;

    /// <summary>
    /// The birthday on which the pupil reaches <paramref name="age"/>. Why: a 29 February birthday falls on
    /// 1 March in a common year (statutory-rules CAL-09), not on 28 February as date arithmetic would give.
    /// </summary>
    public static LocalDate BirthdayAt(LocalDate birthDate, int age)
    {
        var year = birthDate.Year + age;
        return birthDate is { Month: 2, Day: 29 } && !CalendarSystem.Iso.IsLeapYear(year)
            ? new LocalDate(year, 3, 1)
            : new LocalDate(year, birthDate.Month, birthDate.Day);
    }

    /// <summary>The academic year in which a pupil who is in <paramref name="yearGroup"/> in <paramref name="year"/> is in <paramref name="target"/>.</summary>
    public static AcademicYear YearWhenIn(int yearGroup, AcademicYear year, int target) => year.Plus(target - yearGroup);
}
