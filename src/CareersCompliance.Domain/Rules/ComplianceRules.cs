using CareersCompliance.Domain.Calendar;
using CareersCompliance.Domain.Common;
using NodaTime;

namespace CareersCompliance.Domain.Rules;

/// <summary>
/// The statutory rules engine: pure functions of (history, settings, as-of date, known-at instant).
/// Everything recorded after <c>knownAt</c> is dropped first; everything that happened after <c>asOf</c> is ignored.
/// </summary>
public static class ComplianceRules
{
    /// <summary>Every per-pupil and school-level check for one school.</summary>
    public static SchoolReport EvaluateSchool(SchoolEvidence evidence, RuleSettings settings, LocalDate asOf, Instant knownAt) =>
        new SchoolEvaluation(evidence, settings, asOf, knownAt).Report();

    /// <summary>The Compass-style evaluation of one school: GB1-GB8 with their criteria and evidence (eventmodel/decisions/0045).</summary>
    public static CompassReport EvaluateCompass(SchoolEvidence evidence, RuleSettings settings, LocalDate asOf, Instant knownAt) =>
        new SchoolEvaluation(evidence, settings, asOf, knownAt).Compass();

    /// <summary>One pupil's checks at the school, or null when the school's evidence holds nothing for that pupil.</summary>
    public static PupilReport? EvaluatePupil(SchoolEvidence evidence, PupilId pupil, RuleSettings settings, LocalDate asOf, Instant knownAt) =>
        new SchoolEvaluation(evidence, settings, asOf, knownAt).Pupil(pupil);

    /// <summary>The trust roll-up over the schools that are its members on <paramref name="asOf"/>.</summary>
    public static TrustReport EvaluateTrust(
        TrustId trust, IReadOnlyList<SchoolEvidence> schools, RuleSettings settings, LocalDate asOf, Instant knownAt)
    {
        var reports = new List<SchoolReport>();
        foreach (var s in schools)
        {
            var evaluation = new SchoolEvaluation(s, settings, asOf, knownAt);
            if (evaluation.School.InTrust(trust, asOf))
            {
                reports.Add(evaluation.Report());
            }
        }

        return RollUp(trust, reports, settings, asOf, knownAt);
    }

    /// <summary>Whether the school was in the trust on the date, as its records stood at the known-at instant.</summary>
    public static bool InTrust(SchoolEvidence evidence, TrustId trust, LocalDate asOf, Instant knownAt)
    {
        ArgumentNullException.ThrowIfNull(evidence);
        return SchoolModel.Fold(evidence.Urn, evidence.SchoolEvents.Where(e => e.RecordedAt <= knownAt).Select(e => e.Event)).InTrust(trust, asOf);
    }

    /// <summary>The trust's standing from the reports of the schools in it on the as-of date (each as <see cref="EvaluateSchool"/> gives it).</summary>
    public static TrustReport RollUp(TrustId trust, IReadOnlyList<SchoolReport> reports, RuleSettings settings, LocalDate asOf, Instant knownAt)
    {
        ArgumentNullException.ThrowIfNull(reports);
        ArgumentNullException.ThrowIfNull(settings);
        var coverage = CheckIds.PerPupil.Select(id => reports.SelectMany(r => r.Coverage).Where(c => string.Equals(c.CheckId, id, StringComparison.Ordinal)).Aggregate(
            new CheckCoverage(id, 0, 0, 0, 0, 0),
            (a, c) => new CheckCoverage(id, a.Met + c.Met, a.Due + c.Due, a.AtRisk + c.AtRisk, a.NotMet + c.NotMet, a.NotApplicable + c.NotApplicable))).ToList();
        var schoolChecks = CheckIds.SchoolLevel
            .Select(id => (id, reports.Count(r => r.SchoolChecks.Any(c => string.Equals(c.CheckId, id, StringComparison.Ordinal) && c.Status == CheckStatus.Met)), reports.Count))
            .ToList();
        // Per cohort, never two cohorts summed: Year 8 and Year 9 of phase 1 have deadlines a year apart.
        var pal = PalPhases.All.Select(phase => PalPhaseCoverage.ForSchools(reports, phase)).ToList();
        var alerts = reports.SelectMany(r => r.PalCohorts
                .Where(c => c.DaysLeft >= 0 && c.DaysLeft <= settings.AlertHorizonDays && c.PupilsShort > 0)
                .Select(c => new PalDeadlineAlert(r.Urn, c.Phase, c.YearGroupNow, c.WindowEnd, c.DaysLeft, c.PupilsShort)))
            .OrderBy(a => a.DaysLeft).ToList();
        return new TrustReport(trust, asOf, knownAt, settings.Describe(), reports, coverage, schoolChecks, pal, alerts);
    }

    /// <summary>Every provider access request the trust's schools refused, newest refusal first (eventmodel/decisions/0048).</summary>
    public static IReadOnlyList<(SchoolReport School, AccessRequestResult Request)> Refusals(TrustReport report)
    {
        ArgumentNullException.ThrowIfNull(report);
        return [.. report.Schools.SelectMany(s => s.AccessRequests.Where(r => r.Answer == Schools.AccessAnswer.Refused).Select(r => (s, r)))
            .OrderByDescending(x => x.r.AnsweredOn).ThenBy(x => x.s.Urn.Value, StringComparer.Ordinal)];
    }

    /// <summary>CEC band of a share (eventmodel/decisions/0025): None 0%, A few 1-25%, Some 26-50%, Most 51-75%, Nearly all 76-99%, All 100%.</summary>
    public static CecBand BandOf(int met, int total)
    {
        if (total <= 0 || met <= 0)
        {
            return CecBand.None;
        }

        if (met >= total)
        {
            return CecBand.All;
        }

        // Compare exact fractions: met/total <= k/4  <=>  4*met <= k*total.
        return (4 * met) switch
        {
            var x when x <= total => CecBand.AFew,
            var x when x <= 2 * total => CecBand.Some,
            var x when x <= 3 * total => CecBand.Most,
            _ => CecBand.NearlyAll,
        };
    }
}
