using CareersCompliance.Domain.Activities;
using CareersCompliance.Domain.Calendar;
using NodaTime;

namespace CareersCompliance.Domain.Rules;

/// <summary>Provider access (s42B): eventmodel/slices/pal-phase-rules.json and decisions 0005-0015.</summary>
internal sealed partial class SchoolEvaluation
{
    private CheckResult Pal(PupilModel p, PalPhase phase)
    {
        var id = PalPhases.CheckId(phase);
        var window = p.Timeline.PalWindow(phase, _s.LeapDay);
        if (window is null)
        {
            return Result(id, CheckStatus.NotApplicable, "year-group-unknown", "no year group is recorded", [], Framework(_year), null, null);
        }

        var fw = FrameworkAt(window.End);
        var flags = PupilFlags(p);
        if (Gate(p, id, fw, window.Start, window.End, "joined-after-window-closed", flags, out var lateJoiner, out var leftOn) is { } notApplicable)
        {
            return notApplicable;
        }

        var rule = PalRule(p, leftOn is { } left ? new DateInterval(window.Start, left) : window, flags);
        return Outcome(id, rule.Met, rule.Occasions, fw, window.Start, window.End, lateJoiner, rule.Code, rule.Text, flags, leftOn);
    }

    /// <summary>Phase 3 is the school's duty: two occasions offered to the cohort. The pupil's attendance is reported, never required.</summary>
    private CheckResult PalThird(PupilModel p)
    {
        const string id = CheckIds.PalP3;
        var window = p.Timeline.PalWindow(PalPhase.Third, _s.LeapDay);
        if (window is null)
        {
            return Result(id, CheckStatus.NotApplicable, "year-group-unknown", "no year group is recorded", [], Framework(_year), null, null);
        }

        var fw = FrameworkAt(window.End);
        var flags = PupilFlags(p);
        if (Gate(p, id, fw, window.Start, window.End, "joined-after-window-closed", flags, out _, out var leftOn) is { } notApplicable)
        {
            return notApplicable;
        }

        var judged = leftOn is { } left ? new DateInterval(window.Start, left) : window;
        var offered = _schoolOccasions
            .Where(a => judged.Contains(a.Date) && p.Timeline.GroupOn(a.Date) is { } g && OfferedTo(a).Contains(g))
            .ToList();
        var dates = Dates(offered);
        var attended = PalRule(p, judged, flags).Occasions;
        var attendance = attended.Count == 0 ? "attended none" : $"attended {attended.Count}: {Ids(attended)}";
        var result = Outcome(
            id, dates >= 2, offered, fw, window.Start, window.End, false, "fewer-than-two-occasions-offered",
            $"{dates} qualifying occasion(s) offered to the cohort; two on different dates are needed; {attendance}", flags, leftOn);
        return result.Status == CheckStatus.Met
            ? result with { ReasonCode = "offered-to-cohort", Reason = $"{dates} occasions offered to the cohort; {attendance} (attendance is reported, not required)" }
            : result;
    }

    /// <summary>
    /// The per-pupil rule: at least two qualifying occasions attended in the window, and not exactly the same providers
    /// on every occasion. Excluded encounters the pupil attended are flagged with why.
    /// </summary>
    private (List<ActivityModel> Occasions, bool Met, string Code, string Text) PalRule(PupilModel p, DateInterval window, List<CheckFlag>? flags)
    {
        var occasions = new List<ActivityModel>();
        var dayAfter = window.End.PlusDays(1);
        foreach (var (a, attended) in Attended(p))
        {
            if (a.Details.Kind != ActivityKind.ProviderEncounter || a.Date < window.Start)
            {
                continue;
            }

            if (a.Date > window.End)
            {
                if (a.Date == dayAfter && a.Date is { Month: 2, Day: 29 } && attended && a.PalExclusion is null)
                {
                    flags?.Add(new CheckFlag("leap-day-outside-window", $"{a.Id}: 29 February is outside the window under leapDay=strict; review.", a.Id));
                }

                if (a.Date > dayAfter)
                {
                    break;
                }

                continue;
            }

            if (a.PalExclusion is { } code)
            {
                if (attended)
                {
                    flags?.Add(new CheckFlag(code, $"{a.Id}: does not count ({a.PalExclusionText}).", a.Id));
                }

                continue;
            }

            if (!attended)
            {
                flags?.Add(new CheckFlag("absent", $"{a.Id}: recorded absent, so no credit.", a.Id));
                continue;
            }

            occasions.Add(a);
            if (a.NoRecordedTimes)
            {
                flags?.Add(new CheckFlag("no-recorded-times", $"{a.Id}: no start or end time recorded; accepted as within the school day.", a.Id));
            }
        }

        return JudgeOccasions(occasions);
    }

    /// <summary>Occasions are counted by date: encounters on one date are one occasion whose providers are the union (decisions/0035).</summary>
    private static (List<ActivityModel> Occasions, bool Met, string Code, string Text) JudgeOccasions(List<ActivityModel> occasions)
    {
        var byDate = new List<SortedSet<string>>();
        LocalDate? last = null;
        foreach (var o in occasions)
        {
            if (o.Date != last)
            {
                byDate.Add(new SortedSet<string>(StringComparer.Ordinal));
                last = o.Date;
            }

            byDate[^1].UnionWith(o.TechnicalProviders);
        }

        var sameDay = occasions.Count > byDate.Count ? " (encounters on the same date are one occasion)" : "";
        if (byDate.Count < 2)
        {
            return (occasions, false, "fewer-than-two-occasions", $"{byDate.Count} qualifying occasion(s) attended{sameDay}; two on different dates are needed");
        }

        var sets = byDate.Select(d => string.Join('|', d)).Distinct(StringComparer.Ordinal).Count();
        return sets >= 2
            ? (occasions, true, "met", "met")
            : (occasions, false, "same-providers-each-time", $"{byDate.Count} qualifying occasions{sameDay}, but exactly the same providers each time");
    }

    /// <summary>How many occasions the activities make: one per date.</summary>
    private static int Dates(List<ActivityModel> activities) => activities.Select(a => a.Date).Distinct().Count();

    /// <summary>
    /// The year groups an occasion was put on for: its year groups, or, when none were given, each year group all of whose
    /// pupils on roll that day are on the register, present or absent (decisions/0036). Attendance alone never proves an offer.
    /// </summary>
    private HashSet<int> OfferedTo(ActivityModel a)
    {
        if (_offeredTo.TryGetValue(a.Id, out var set))
        {
            return set;
        }

        set = [.. a.Details.YearGroups];
        if (set.Count == 0)
        {
            var year = AcademicYear.Containing(a.Date);
            var groups = GroupsIn(year);
            var candidates = new HashSet<int>();
            foreach (var pupil in a.Attendance.Keys)
            {
                if (_pupils.TryGetValue(pupil, out var p) && p.Timeline.GroupIn(year) is { } g)
                {
                    candidates.Add(g);
                }
            }

            // Why: a special school with PAL flexibility arranges encounters for small groups or one pupil (decisions/0047),
            // so an occasion on its register counts as offered to the year groups of the pupils on it.
            var flexible = a.Details.SchoolUrn == School.Urn && School.PalSendFlexibleOn(a.Date);
            foreach (var g in candidates)
            {
                if (flexible || groups[g].Where(p => OnRollAt(p, a.Date)).All(p => a.Attendance.ContainsKey(p.Id)))
                {
                    set.Add(g);
                }
            }
        }

        _offeredTo[a.Id] = set;
        return set;
    }

    private ILookup<int, PupilModel> GroupsIn(AcademicYear year)
    {
        if (!_groupsByYear.TryGetValue(year, out var groups))
        {
            groups = _pupils.Values.Where(p => p.Timeline.GroupIn(year) is not null).ToLookup(p => p.Timeline.GroupIn(year)!.Value);
            _groupsByYear[year] = groups;
        }

        return groups;
    }

    private IEnumerable<PalCohortResult> PalCohorts(Dictionary<Common.PupilId, PupilReport> reports)
    {
        var byYearGroup = _pupils.Values.ToLookup(p => p.Timeline.GroupIn(_year) ?? 0);
        foreach (var phase in PalPhases.All)
        {
            var (first, second) = PalPhases.YearGroupsOf(phase);
            foreach (var g in new[] { second, first })
            {
                var window = PalPhases.WindowForCohort(phase, g, _year, _s.LeapDay);
                var fw = FrameworkAt(window.End);
                var days = PalPhases.DaysLeft(window, _asOf);
                if (g > School.HighestYearOn(_asOf))
                {
                    var na = Result(CheckIds.PalOccasions, CheckStatus.NotApplicable, "school-does-not-teach-year",
                        $"the school does not teach Year {g}", [], fw, window.Start, window.End);
                    yield return new PalCohortResult(phase, g, window.Start, window.End, days, na, 0, 0, null, null, null);
                    continue;
                }

                var firstYear = AcademicYear.Containing(window.Start);
                var occasions = _schoolOccasions
                    .Where(a => window.Contains(a.Date) && OfferedTo(a).Contains(AcademicYear.Containing(a.Date) == firstYear ? first : second))
                    .ToList();
                var dates = Dates(occasions);
                var status = Outcome(CheckIds.PalOccasions, dates >= 2, occasions, fw, window.Start, window.End, false,
                    "fewer-than-two-occasions-offered", $"{dates} qualifying occasion(s) offered to Year {g}; two on different dates are needed", null);

                var onRoll = 0;
                var met = 0;
                foreach (var p in byYearGroup[g])
                {
                    if (!InCohort(p, window))
                    {
                        continue;
                    }

                    onRoll++;
                    var pupilMet = phase == PalPhase.Third
                        ? p.Timeline.PalWindow(phase, _s.LeapDay) is { } w
                            && PalRule(p, LeftInFinalYear(p, w.Start, w.End) is { } left ? new DateInterval(w.Start, left) : w, null).Met
                        : (reports.TryGetValue(p.Id, out var r) ? r.Check(PalPhases.CheckId(phase)) : Pal(p, phase)).Status == CheckStatus.Met;
                    if (pupilMet)
                    {
                        met++;
                    }
                }

                decimal? coverage = onRoll == 0 ? null : Math.Round(100m * met / onRoll, 1);
                CecBand? band = onRoll == 0 ? null : ComplianceRules.BandOf(met, onRoll);
                decimal? offered = phase == PalPhase.Third && onRoll > 0 ? (occasions.Count >= 2 ? 100m : 0m) : null;
                yield return new PalCohortResult(phase, g, window.Start, window.End, days, status, onRoll, met, coverage, band, offered);
            }
        }
    }
}
