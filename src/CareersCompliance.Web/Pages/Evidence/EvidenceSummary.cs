using CareersCompliance.Application.Evidence;
using CareersCompliance.Domain.Calendar;
using CareersCompliance.Domain.Rules;
using NodaTime;

namespace CareersCompliance.Web.Pages.Evidence;

/// <summary>One duty in the inspector's summary: its standing at the period's end, the figure behind it and why, in words.</summary>
public sealed record DutyLine(string Name, CheckStatus Status, string Figure, string? Note);

/// <summary>
/// What an inspector reads before the detail: the school's duties as they stood at the period's end (met or not, with the
/// figure), when the evidence in the period was dated, how many activities and pupils it covers, and the gaps: duties not
/// met or at risk, and term-time months with nothing recorded. Counts only: no pupil is named here.
/// </summary>
public sealed record EvidenceSummary(
    LocalDate AsOf, int Activities, IReadOnlyList<(string Kind, int Count)> ByKind, LocalDate? FirstDate, LocalDate? LastDate,
    int Corrections, int Retracted, int OnRoll, int Reached, IReadOnlyList<DutyLine> Duties, IReadOnlyList<string> Gaps)
{
    public int DutiesMet => Duties.Count(d => d.Status == CheckStatus.Met);

    public static EvidenceSummary Of(EvidencePack pack, SchoolReport report, int reached, int horizon)
    {
        ArgumentNullException.ThrowIfNull(pack);
        ArgumentNullException.ThrowIfNull(report);
        var activities = pack.Rows.GroupBy(r => r.ActivityId, StringComparer.Ordinal).Select(g => g.First()).ToList();
        var counted = activities.Where(a => !a.Retracted).ToList();
        var duties = DutiesAt(report, horizon);
        var gaps = duties.Where(d => d.Status is CheckStatus.NotMet or CheckStatus.AtRisk)
            .Select(d => $"{d.Name}: {(d.Status == CheckStatus.NotMet ? "not met" : "at risk")}{(d.Figure.Length > 0 ? ", " + d.Figure : "")}{(d.Note is null ? "" : ". " + d.Note)}")
            .Concat(EmptyMonths(pack.From, pack.To, counted.Select(a => a.Date)).Select(m => $"No activity recorded in {m}"))
            .ToList();
        return new EvidenceSummary(report.AsOf, counted.Count,
            [.. counted.GroupBy(a => a.Kind, StringComparer.Ordinal).OrderByDescending(g => g.Count()).Select(g => (EventNames.Plain(g.Key), g.Count()))],
            counted.Count == 0 ? null : counted.Min(a => a.Date), counted.Count == 0 ? null : counted.Max(a => a.Date),
            pack.Rows.Count - activities.Count, activities.Count - counted.Count, report.Pupils.Count(p => p.OnRoll), reached, duties, gaps);
    }

    private static List<DutyLine> DutiesAt(SchoolReport report, int horizon)
    {
        var lines = report.SchoolChecks.Select(c => new DutyLine(CheckNames.Of(c.CheckId), c.Status, "", c.Reason)).ToList();
        foreach (var phase in PalPhases.All)
        {
            foreach (var c in PalPhaseCoverage.ForSchool(report, phase).Cohorts.Where(c => c.PupilsOnRoll > 0))
            {
                var status = c.PupilsShort <= 0 ? CheckStatus.Met : !c.Open ? CheckStatus.NotMet : c.DaysLeft <= horizon ? CheckStatus.AtRisk : CheckStatus.Due;
                lines.Add(new DutyLine($"{CheckNames.Of(PalPhases.CheckId(phase))}: Year {c.YearGroupNow}, deadline {Ui.Date(c.WindowEnd)}", status,
                    $"{c.PupilsMet} of {c.PupilsOnRoll} pupils", null));
            }
        }

        foreach (var c in report.Coverage.Where(c => !c.CheckId.StartsWith("PAL.", StringComparison.Ordinal) && c.Applicable > 0))
        {
            var status = c.NotMet > 0 ? CheckStatus.NotMet : c.AtRisk > 0 ? CheckStatus.AtRisk : c.Due > 0 ? CheckStatus.Due : CheckStatus.Met;
            lines.Add(new DutyLine(CheckNames.Of(c.CheckId), status, $"{c.Met} of {c.Applicable} pupils ({Ui.Percent(c.MetPercent)})",
                c.NotMet + c.AtRisk > 0 ? $"{c.NotMet} not met, {c.AtRisk} at risk" : null));
        }

        return lines;
    }

    // Why August is left out: schools are closed, so a month without evidence there is no gap; nor is a month not yet over.
    private static IEnumerable<string> EmptyMonths(LocalDate from, LocalDate to, IEnumerable<LocalDate> dates)
    {
        var seen = dates.Select(d => (d.Year, d.Month)).ToHashSet();
        for (var m = new LocalDate(from.Year, from.Month, 1); m.PlusMonths(1).PlusDays(-1) <= to; m = m.PlusMonths(1))
        {
            if (m.Month != 8 && !seen.Contains((m.Year, m.Month)))
            {
                yield return m.ToString("MMMM yyyy", System.Globalization.CultureInfo.GetCultureInfo("en-GB"));
            }
        }
    }
}
