using CareersCompliance.Domain.Calendar;
using NodaTime;

namespace CareersCompliance.Domain.Rules;

/// <summary>How evidence becomes a status at the as-of date (eventmodel/decisions/0022 and 0024).</summary>
internal sealed partial class SchoolEvaluation
{
    private static readonly CheckFlag RetainedFlag =
        new("year-group-differs-from-birth-date", "Judged by the recorded year group, which differs from the one derived from the date of birth.");

    // A fresh list per check: each check adds its own flags.
    private List<CheckFlag> PupilFlags(PupilModel p) => (p.RetainedThisYear ??= Retained(p, _year)) ? [RetainedFlag] : [];

    /// <summary>
    /// NotApplicable before the window opens, when the pupil was never on roll here, joined after the window closed,
    /// left before the window's final academic year, or is not on roll at the window's end for another reason (past the
    /// school's highest year). Otherwise null, with whether the pupil joined after the window opened and, for a pupil who
    /// left during the final academic year, the leaving date the check is judged on (eventmodel/decisions/0033).
    /// </summary>
    private CheckResult? Gate(
        PupilModel p, string id, GatsbyFramework fw, LocalDate start, LocalDate end, string joinedAfterCode, List<CheckFlag> flags, out bool lateJoiner,
        out LocalDate? leftOn)
    {
        lateJoiner = false;
        leftOn = null;
        if (p.Timeline.GroupOn(end) is { } last && last > School.HighestYearOn(end))
        {
            return Result(id, CheckStatus.NotApplicable, "school-does-not-teach-year",
                $"the school teaches up to Year {School.HighestYearOn(end)}; the pupil is in Year {last} at {D(end)}", [], fw, start, end, flags);
        }

        if (_asOf < start)
        {
            return Result(id, CheckStatus.NotApplicable, "window-not-started", $"window not started: opens {D(start)}", [], fw, start, end, flags);
        }

        var enrolments = new List<Pupils.Enrolment>(p.Enrolments.Count);
        foreach (var e in p.Enrolments)
        {
            if (e.SchoolUrn == School.Urn && e.AdmissionDate <= _asOf)
            {
                enrolments.Add(e);
            }
        }

        if (enrolments.Count == 0)
        {
            return Result(id, CheckStatus.NotApplicable, "not-on-roll", "not on roll at this school", [], fw, start, end, flags);
        }

        var relevant = enrolments.Find(e => e.LeavingDate is not { } left || left >= start) ?? enrolments[^1];
        if (relevant.AdmissionDate > end)
        {
            return Result(id, CheckStatus.NotApplicable, joinedAfterCode,
                $"joined on {D(relevant.AdmissionDate)}, after the window closed on {D(end)}", [], fw, start, end, flags);
        }

        if (!OnRollAt(p, end))
        {
            var left = enrolments.Select(e => e.LeavingDate).Where(l => l is { } d && d <= _asOf && d < end).Max();
            if (left is { } l)
            {
                if (l >= start && AcademicYear.Containing(l) == AcademicYear.Containing(end))
                {
                    leftOn = l;
                    lateJoiner = relevant.AdmissionDate > start;
                    return null;
                }

                return Result(id, CheckStatus.NotApplicable, "left-before-final-year",
                    $"left on {D(l)}, before the window's final academic year {AcademicYear.Containing(end)}", [], fw, start, end, flags);
            }

            return Result(id, CheckStatus.NotApplicable, "not-on-roll-at-window-end", $"not on roll on {D(end)}", [], fw, start, end, flags);
        }

        lateJoiner = relevant.AdmissionDate > start;
        return null;
    }

    /// <summary>
    /// Met; NotMet once the deadline has passed, or on the leaving date for a pupil who left in the window's final year;
    /// AtRisk within the alert horizon; otherwise Due. A late joiner is judged by the same horizon (contracts/rules-decisions.md
    /// defines AtRisk by the deadline alone) and carries a late-joiner flag.
    /// </summary>
    private CheckResult Outcome(
        string id, bool met, IEnumerable<ActivityModel> evidence, GatsbyFramework fw, LocalDate start, LocalDate end,
        bool lateJoiner, string code, string text, List<CheckFlag>? flags, LocalDate? leftOn = null)
    {
        if (met)
        {
            return Result(id, CheckStatus.Met, "met", flags is { Count: > 0 } ? $"met; {flags.Count} flag(s) to review" : null, evidence, fw, start, end, flags);
        }

        if (leftOn is { } left)
        {
            return Result(id, CheckStatus.NotMet, "left-unmet", $"left on {D(left)}, before the deadline {D(end)}: {text}", evidence, fw, start, end, flags);
        }

        if (_asOf > end)
        {
            return Result(id, CheckStatus.NotMet, lateJoiner ? "late-joiner-window-closed-unmet" : "window-closed-unmet",
                $"deadline {D(end)} passed: {text}", evidence, fw, start, end, flags);
        }

        var days = PalPhases.DaysBetween(_asOf, end);
        if (lateJoiner)
        {
            flags = [.. flags ?? [], new CheckFlag("late-joiner", "joined after the window opened; fewer occasions remain to meet it")];
            code = "late-joiner";
            text = $"joined after the window opened: {text}";
        }

        return days <= _s.AlertHorizonDays
            ? Result(id, CheckStatus.AtRisk, code, $"{text}; {days} day(s) to {D(end)}", evidence, fw, start, end, flags)
            : Result(id, CheckStatus.Due, code, $"{text}; deadline {D(end)}", evidence, fw, start, end, flags);
    }

    /// <summary>In a cohort's figures: on roll at the window's end, or left during its final academic year (decisions/0033).</summary>
    private bool InCohort(PupilModel p, DateInterval window) => OnRollAt(p, window.End) || LeftInFinalYear(p, window.Start, window.End) is not null;

    private LocalDate? LeftInFinalYear(PupilModel p, LocalDate start, LocalDate end)
    {
        LocalDate? found = null;
        var finalYear = AcademicYear.Containing(end);
        foreach (var e in p.Enrolments)
        {
            if (e.SchoolUrn == School.Urn && e.AdmissionDate <= _asOf && e.LeavingDate is { } left && left <= _asOf && left < end
                && left >= start && AcademicYear.Containing(left) == finalYear && (found is null || left > found))
            {
                found = left;
            }
        }

        return found;
    }
}
