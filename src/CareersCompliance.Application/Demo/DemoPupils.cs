using CareersCompliance.Application.Import;
using NodaTime;
using CareersCompliance.Domain.Pupils;

namespace CareersCompliance.Application.Demo;

internal sealed class DemoPupil
{
    public required string Upn { get; init; }

    public required string Forename { get; init; }

    public required string Surname { get; init; }

    public required LocalDate DateOfBirth { get; init; }

    /// <summary>The academic year (start) in which the pupil is recorded in the school's lowest year.</summary>
    public required int CohortStart { get; init; }

    /// <summary>0 normally; +1 retained (older than the year), -1 accelerated.</summary>
    public required int AgeOffset { get; init; }

    public required LocalDate Admission { get; init; }

    public LocalDate? Leaving { get; init; }

    public required SenStatus Sen { get; init; }

    public required bool LookedAfter { get; init; }

    /// <summary>About one pupil in four, as pupil premium eligibility runs nationally; read from the UPN so that the random
    /// sequence, and with it every other demo figure, stays as it was before the column existed.</summary>
    public bool Disadvantaged => Upn.Sum(c => c) % 4 == 0;

    public required bool ConsideringHe { get; init; }

    public required bool SharingObjection { get; init; }

    public required bool BlankYearGroup { get; init; }

    public int YearGroupIn(AcademicYear year, int lowest) => lowest + year.StartYear - CohortStart;

    public bool OnRollOn(LocalDate date) => Admission <= date && (Leaving is null || Leaving >= date);

    public bool OnRollDuring(AcademicYear year) => Admission <= year.LastDay && (Leaving is null || Leaving >= year.FirstDay);
}

/// <summary>Generates a school's pupils, cohort by cohort: a few late joiners, leavers, retained and accelerated pupils.</summary>
internal static class DemoPupils
{
    public static List<DemoPupil> For(DemoSchools.SchoolPlan school, IReadOnlyList<AcademicYear> years, LocalDate today, DemoRandom rng)
    {
        var span = school.Highest - school.Lowest;
        // Pupils per year group, allowing for the smaller sixth form of an 11-18 school.
        var effectiveYears = school.IsSpecial ? span + 1 : school.Highest > 11 ? (11 - school.Lowest + 1) + 0.9 : span + 1;
        var perCohort = Math.Max(2, school.Roll / effectiveYears);
        var pupils = new List<DemoPupil>();
        var serial = 0;
        for (var cohort = years[0].StartYear - span; cohort <= years[^1].StartYear; cohort++)
        {
            var size = (int)Math.Round(perCohort * (0.92 + (rng.Next(17) / 100.0)));
            for (var n = 0; n < size; n++)
            {
                pupils.Add(Pupil(school, cohort, serial++, today, rng));
            }
        }

        return pupils;
    }

    private static DemoPupil Pupil(DemoSchools.SchoolPlan school, int cohort, int serial, LocalDate today, DemoRandom rng)
    {
        var offset = rng.Chance(0.006) ? 1 : rng.Chance(0.003) ? -1 : 0;
        // Age on 31 August of the cohort's first year is (lowest + 4 + offset).
        var derivedYear = school.Lowest + offset;
        var latestBirth = new LocalDate(cohort - derivedYear - 4, 8, 31);
        var dob = latestBirth.PlusDays(-rng.Next(365));
        var span = school.Highest - school.Lowest;
        var admission = new LocalDate(cohort, 9, 1).PlusDays(rng.Next(3));
        var lateJoiner = span > 0 && rng.Chance(0.04);
        if (lateJoiner)
        {
            var joinYear = new AcademicYear(cohort + 1 + rng.Next(span));
            admission = DemoDates.SchoolDay(rng, joinYear.FirstDay.PlusDays(5), joinYear.LastDay.PlusDays(-50));
        }

        var leaving = Leaving(school, cohort, admission, rng);
        var temporary = lateJoiner && rng.Chance(0.1);
        var body = temporary
            ? $"{school.Trust.LaCode}{school.Establishment}{serial % 10000:D4}{"ABCDEFGHJKLMNPQRTUVWXYZ"[serial / 10000 % 23]}"
            : $"{school.Trust.LaCode}{school.Establishment}{serial:D5}";
        return new DemoPupil
        {
            Upn = Upn.Create(body),
            Forename = rng.Pick(DemoCatalogue.Forenames),
            Surname = rng.Pick(DemoCatalogue.Surnames),
            DateOfBirth = dob,
            CohortStart = cohort,
            AgeOffset = offset,
            Admission = admission > today ? today : admission,
            Leaving = leaving is { } l && l <= today && l >= admission ? l : null,
            Sen = school.IsSpecial ? SenStatus.EhcPlan : rng.Chance(0.12) ? SenStatus.SenSupport : rng.Chance(0.03) ? SenStatus.EhcPlan : SenStatus.None,
            LookedAfter = rng.Chance(0.01),
            ConsideringHe = rng.Chance(school.IsSpecial ? 0.1 : 0.45),
            SharingObjection = rng.Chance(0.01),
            BlankYearGroup = offset == 0 && rng.Chance(0.05),
        };
    }

    private static LocalDate? Leaving(DemoSchools.SchoolPlan school, int cohort, LocalDate admission, DemoRandom rng)
    {
        var span = school.Highest - school.Lowest;
        if (rng.Chance(0.02))
        {
            var year = new AcademicYear(cohort + rng.Next(span + 1));
            var from = admission > year.FirstDay ? admission : year.FirstDay;
            return DemoDates.SchoolDay(rng, from.PlusDays(20), year.LastDay.PlusDays(-45));
        }

        // After Year 11 most pupils of an 11-18 school go elsewhere; in a special school some leave after 11 or 13.
        var leaveAfter = school.IsSpecial
            ? rng.Chance(0.25) ? 11 : rng.Chance(0.3) ? 13 : 0
            : school.Highest > 11 && rng.Chance(0.55) ? 11 : 0;
        return leaveAfter == 0 ? null : new LocalDate(cohort + (leaveAfter - school.Lowest) + 1, 7, 19);
    }
}

internal static class DemoDates
{
    /// <summary>A weekday between the two dates (inclusive); weekends move to the nearest weekday inside the range.</summary>
    public static LocalDate SchoolDay(DemoRandom rng, LocalDate from, LocalDate to)
    {
        if (to < from)
        {
            to = from;
        }

        var day = from.PlusDays(rng.Next(Period.Between(from, to, PeriodUnits.Days).Days + 1));
        if (day.DayOfWeek == IsoDayOfWeek.Saturday)
        {
            day = day.PlusDays(day.PlusDays(2) <= to ? 2 : -1);
        }
        else if (day.DayOfWeek == IsoDayOfWeek.Sunday)
        {
            day = day.PlusDays(day.PlusDays(1) <= to ? 1 : -2);
        }

        return day;
    }

    /// <summary>The date in academic year <paramref name="year"/> with this month and day.</summary>
    public static LocalDate In(AcademicYear year, int month, int day) => new(month >= 9 ? year.StartYear : year.StartYear + 1, month, day);
}
