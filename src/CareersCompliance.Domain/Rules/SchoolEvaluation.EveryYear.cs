using CareersCompliance.Domain.Activities;
using CareersCompliance.Domain.Calendar;

namespace CareersCompliance.Domain.Rules;

/// <summary>
/// GB5 in every completed year and independent careers guidance (s42A) in every key stage:
/// eventmodel/slices/gatsby-rules.json and independent-guidance.json, decisions 0039 and 0037.
/// </summary>
internal sealed partial class SchoolEvaluation
{
    /// <summary>
    /// Every completed academic year from Year 7 (or admission) in which the pupil was on roll here at the year's end needs a
    /// meaningful employer encounter; the years without one are listed.
    /// </summary>
    private CheckResult Gb5Years(PupilModel p)
    {
        const string id = CheckIds.Gb5Years;
        if (p.Timeline.FirstYearIn(7) is not { } first)
        {
            return Unknown(id);
        }

        var years = new List<AcademicYear>();
        for (var y = first; y < _year && p.Timeline.GroupIn(y) is <= 13; y = y.Plus(1))
        {
            if (OnRollAt(p, y.LastDay()))
            {
                years.Add(y);
            }
        }

        var flags = PupilFlags(p);
        if (years.Count == 0)
        {
            return Result(id, CheckStatus.NotApplicable, "no-completed-year", "no academic year from Year 7 completed on roll here yet",
                [], Framework(_year), first.FirstDay(), null, flags);
        }

        var evidence = new List<ActivityModel>();
        var missed = new List<string>();
        foreach (var y in years)
        {
            var found = Attended(p).Where(x => x.Attended && x.Activity.Details.Kind == ActivityKind.EmployerEncounter
                && AcademicYear.Containing(x.Activity.Date) == y && MeaningfulEmployerEncounter(x.Activity)).Select(x => x.Activity).ToList();
            if (found.Count == 0)
            {
                missed.Add(y.ToString());
            }

            evidence.AddRange(found);
        }

        var fw = Framework(years[^1]);
        var (start, end) = (years[0].FirstDay(), years[^1].LastDay());
        return missed.Count == 0
            ? Result(id, CheckStatus.Met, "met", flags.Count > 0 ? $"met; {flags.Count} flag(s) to review" : null, evidence, fw, start, end, flags)
            : Result(id, CheckStatus.NotMet, "missed-years", $"no meaningful employer encounter in {string.Join(", ", missed)}", evidence, fw, start, end, flags)
                with
            { MissedYears = missed };
    }

    /// <summary>
    /// s42A: at least one guidance meeting with an independent adviser in the key stage of the as-of date (Years 7-9, 10-11,
    /// 12-13), due by the end of its last year; late joiners and leavers as for every other check.
    /// </summary>
    private CheckResult IagIndependent(PupilModel p)
    {
        const string id = CheckIds.IagIndependent;
        if (p.Timeline.GroupIn(_year) is not { } g)
        {
            return Unknown(id);
        }

        if (KeyStageOf(g) is not var (firstYear, lastYear))
        {
            return Result(id, CheckStatus.NotApplicable, "year-group-outside-7-13", $"Year {g} is outside Years 7-13",
                [], Framework(_year), _year.FirstDay(), _year.LastDay());
        }

        return Deadline(p, id, p.Timeline.StartOfYearGroup(firstYear), p.Timeline.EndOfYearGroup(lastYear), null,
            a => a.Details.Kind == ActivityKind.GuidanceMeeting && a.AdviserIndependent,
            (_, counted) =>
            {
                var held = counted.Where(x => x.Attended).Select(x => x.Activity).ToList();
                return (held.Count >= 1, held, "no-independent-guidance",
                    $"no guidance meeting with an independent adviser in Years {firstYear}-{lastYear}");
            });
    }

    private static (int First, int Last)? KeyStageOf(int yearGroup) => yearGroup switch
    {
        >= 7 and <= 9 => (7, 9),
        10 or 11 => (10, 11),
        12 or 13 => (12, 13),
        _ => null,
    };

    /// <summary>Coverage of <see cref="CheckIds.ByYearGroup"/> among each year group's pupils in the report.</summary>
    private static List<YearGroupCoverage> YearGroupCoverage(List<PupilReport> pupils)
    {
        var result = new List<YearGroupCoverage>();
        foreach (var id in CheckIds.ByYearGroup)
        {
            foreach (var group in pupils.Where(p => p.YearGroup is not null).GroupBy(p => p.YearGroup!.Value).OrderBy(g => g.Key))
            {
                var counts = new int[5];
                foreach (var p in group)
                {
                    counts[(int)p.Check(id).Status]++;
                }

                result.Add(new YearGroupCoverage(group.Key, new CheckCoverage(id, counts[0], counts[1], counts[2], counts[3], counts[4])));
            }
        }

        return result;
    }
}
