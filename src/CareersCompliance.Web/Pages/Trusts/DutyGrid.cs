using CareersCompliance.Domain.Calendar;
using CareersCompliance.Domain.Rules;
using NodaTime;

namespace CareersCompliance.Web.Pages.Trusts;

/// <summary>How a grid cell stands, in words and a symbol as well as a colour (WCAG 1.4.1: colour is never the only cue).</summary>
public enum CellStatus
{
    Met,
    Due,
    AtRisk,
    NotMet,
    NoPupils,
}

/// <summary>A column of the director's grid: one statutory duty the dashboard reports.</summary>
/// <param name="Key">The check id (or "publication" for the school-level checks together).</param>
/// <param name="Heading">The short column heading.</param>
/// <param name="Details">Where the duty's trust-wide figures are on the page.</param>
/// <param name="Phase">The PAL phase, for the provider access columns.</param>
public sealed record Duty(string Key, string Heading, string Details, PalPhase? Phase = null)
{
    public const string Publication = "publication";

    public string Name => string.Equals(Key, Publication, StringComparison.Ordinal) ? "Publication and review" : CheckNames.Of(Key);
}

/// <summary>
/// One school's standing on one duty: the figure of the cohort whose deadline is next (pupils met of pupils counted), that
/// cohort's year group and deadline, the days left, and where its pupils are listed.
/// </summary>
public sealed record DutyCell(Duty Duty, CellStatus Status, int Met, int Of, int? YearGroup, LocalDate? Deadline, int? DaysLeft, string Href)
{
    public string StatusText => Status switch
    {
        CellStatus.Met => "Met",
        CellStatus.Due => "Due",
        CellStatus.AtRisk => "At risk",
        CellStatus.NotMet => "Not met",
        _ => "No pupils",
    };

    /// <summary>A symbol beside the words, for a reader who scans shapes rather than colours.</summary>
    public string Symbol => Status switch
    {
        CellStatus.Met => "✓",
        CellStatus.Due => "○",
        CellStatus.AtRisk => "!",
        CellStatus.NotMet => "✗",
        _ => "–",
    };

    public string CssClass => "careers-cell--" + Status.ToString().ToLowerInvariant();

    public string WhenText => DaysLeft switch
    {
        null => "",
        1 => "1 day left",
        >= 0 => $"{DaysLeft} days left",
        _ => Duty.Phase is null ? "deadline passed" : "window closed",
    };
}

/// <summary>A row of the grid: a school, a cell per duty and its open alerts.</summary>
public sealed record SchoolRow(SchoolReport School, IReadOnlyList<DutyCell> Cells, int OpenAlerts)
{
    public bool OffTrack => Cells.Any(c => c.Status is CellStatus.AtRisk or CellStatus.NotMet);

    /// <summary>The fewest days left of any duty still open and not met (for sorting by urgency).</summary>
    public int SoonestDaysLeft => Cells.Where(c => c.Status is CellStatus.Due or CellStatus.AtRisk && c.DaysLeft >= 0)
        .Select(c => c.DaysLeft!.Value).DefaultIfEmpty(int.MaxValue).Min();

    public DutyCell Cell(string key) => Cells.First(c => string.Equals(c.Duty.Key, key, StringComparison.Ordinal));
}

/// <summary>
/// The trust director's grid of schools by duty, computed from the trust report the dashboard already reads (no further
/// evidence is loaded): PAL by each phase's headline cohort, each per-pupil benchmark by the pupils whose deadline comes
/// next, and publication and review as the worst of the school-level checks.
/// </summary>
public static class DutyGrid
{
    public static IReadOnlyList<Duty> Duties { get; } =
    [
        new(CheckIds.PalP1, "Provider access Years 8–9", "pal-trust", PalPhase.First),
        new(CheckIds.PalP2, "Provider access Years 10–11", "pal-trust", PalPhase.Second),
        new(CheckIds.PalP3, "Provider access offered Years 12–13", "pal-trust", PalPhase.Third),
        new(CheckIds.Gb5, "Gatsby 5 employer this year", "checks-table"),
        new(CheckIds.Gb5Years, "Gatsby 5 employer every year", "checks-table"),
        new(CheckIds.Gb6By16, "Gatsby 6 workplace by 16", "checks-table"),
        new(CheckIds.Gb6By18, "Gatsby 6 workplace by 18", "checks-table"),
        new(CheckIds.Gb7By16, "Gatsby 7 further study by 16", "checks-table"),
        new(CheckIds.Gb7He, "Gatsby 7 university visits", "checks-table"),
        new(CheckIds.Gb8By16, "Gatsby 8 guidance by 16", "checks-table"),
        new(CheckIds.Gb8By18, "Gatsby 8 guidance by 18", "checks-table"),
        new(CheckIds.IagIndependent, "Independent guidance (IAG)", "checks-table"),
        new(Duty.Publication, "Publication and review", "school-checks-table"),
    ];

    public static SchoolRow Row(SchoolReport school, int openAlerts, int horizon)
    {
        ArgumentNullException.ThrowIfNull(school);
        return new SchoolRow(school, [.. Duties.Select(d => Cell(school, d, horizon))], openAlerts);
    }

    private static DutyCell Cell(SchoolReport school, Duty duty, int horizon)
    {
        var urn = school.Urn.Value;
        if (duty.Phase is { } phase)
        {
            return PalCell(school, duty, phase, horizon);
        }

        if (string.Equals(duty.Key, Duty.Publication, StringComparison.Ordinal))
        {
            var checks = school.SchoolChecks;
            var next = checks.Where(c => c.Status != CheckStatus.Met && c.Deadline is { } d && d >= school.AsOf).Select(c => c.Deadline).Min();
            return new DutyCell(duty, Worst(checks.Select(c => c.Status)), checks.Count(c => c.Status == CheckStatus.Met),
                checks.Count(c => c.Status != CheckStatus.NotApplicable), null, next, Days(school.AsOf, next), $"/schools/{urn}#school-checks");
        }

        // The pupils whose deadline for this check comes next (else, every deadline past, the last to pass): one cohort, one figure.
        var groups = school.Pupils.Where(p => p.OnRoll).Select(p => (Check: p.Check(duty.Key), Pupil: p))
            .Where(x => x.Check.Status != CheckStatus.NotApplicable)
            .GroupBy(x => x.Check.Deadline)
            .OrderBy(g => g.Key is { } d && d >= school.AsOf ? 0 : 1)
            .ThenBy(g => g.Key is { } d ? (d >= school.AsOf ? Period.DaysBetween(school.AsOf, d) : Period.DaysBetween(d, school.AsOf)) : int.MaxValue)
            .ToList();
        if (groups.Count == 0)
        {
            return new DutyCell(duty, CellStatus.NoPupils, 0, 0, null, null, null, $"/schools/{urn}");
        }

        var cohort = groups[0].ToList();
        // A deadline shared by several year groups (Gatsby 5 this year: every pupil's is the year's end) names no one year.
        var years = cohort.Select(x => x.Pupil.YearGroup).Distinct().ToList();
        var year = years.Count == 1 ? years[0] : null;
        var deadline = groups[0].Key;
        return new DutyCell(duty, Worst(cohort.Select(x => x.Check.Status)), cohort.Count(x => x.Check.Status == CheckStatus.Met), cohort.Count,
            year, deadline, Days(school.AsOf, deadline), PupilsHref(urn, duty.Key, year));
    }

    private static DutyCell PalCell(SchoolReport school, Duty duty, PalPhase phase, int horizon)
    {
        var urn = school.Urn.Value;
        if (PalPhaseCoverage.ForSchool(school, phase).Headline is not { } head)
        {
            return new DutyCell(duty, CellStatus.NoPupils, 0, 0, null, null, null, $"/schools/{urn}#pal-cohorts");
        }

        var status = head.PupilsShort <= 0 ? CellStatus.Met
            : !head.Open ? CellStatus.NotMet
            : head.DaysLeft <= horizon ? CellStatus.AtRisk
            : CellStatus.Due;
        return new DutyCell(duty, status, head.PupilsMet, head.PupilsOnRoll, head.YearGroupNow, head.WindowEnd, head.DaysLeft,
            PupilsHref(urn, duty.Key, head.YearGroupNow));
    }

    private static string PupilsHref(string urn, string checkId, int? year) =>
        $"/schools/{urn}?check={Uri.EscapeDataString(checkId)}{(year is { } y ? $"&yeargroup={y}" : "")}#at-risk";

    private static int? Days(LocalDate asOf, LocalDate? deadline) => deadline is { } d ? Period.DaysBetween(asOf, d) : null;

    private static CellStatus Worst(IEnumerable<CheckStatus> statuses)
    {
        var list = statuses.Where(s => s != CheckStatus.NotApplicable).ToList();
        return list.Count == 0 ? CellStatus.NoPupils
            : list.Contains(CheckStatus.NotMet) ? CellStatus.NotMet
            : list.Contains(CheckStatus.AtRisk) ? CellStatus.AtRisk
            : list.TrueForAll(s => s == CheckStatus.Met) ? CellStatus.Met
            : CellStatus.Due;
    }
}
