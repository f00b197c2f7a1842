using CareersCompliance.Domain.Activities;
using CareersCompliance.Domain.Calendar;
using NodaTime;

namespace CareersCompliance.Domain.Rules;

/// <summary>Gatsby benchmarks 5-8 per pupil: eventmodel/slices/gatsby-rules.json and decisions 0016-0021.</summary>
internal sealed partial class SchoolEvaluation
{
    private delegate (bool Met, IEnumerable<ActivityModel> Evidence, string Code, string Text) Judge(
        GatsbyFramework framework, List<(ActivityModel Activity, bool Attended)> counted);

    private CheckResult Gb5(PupilModel p)
    {
        if (p.Timeline.GroupIn(_year) is not { } g)
        {
            return Unknown(CheckIds.Gb5);
        }

        if (g is < 7 or > 13)
        {
            return Result(CheckIds.Gb5, CheckStatus.NotApplicable, "year-group-outside-7-13", $"Year {g} is outside Years 7-13",
                [], Framework(_year), _year.FirstDay(), _year.LastDay());
        }

        return Deadline(p, CheckIds.Gb5, _year.FirstDay(), _year.LastDay(), null, a => a.Details.Kind == ActivityKind.EmployerEncounter,
            (_, counted) =>
            {
                var ok = counted.Where(x => x.Attended && MeaningfulEmployerEncounter(x.Activity)).Select(x => x.Activity).ToList();
                return (ok.Count >= 1, ok, "no-meaningful-employer-encounter", $"no meaningful employer encounter in {_year}");
            });
    }

    /// <summary>GB6: by 16 from Year 7; by 18 a further experience in Years 12-13 only, whatever came before (decisions/0038).</summary>
    private CheckResult Gb6(PupilModel p, bool by18)
    {
        var id = by18 ? CheckIds.Gb6By18 : CheckIds.Gb6By16;
        var (deadline, flag) = by18 ? By(p, 18, 13) : By(p, 16, 11);
        return Deadline(p, id, by18 ? SixthFormStart(p) : GatsbyStart(p), deadline, flag, a => a.Details.Kind == ActivityKind.WorkplaceExperience,
            (fw, counted) =>
            {
                var needed = by18 ? 1 : fw == GatsbyFramework.Gatsby2024 ? 2 : 1;
                var ok = counted.Where(x => x.Attended && MeaningfulWorkplaceExperience(x.Activity)).Select(x => x.Activity).ToList();
                var where = by18 ? " in Years 12-13" : "";
                return (ok.Count >= needed, ok, "too-few-workplace-experiences", $"{ok.Count} workplace experience(s){where}; {needed} needed");
            });
    }

    private CheckResult Gb7By16(PupilModel p)
    {
        var (deadline, flag) = By(p, 16, 11);
        return Deadline(p, CheckIds.Gb7By16, GatsbyStart(p), deadline, flag,
            a => a.Details.Kind is ActivityKind.ProviderEncounter or ActivityKind.UniversityVisit,
            (_, counted) =>
            {
                var seen = new HashSet<string>(StringComparer.Ordinal);
                var evidence = new List<ActivityModel>();
                foreach (var (a, attended) in counted)
                {
                    if (!attended || !MeaningfulProviderEncounter(a))
                    {
                        continue;
                    }

                    if (a.ProviderCategories.Count > 0)
                    {
                        evidence.Add(a);
                        seen.UnionWith(a.ProviderCategories);
                    }
                }

                var missing = ProviderCategories.Where(c => !seen.Contains(c)).ToList();
                return (missing.Count == 0, evidence, "provider-types-missing", $"no encounter yet with: {string.Join(", ", missing)}");
            });
    }

    private CheckResult Gb7He(PupilModel p)
    {
        var (deadline, flag) = By(p, 18, 13);
        if (!p.ConsideringHigherEducationOn(_asOf))
        {
            return Result(CheckIds.Gb7He, CheckStatus.NotApplicable, "not-considering-higher-education",
                "not recorded as considering higher education", [], deadline is { } d ? FrameworkAt(d) : Framework(_year), GatsbyStart(p), deadline);
        }

        return Deadline(p, CheckIds.Gb7He, GatsbyStart(p), deadline, flag,
            a => a.Details.Kind == ActivityKind.UniversityVisit && a.Details.DeliveryMode != DeliveryMode.Recorded,
            (_, counted) =>
            {
                var ok = counted.Where(x => x.Attended).Select(x => x.Activity).ToList();
                return (ok.Count >= 2, ok, "fewer-than-two-university-visits", $"{ok.Count} university visit(s); two needed");
            });
    }

    private CheckResult Gb8(PupilModel p, bool by18)
    {
        var id = by18 ? CheckIds.Gb8By18 : CheckIds.Gb8By16;
        var (deadline, flag) = by18 ? By(p, 18, 13) : By(p, 16, 11);
        return Deadline(p, id, by18 ? SixthFormStart(p) : GatsbyStart(p), deadline, flag,
            a => a.Details.Kind == ActivityKind.GuidanceMeeting && a.AdviserLevel6,
            (fw, counted) =>
            {
                var held = counted.Where(x => x.Attended).Select(x => x.Activity).ToList();
                if (!by18)
                {
                    return (held.Count >= 1, held, "no-guidance-meeting", "no personal guidance meeting with a Level 6 adviser");
                }

                // By 18 counts Years 12-13 only (decisions/0038): the window starts there, so "further" is any meeting in it.
                if (fw == GatsbyFramework.Gatsby2024)
                {
                    return (held.Count >= 1, held, "no-further-guidance-meeting", "no guidance meeting held in Years 12-13; a further meeting is needed");
                }

                // Why: in 2014 only the offer of a further meeting is needed; a meeting booked for the pupil and missed is an offer.
                var offered = counted.Select(x => x.Activity).ToList();
                return (offered.Count >= 1, offered, "no-further-guidance-meeting-offered", "no guidance meeting offered in Years 12-13; the offer of a further meeting is needed");
            });
    }

    private static readonly string[] ProviderCategories = ["sixth form", "college", "university", "independent training provider"];

    // Each activity is judged by the framework of its own academic year (decisions/0016).
    private static bool MeaningfulEmployerEncounter(ActivityModel a) =>
        a.Framework == GatsbyFramework.Gatsby2014
        || (a.Details.Checklist.IsMeaningfulEncounter() && a.Details.DeliveryMode != DeliveryMode.Recorded);

    private static bool MeaningfulWorkplaceExperience(ActivityModel a) =>
        a.Framework == GatsbyFramework.Gatsby2014 || a.Details.Checklist.IsMeaningfulWorkplaceExperience();

    private static bool MeaningfulProviderEncounter(ActivityModel a) =>
        a.Framework == GatsbyFramework.Gatsby2014
        || (a.Details.Checklist.IsMeaningfulProviderEncounter() && a.Details.DeliveryMode != DeliveryMode.Recorded);

    private static LocalDate? GatsbyStart(PupilModel p) => p.Timeline.StartOfYearGroup(7);

    private static LocalDate? SixthFormStart(PupilModel p) => p.Timeline.StartOfYearGroup(12);

    /// <summary>"By 16" / "by 18": 31 August at the end of Year 11 / 13, or the day before the birthday under strictAge.</summary>
    private (LocalDate? Deadline, CheckFlag? Flag) By(PupilModel p, int age, int yearGroup)
    {
        var endOfYear = p.Timeline.EndOfYearGroup(yearGroup);
        if (_s.AgeDeadline == AgeDeadline.EndOfYear)
        {
            return (endOfYear, null);
        }

        if (_birthDates is not null && _birthDates.TryGetValue(p.Id, out var dob))
        {
            return (YearGroups.BirthdayAt(dob, age).PlusDays(-1), null);
        }

        return (endOfYear, new CheckFlag("birth-date-unknown", $"ageDeadline=strictAge needs the date of birth; used the end of Year {yearGroup}."));
    }

    private CheckResult Unknown(string id) =>
        Result(id, CheckStatus.NotApplicable, "year-group-unknown", "no year group is recorded", [], Framework(_year), null, null);

    private CheckResult Deadline(
        PupilModel p, string id, LocalDate? start, LocalDate? deadline, CheckFlag? flag, Func<ActivityModel, bool> relevant, Judge judge)
    {
        if (start is not { } from || deadline is not { } to)
        {
            return Unknown(id);
        }

        var fw = FrameworkAt(to);
        var flags = PupilFlags(p);
        if (flag is not null)
        {
            flags.Add(flag);
        }

        if (Gate(p, id, fw, from, to, "joined-after-deadline", flags, out _, out var leftOn) is { } notApplicable)
        {
            return notApplicable;
        }

        // A pupil who left in the final year is judged on the evidence up to the leaving date (decisions/0033).
        var until = leftOn ?? to;
        var counted = Attended(p).Where(x => x.Activity.Date >= from && x.Activity.Date <= until && relevant(x.Activity)).ToList();
        var (met, evidence, code, text) = judge(fw, counted);
        return Outcome(id, met, evidence, fw, from, to, false, code, text, flags, leftOn);
    }
}
