using CareersCompliance.Application;
using CareersCompliance.Domain.Calendar;
using CareersCompliance.Domain.Common;
using CareersCompliance.Domain.Rules;
using Microsoft.Extensions.Caching.Memory;
using NodaTime;

namespace CareersCompliance.Web.Reading;

/// <summary>PAL coverage of one cohort (phase and year group) at one school at one date.</summary>
public sealed record CoveragePoint(LocalDate AsOf, string Urn, PalPhase Phase, int YearGroupNow, int OnRoll, int Met)
{
    public decimal? Percent => OnRoll == 0 ? null : Math.Round(100m * Met / OnRoll, 1);
}

/// <summary>
/// Reports for the pages and the API, from the runtime's report service: each request reads only what was recorded since
/// the last one (so a recording shows at once), and a report is computed once per state of the evidence, date and
/// settings, then reused by every reader until something changes.
/// </summary>
public sealed class Standings(CareersRuntime runtime, IMemoryCache cache)
{
    public RuleSettings Settings { get; } = RuleSettings.Default;

    public Task<SchoolEvidence> EvidenceAsync(string urn, CancellationToken ct) =>
        runtime.Reports.Evidence.LoadSchoolAsync(new SchoolUrn(urn), withBirthDates: false, ct);

    public Task<Instant> KnownAtAsync(CancellationToken ct) => runtime.Reports.Evidence.RecordClockAsync(ct);

    public Task<TrustReport> TrustAsync(string trustId, IReadOnlyList<string> schoolUrns, LocalDate asOf, CancellationToken ct) =>
        TrustAsync(trustId, schoolUrns, asOf, null, ct);

    /// <summary>The trust's report as of a date, from the records as they stood at <paramref name="knownAt"/> (null: now).</summary>
    public Task<TrustReport> TrustAsync(string trustId, IReadOnlyList<string> schoolUrns, LocalDate asOf, Instant? knownAt, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(schoolUrns);
        return runtime.Reports.TrustAsync(new TrustId(trustId), [.. schoolUrns.Select(u => new SchoolUrn(u))], new(asOf, knownAt, Settings), ct);
    }

    public Task<SchoolReport> SchoolAsync(string urn, LocalDate asOf, CancellationToken ct) => SchoolAsync(urn, asOf, null, ct);

    /// <summary>The school's Compass-style evaluation as of a date (eventmodel/decisions/0045); null for a school never imported.</summary>
    public Task<CompassReport?> CompassAsync(string urn, LocalDate asOf, CancellationToken ct) =>
        runtime.Reports.CompassAsync(new SchoolUrn(urn), new(asOf, null, Settings), ct);

    /// <summary>The evaluations of the trust's schools on the date, in URN order.</summary>
    public Task<IReadOnlyList<CompassReport>> TrustCompassAsync(string trustId, LocalDate asOf, CancellationToken ct) =>
        runtime.Reports.TrustCompassAsync(new TrustId(trustId), new(asOf, null, Settings), ct);

    /// <summary>The school's report as of a date, from the records as they stood at <paramref name="knownAt"/> (null: now).</summary>
    public Task<SchoolReport> SchoolAsync(string urn, LocalDate asOf, Instant? knownAt, CancellationToken ct) =>
        runtime.Reports.SchoolAsync(new SchoolUrn(urn), new(asOf, knownAt, Settings), ct);

    /// <summary>PAL coverage per school and cohort at each date (month ends of the academic year so far, and the as-of date); cached
    /// five minutes, because the trend chart evaluates the rules a dozen times per school.</summary>
    public async Task<IReadOnlyList<CoveragePoint>> CoverageSeriesAsync(IReadOnlyList<string> schoolUrns, LocalDate asOf, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(schoolUrns);
        var knownAt = await KnownAtAsync(ct);
        var points = new List<CoveragePoint>();
        foreach (var urn in schoolUrns)
        {
            var evidence = await EvidenceAsync(urn, ct);
            foreach (var date in SeriesDates(asOf))
            {
                var cohorts = cache.GetOrCreate(("coverage", urn, date), entry =>
                {
                    entry.AbsoluteExpirationRelativeToNow = TimeSpan.FromMinutes(5);
                    var report = ComplianceRules.EvaluateSchool(evidence, Settings, date, knownAt);
                    return PalPhases.All.SelectMany(p => PalPhaseCoverage.ForSchool(report, p).Cohorts)
                        .Select(c => new CoveragePoint(date, urn, c.Phase, c.YearGroupNow, c.PupilsOnRoll, c.PupilsMet)).ToList();
                })!;
                points.AddRange(cohorts);
            }
        }

        return points;
    }

    /// <summary>1 September of the as-of date's academic year, each month end up to the as-of date, and the as-of date.</summary>
    public static IReadOnlyList<LocalDate> SeriesDates(LocalDate asOf)
    {
        var start = new LocalDate(asOf.Month >= 9 ? asOf.Year : asOf.Year - 1, 9, 1);
        var dates = new List<LocalDate> { start };
        for (var month = start.PlusMonths(1).PlusDays(-1); month < asOf; month = month.PlusDays(1).PlusMonths(1).PlusDays(-1))
        {
            dates.Add(month);
        }

        if (dates[^1] != asOf)
        {
            dates.Add(asOf);
        }

        return dates;
    }
}
