using NodaTime;

namespace CareersCompliance.Domain.Calendar;

/// <summary>The three key phases of s42B Education Act 1997.</summary>
public enum PalPhase
{
    First = 1,
    Second = 2,
    Third = 3,
}

/// <summary>How 29 February is read against "between 1 September and 28 February" (eventmodel/decisions/0006).</summary>
public enum LeapDayHandling
{
    /// <summary>29 February is outside the window (default).</summary>
    Strict,

    /// <summary>The window runs to the last day of February.</summary>
    EndOfFebruary,
}

/// <summary>Phase windows: all of the first year and 1 Sep - 28 Feb of the second, both ends inclusive (decisions/0005).</summary>
public static class PalPhases
{
    public static IReadOnlyList<PalPhase> All { get; } = [PalPhase.First, PalPhase.Second, PalPhase.Third];

    /// <summary>The year groups of a phase: (8, 9), (10, 11) or (12, 13).</summary>
    public static (int FirstYearGroup, int SecondYearGroup) YearGroupsOf(PalPhase phase) => phase switch
    {
        PalPhase.First => (8, 9),
        PalPhase.Second => (10, 11),
        PalPhase.Third => (12, 13),
        _ => throw new ArgumentOutOfRangeException(nameof(phase), phase, "Unknown phase."),
    };

    /// <summary>The phase whose years include <paramref name="yearGroup"/>, or null (Years 7 and 14+).</summary>
    public static PalPhase? ForYearGroup(int yearGroup) => yearGroup switch
    {
        8 or 9 => PalPhase.First,
        10 or 11 => PalPhase.Second,
        12 or 13 => PalPhase.Third,
        _ => null,
    };

    public static string CheckId(PalPhase phase) => phase switch
    {
        PalPhase.First => "PAL.P1",
        PalPhase.Second => "PAL.P2",
        PalPhase.Third => "PAL.P3",
        _ => throw new ArgumentOutOfRangeException(nameof(phase), phase, "Unknown phase."),
    };

    /// <summary>The window of a cohort whose first phase year is <paramref name="firstYearOfPhase"/>.</summary>
    public static DateInterval Window(AcademicYear firstYearOfPhase, LeapDayHandling leapDay) =>
        new(firstYearOfPhase.FirstDay(), FebruaryDeadline(firstYearOfPhase.StartYear + 2, leapDay));

    /// <summary>The window of the cohort that is in <paramref name="yearGroup"/> during <paramref name="year"/>.</summary>
    public static DateInterval WindowForCohort(PalPhase phase, int yearGroup, AcademicYear year, LeapDayHandling leapDay) =>
        Window(YearGroups.YearWhenIn(yearGroup, year, YearGroupsOf(phase).FirstYearGroup), leapDay);

    /// <summary>28 February, or 29 February in a leap year under <see cref="LeapDayHandling.EndOfFebruary"/>.</summary>
    public static LocalDate FebruaryDeadline(int calendarYear, LeapDayHandling leapDay) =>
        leapDay == LeapDayHandling.EndOfFebruary && CalendarSystem.Iso.IsLeapYear(calendarYear)
            ? new LocalDate(calendarYear, 2, 29)
            : new LocalDate(calendarYear, 2, 28);

    /// <summary>Calendar days from <paramref name="asOf"/> to the window's last day; 0 on the last day, negative once closed.</summary>
    public static int DaysLeft(DateInterval window, LocalDate asOf) => DaysBetween(asOf, window.End);

    public static int DaysBetween(LocalDate from, LocalDate to) => Period.DaysBetween(from, to);
}
