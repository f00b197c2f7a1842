using CareersCompliance.Domain.Calendar;
using NodaTime;

namespace CareersCompliance.Domain.Rules;

/// <summary>
/// One PAL cohort's coverage: one year group with one window and one deadline, at one school or summed over a trust's
/// schools (the same year group has the same window at every school). Two cohorts are never summed: they have different deadlines.
/// </summary>
public sealed record PalCohortCoverage(
    PalPhase Phase, int YearGroupNow, LocalDate WindowStart, LocalDate WindowEnd, int DaysLeft, int PupilsOnRoll, int PupilsMet)
{
    public decimal? CoveragePercent => PupilsOnRoll == 0 ? null : Math.Round(100m * PupilsMet / PupilsOnRoll, 1);

    public int PupilsShort => PupilsOnRoll - PupilsMet;

    public bool Open => DaysLeft >= 0;
}

/// <summary>
/// A PAL phase at a school or trust: each cohort on its own, and the headline cohort, the one whose deadline is next
/// (else, when every window has closed, the one that closed last). Cohorts with no pupils on roll are never the headline.
/// </summary>
public sealed record PalPhaseCoverage(PalPhase Phase, PalCohortCoverage? Headline, IReadOnlyList<PalCohortCoverage> Cohorts)
{
    /// <summary>The phase from a school's cohort results (school-does-not-teach-year cohorts left out).</summary>
    public static PalPhaseCoverage ForSchool(SchoolReport report, PalPhase phase)
    {
        ArgumentNullException.ThrowIfNull(report);
        return Of(phase, report.PalCohorts.Where(c => c.Phase == phase).Where(Taught).Select(Coverage));
    }

    /// <summary>The phase over several schools: the same year group and window summed across schools, each cohort apart.</summary>
    public static PalPhaseCoverage ForSchools(IEnumerable<SchoolReport> reports, PalPhase phase)
    {
        ArgumentNullException.ThrowIfNull(reports);
        var cohorts = reports.SelectMany(r => r.PalCohorts).Where(c => c.Phase == phase).Where(Taught)
            .GroupBy(c => (c.YearGroupNow, c.WindowStart, c.WindowEnd))
            .Select(g => new PalCohortCoverage(phase, g.Key.YearGroupNow, g.Key.WindowStart, g.Key.WindowEnd, g.First().DaysLeft,
                g.Sum(c => c.PupilsOnRoll), g.Sum(c => c.PupilsMet)));
        return Of(phase, cohorts);
    }

    private static PalPhaseCoverage Of(PalPhase phase, IEnumerable<PalCohortCoverage> cohorts)
    {
        // Deadline order: the next one first, then later ones, then the closed ones, the latest closed first.
        var ordered = cohorts.OrderBy(c => c.Open ? 0 : 1).ThenBy(c => c.Open ? c.DaysLeft : -c.DaysLeft).ToList();
        return new PalPhaseCoverage(phase, ordered.FirstOrDefault(c => c.PupilsOnRoll > 0), ordered);
    }

    private static bool Taught(PalCohortResult c) =>
        !string.Equals(c.Occasions.ReasonCode, "school-does-not-teach-year", StringComparison.Ordinal);

    private static PalCohortCoverage Coverage(PalCohortResult c) =>
        new(c.Phase, c.YearGroupNow, c.WindowStart, c.WindowEnd, c.DaysLeft, c.PupilsOnRoll, c.PupilsMet);
}
