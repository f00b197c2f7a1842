using CareersCompliance.Domain.Common;
using CareersCompliance.Domain.Rules;

namespace CareersCompliance.Application.Reports;

/// <summary>The Compass-style evaluation (eventmodel/decisions/0045) of a school and of a trust's schools, from the same evidence as the standing reports.</summary>
public sealed partial class StandingReports
{
    /// <summary>The school's evaluation, or null when no school with that URN has been imported.</summary>
    public async Task<CompassReport?> CompassAsync(SchoolUrn urn, ReportQuery query, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(query);
        var knownAt = query.KnownAt ?? await loader.RecordClockAsync(ct);
        var (evidence, _) = await loader.LoadVersionedAsync(urn, NeedsBirthDates(query), ct);
        var report = ComplianceRules.EvaluateCompass(evidence, query.Settings, query.AsOf, knownAt);
        return report.Name is null && evidence.SchoolEvents.Count == 0 ? null : report;
    }

    /// <summary>The evaluations of the schools in the trust on the as-of date, in URN order.</summary>
    public async Task<IReadOnlyList<CompassReport>> TrustCompassAsync(TrustId trust, ReportQuery query, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(query);
        var knownAt = query.KnownAt ?? await loader.RecordClockAsync(ct);
        var reports = new List<CompassReport>();
        foreach (var urn in (await loader.SchoolsEverInAsync(trust, ct)).OrderBy(u => u.Value, StringComparer.Ordinal))
        {
            var (evidence, _) = await loader.LoadVersionedAsync(urn, NeedsBirthDates(query), ct);
            if (ComplianceRules.InTrust(evidence, trust, query.AsOf, knownAt))
            {
                reports.Add(ComplianceRules.EvaluateCompass(evidence, query.Settings, query.AsOf, knownAt));
            }
        }

        return reports;
    }
}
