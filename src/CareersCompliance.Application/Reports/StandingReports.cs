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
/// </summary>
public sealed class StandingReports(EvidenceLoader loader)
{
    public EvidenceLoader Evidence => loader;

    public async Task<SchoolReport> SchoolAsync(SchoolUrn urn, ReportQuery query, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(query);
        var knownAt = query.KnownAt ?? await loader.RecordClockAsync(ct);
        var evidence = await loader.LoadSchoolAsync(urn, NeedsBirthDates(query), ct);
        return ComplianceRules.EvaluateSchool(evidence, query.Settings, query.AsOf, knownAt);
    }

    public async Task<TrustReport> TrustAsync(TrustId trust, ReportQuery query, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(query);
        var knownAt = query.KnownAt ?? await loader.RecordClockAsync(ct);
        var schools = new List<SchoolEvidence>();
        foreach (var urn in await loader.SchoolsEverInAsync(trust, ct))
        {
            schools.Add(await loader.LoadSchoolAsync(urn, NeedsBirthDates(query), ct));
        }

        return ComplianceRules.EvaluateTrust(trust, schools, query.Settings, query.AsOf, knownAt);
    }

    private static bool NeedsBirthDates(ReportQuery query) => query.Settings.AgeDeadline == AgeDeadline.StrictAge;
}
