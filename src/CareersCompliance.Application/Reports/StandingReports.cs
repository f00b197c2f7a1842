using CareersCompliance.Domain.Common;
using CareersCompliance.Domain.Rules;
using NodaTime;

namespace CareersCompliance.Application.Reports;

/// <summary>A report request: the as-of date, the known-at instant (null: everything recorded so far) and the settings.</summary>
public sealed record ReportQuery(LocalDate AsOf, Instant? KnownAt, RuleSettings Settings);

/// <summary>
/// Standing at any date, as the records stood at any instant: loads the evidence and runs the pure rules, so a report
/// is by construction what a full replay says. Without a known-at instant, "now" is the database's clock, because
/// record times are the database's transaction times.
/// Why results are kept: the rules take about 110 ms for a school of 1,800 pupils (measured), and they are pure; the rules
/// read the known-at instant only to drop events recorded after it, so for the same evidence, date and settings every
/// known-at at or after the evidence's latest record time gives the same answer (bar the known-at it states).
/// </summary>
public sealed class StandingReports(EvidenceLoader loader)
{
    private const int MaxResultsKept = 64;

    private readonly Dictionary<object, (object Report, long Used)> _results = [];
    private readonly Lock _resultsLock = new();

    public EvidenceLoader Evidence => loader;

    public async Task<SchoolReport> SchoolAsync(SchoolUrn urn, ReportQuery query, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(query);
        var knownAt = query.KnownAt ?? await loader.RecordClockAsync(ct);
        var (evidence, version) = await loader.LoadVersionedAsync(urn, NeedsBirthDates(query), ct);
        if (version is null || knownAt < version.LastRecordedAt)
        {
            return ComplianceRules.EvaluateSchool(evidence, query.Settings, query.AsOf, knownAt);
        }

        var key = (urn, version.Generation, query.AsOf, query.Settings);
        var report = Kept<SchoolReport>(key) ?? Keep(key, ComplianceRules.EvaluateSchool(evidence, query.Settings, query.AsOf, knownAt));
        return report with { KnownAt = knownAt };
    }

    /// <summary>The trust's standing over every school that was ever in it (the rules keep those in it on the as-of date).</summary>
    public async Task<TrustReport> TrustAsync(TrustId trust, ReportQuery query, CancellationToken ct) =>
        await TrustAsync(trust, await loader.SchoolsEverInAsync(trust, ct), query, ct);

    /// <summary>The trust's standing over the given schools.</summary>
    public async Task<TrustReport> TrustAsync(TrustId trust, IReadOnlyList<SchoolUrn> schoolUrns, ReportQuery query, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(schoolUrns);
        ArgumentNullException.ThrowIfNull(query);
        var knownAt = query.KnownAt ?? await loader.RecordClockAsync(ct);
        var schools = new List<SchoolEvidence>();
        var versions = new List<long>();
        var reusable = true;
        foreach (var urn in schoolUrns)
        {
            var (evidence, version) = await loader.LoadVersionedAsync(urn, NeedsBirthDates(query), ct);
            schools.Add(evidence);
            reusable &= version is not null && knownAt >= version.LastRecordedAt;
            versions.Add(version?.Generation ?? 0);
        }

        if (!reusable)
        {
            return ComplianceRules.EvaluateTrust(trust, schools, query.Settings, query.AsOf, knownAt);
        }

        var key = (trust, string.Join(',', versions), query.AsOf, query.Settings);
        var report = Kept<TrustReport>(key) ?? Keep(key, ComplianceRules.EvaluateTrust(trust, schools, query.Settings, query.AsOf, knownAt));
        return report with { KnownAt = knownAt, Schools = [.. report.Schools.Select(s => s with { KnownAt = knownAt })] };
    }

    private static bool NeedsBirthDates(ReportQuery query) => query.Settings.AgeDeadline == AgeDeadline.StrictAge;

    private T? Kept<T>(object key)
        where T : class
    {
        lock (_resultsLock)
        {
            if (!_results.TryGetValue(key, out var kept))
            {
                return null;
            }

            _results[key] = (kept.Report, Environment.TickCount64);
            return (T)kept.Report;
        }
    }

    private T Keep<T>(object key, T report)
        where T : class
    {
        lock (_resultsLock)
        {
            if (_results.Count >= MaxResultsKept)
            {
                _results.Remove(_results.MinBy(r => r.Value.Used).Key);
            }

            _results[key] = (report, Environment.TickCount64);
        }

        return report;
    }
}
