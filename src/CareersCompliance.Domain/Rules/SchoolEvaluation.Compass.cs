using System.Globalization;
using CareersCompliance.Domain.Activities;
using CareersCompliance.Domain.Common;
using CareersCompliance.Domain.Schools;
using NodaTime;

namespace CareersCompliance.Domain.Rules;

/// <summary>
/// Benchmarks 1-4 from evidence and the Compass-style evaluation of all eight: eventmodel/slices/compass-evaluation.json,
/// decisions 0041-0045.
/// </summary>
internal sealed partial class SchoolEvaluation
{
    public CompassReport Compass()
    {
        var report = Report();
        var fw = Framework(_year);
        var onRoll = report.Pupils.Where(r => r.OnRoll && r.YearGroup is >= 7 and <= 13).Select(r => _pupils[r.PupilId]).ToList();
        var criteria = new Dictionary<string, List<CompassCriterion>>(StringComparer.Ordinal)
        {
            ["GB1"] = Gb1(report, fw),
            ["GB2"] = [Gb2Pupils(onRoll), ParentFact(ParentEngagementKind.LmiAccess, "GB2.Parents", "Parents and carers given access to careers and labour-market information")],
            ["GB3"] = Gb3(onRoll),
            ["GB4"] = [Gb4Departments()],
            ["GB5"] = [FromChecks(report, CheckIds.Gb5)],
            ["GB6"] = [FromChecks(report, CheckIds.Gb6By16), FromChecks(report, CheckIds.Gb6By18)],
            ["GB7"] = [FromChecks(report, CheckIds.Gb7By16), FromChecks(report, CheckIds.Gb7He)],
            ["GB8"] = [FromChecks(report, CheckIds.Gb8By16), FromChecks(report, CheckIds.Gb8By18)],
        };
        var benchmarks = GatsbyBenchmarks.Titles.Select(b =>
        {
            var list = criteria[b.Id];
            var percent = (int)Math.Round(list.Average(c => c.Score), MidpointRounding.AwayFromZero);
            return new CompassBenchmark(b.Id, b.Title, percent, list.TrueForAll(c => c.Met), list);
        }).ToList();
        var departments = _s.Departments is { Count: > 0 } named ? string.Join(";", named) : "derived";
        return new CompassReport(School.Urn, School.Name, _asOf, _knownAt, fw, benchmarks, _s.CompassNationalAverage,
            new CompassSettings(report.Settings, _s.CompassLookbackDays, _s.Gb3MaxGapPoints, _s.CompassPupilShare, departments));
    }

    private List<CompassCriterion> Gb1(SchoolReport report, GatsbyFramework fw)
    {
        var publication = report.SchoolChecks.First(c => string.Equals(c.CheckId, CheckIds.PublicationCareersInfo, StringComparison.Ordinal));
        var published = School.Publications.Where(x => x.PublishedOn <= _asOf).MaxBy(x => x.PublishedOn);
        var leaderCheck = report.SchoolChecks.First(c => string.Equals(c.CheckId, CheckIds.CareersLeader, StringComparison.Ordinal));
        var leader = School.Leaders.Where(x => x.AppointedOn <= _asOf).MaxBy(x => x.AppointedOn);
        var training = leader is null ? null : School.Trainings.Where(t => t.LeaderId == leader.LeaderId && t.TrainedOn <= _asOf).MinBy(t => t.TrainedOn);

        var list = new List<CompassCriterion>
        {
            SchoolCriterion("GB1.Published", "Careers programme published with all four items, within its review date",
                publication.Status is CheckStatus.Met or CheckStatus.AtRisk,
                published is null ? [] : [$"careers programme information published {D(published.PublishedOn)}" + (published.NextReviewDate is { } r ? $", review due {D(r)}" : "")]),
            SchoolCriterion("GB1.Leader", "A named and trained careers leader",
                leaderCheck.Status == CheckStatus.Met,
                leader is null ? [] : [
                    $"careers leader {leader.LeaderId} appointed {D(leader.AppointedOn)}" + (leader.Trained ? ", trained" : ""),
                    .. training is null ? Array.Empty<string>() : [$"careers leader training recorded {D(training.TrainedOn)}"]]),
        };

        ProgrammeBacker[][] backers = fw == GatsbyFramework.Gatsby2024
            ? [[ProgrammeBacker.Governors], [ProgrammeBacker.Headteacher]]
            : [[ProgrammeBacker.Headteacher, ProgrammeBacker.SeniorLeadership]];
        var backings = School.Backings.Where(b => InLookback(b.BackedOn)).OrderBy(b => b.BackedOn).ToList();
        list.Add(SchoolCriterion("GB1.Backing",
            fw == GatsbyFramework.Gatsby2024 ? "Backing of the governors and the headteacher recorded" : "Senior leadership backing recorded",
            Array.TrueForAll(backers, any => backings.Exists(b => any.Contains(b.Backer))),
            [.. backings.Select(b => $"backed by {Snake(b.Backer)} {D(b.BackedOn)}")]));

        FeedbackSource[] sources = fw == GatsbyFramework.Gatsby2024
            ? [FeedbackSource.Pupils, FeedbackSource.Parents, FeedbackSource.Teachers, FeedbackSource.CareersAdvisers, FeedbackSource.Employers]
            : [FeedbackSource.Pupils, FeedbackSource.Parents, FeedbackSource.Teachers, FeedbackSource.Employers];
        var feedback = School.Feedback.Where(f => InLookback(f.GatheredOn)).OrderBy(f => f.GatheredOn).ToList();
        var missing = sources.Where(s => !feedback.Exists(f => f.Source == s)).Select(Snake).ToList();
        list.Add(SchoolCriterion("GB1.Feedback",
            $"Programme evaluated with feedback from {string.Join(", ", sources.Select(Snake))}" + (missing.Count > 0 ? $" (none yet from {string.Join(", ", missing)})" : ""),
            missing.Count == 0, [.. feedback.Select(f => $"feedback from {Snake(f.Source)} {D(f.GatheredOn)}")]));

        if (fw == GatsbyFramework.Gatsby2024)
        {
            list.Add(ParentFact(ParentEngagementKind.EngagementPlan, "GB1.ParentPlan", "The programme sets out how parents and carers will be engaged"));
        }

        return list;
    }

    private CompassCriterion ParentFact(ParentEngagementKind kind, string id, string description)
    {
        var facts = School.ParentEngagements.Where(p => p.Kind == kind && InLookback(p.EngagedOn)).OrderBy(p => p.EngagedOn).ToList();
        return SchoolCriterion(id, description, facts.Count > 0, [.. facts.Select(p => $"parent engagement {Snake(p.Kind)} {D(p.EngagedOn)}")]);
    }

    private CompassCriterion Gb2Pupils(List<PupilModel> onRoll) =>
        PerPupil("GB2.Pupils", $"Every pupil in Years 7-13 attended a labour-market information session in {_year}", onRoll,
            p => ThisYear(p).Where(a => a.Details.Kind == ActivityKind.LmiSession));

    private List<CompassCriterion> Gb3(List<PupilModel> onRoll)
    {
        var withRecord = onRoll.ToDictionary(p => p.Id, p => ThisYear(p).Any());
        var records = PerPupil("GB3.Records", $"Every pupil in Years 7-13 has a careers record of an activity in {_year}", onRoll, ThisYear);
        return
        [
            records,
            GroupGap("GB3.Send", "pupils with SEND", PupilGroup.Send, onRoll, withRecord),
            GroupGap("GB3.LookedAfter", "looked-after pupils", PupilGroup.LookedAfter, onRoll, withRecord),
            GroupGap("GB3.Disadvantaged", "disadvantaged pupils", PupilGroup.Disadvantaged, onRoll, withRecord),
        ];
    }

    private CompassCriterion GroupGap(string id, string who, PupilGroup group, List<PupilModel> onRoll, Dictionary<PupilId, bool> withRecord)
    {
        var members = onRoll.Where(p => p.InGroupOn(group, _asOf)).ToList();
        var rest = onRoll.Where(p => !p.InGroupOn(group, _asOf)).ToList();
        var description = $"Careers records of {who} no more than {N(_s.Gb3MaxGapPoints)} points behind the rest";
        if (members.Count == 0)
        {
            return SchoolCriterion(id, description, true, [$"no {who} on roll"]);
        }

        var groupShare = Share(members.Count(p => withRecord[p.Id]), members.Count);
        var restShare = rest.Count == 0 ? groupShare : Share(rest.Count(p => withRecord[p.Id]), rest.Count);
        var gap = restShare - groupShare;
        var evidence = $"{who}: {members.Count(p => withRecord[p.Id])} of {members.Count} ({N(groupShare)}%); the rest: " +
            $"{rest.Count(p => withRecord[p.Id])} of {rest.Count} ({N(restShare)}%); gap {N(Math.Max(gap, 0))} points";
        return SchoolCriterion(id, description, gap <= _s.Gb3MaxGapPoints, [evidence]) with
        {
            PupilsShort = [.. members.Where(p => !withRecord[p.Id]).Select(p => p.Id)],
        };
    }

    private CompassCriterion Gb4Departments()
    {
        var comparer = StringComparer.OrdinalIgnoreCase;
        var departments = (_s.Departments is { Count: > 0 } named ? named : _curriculumLinks.Select(a => a.Details.Subject).OfType<string>())
            .Select(d => d.Trim()).Where(d => d.Length > 0).Distinct(comparer).Order(comparer).ToList();
        var thisYear = _curriculumLinks.Where(a => a.Date >= _year.FirstDay() && a.Details.Subject is not null).OrderBy(a => a.Date).ToList();
        var covered = departments.Where(d => thisYear.Exists(a => comparer.Equals(a.Details.Subject!.Trim(), d))).ToList();
        var uncovered = departments.Except(covered, comparer).ToList();
        var description = $"Every subject department linked its curriculum to careers in {_year}" +
            (uncovered.Count > 0 ? $" (not yet: {string.Join(", ", uncovered)})" : departments.Count == 0 ? " (no departments known)" : "");
        var evidence = new List<string> { $"{covered.Count} of {departments.Count} departments" };
        evidence.AddRange(thisYear.Select(a => a.Id.Value));
        return new CompassCriterion("GB4.Departments", description, departments.Count > 0 && uncovered.Count == 0,
            departments.Count == 0 ? 0 : Share(covered.Count, departments.Count), evidence);
    }

    /// <summary>A GB5-8 criterion from the pupils' checks whose deadline falls in the as-of academic year (decisions/0045).</summary>
    private CompassCriterion FromChecks(SchoolReport report, string checkId)
    {
        var cohort = report.Pupils.Select(p => (p.PupilId, Check: p.Check(checkId)))
            .Where(x => x.Check.Status != CheckStatus.NotApplicable && x.Check.Deadline is { } d && d >= _year.FirstDay() && d <= _year.LastDay())
            .ToList();
        var met = cohort.Where(x => x.Check.Status == CheckStatus.Met).ToList();
        var evidence = met.SelectMany(x => x.Check.Evidence).Select(a => a.Value).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal);
        return Cohort(checkId, CheckNames.Of(checkId), cohort.Count, met.Count, evidence,
            [.. cohort.Where(x => x.Check.Status != CheckStatus.Met).Select(x => x.PupilId)]);
    }

    private CompassCriterion PerPupil(string id, string description, List<PupilModel> onRoll, Func<PupilModel, IEnumerable<ActivityModel>> evidenceOf)
    {
        var evidence = new SortedSet<string>(StringComparer.Ordinal);
        var shortOf = new List<PupilId>();
        foreach (var p in onRoll)
        {
            var mine = evidenceOf(p).ToList();
            if (mine.Count == 0)
            {
                shortOf.Add(p.Id);
            }

            evidence.UnionWith(mine.Select(a => a.Id.Value));
        }

        return Cohort(id, description, onRoll.Count, onRoll.Count - shortOf.Count, evidence, shortOf);
    }

    private CompassCriterion Cohort(string id, string description, int pupils, int met, IEnumerable<string> activities, IReadOnlyList<PupilId> shortOf)
    {
        var share = pupils == 0 ? 100m : Share(met, pupils);
        return new CompassCriterion(id, description, share >= _s.CompassPupilShare, share,
            [string.Create(CultureInfo.InvariantCulture, $"{met} of {pupils} pupils"), .. activities])
        {
            PerPupil = true,
            Pupils = pupils,
            PupilsMet = met,
            PupilsShort = shortOf,
        };
    }

    /// <summary>The activities the pupil attended in the as-of academic year up to the as-of date.</summary>
    private IEnumerable<ActivityModel> ThisYear(PupilModel p) =>
        Attended(p).Where(x => x.Attended && x.Activity.Date >= _year.FirstDay()).Select(x => x.Activity);

    private bool InLookback(LocalDate date) => date <= _asOf && date > _asOf.PlusDays(-_s.CompassLookbackDays);

    private static CompassCriterion SchoolCriterion(string id, string description, bool met, IReadOnlyList<string> evidence) =>
        new(id, description, met, met ? 100m : 0m, evidence);

    private static decimal Share(int met, int of) => Math.Round(100m * met / of, 1);

    private static string N(decimal value) => value.ToString("0.#", CultureInfo.InvariantCulture);

    private static string Snake<T>(T value)
        where T : struct, Enum =>
        string.Concat(value.ToString().Select((c, i) => i > 0 && char.IsUpper(c) ? "_" + char.ToLowerInvariant(c) : char.ToLowerInvariant(c).ToString()));
}
