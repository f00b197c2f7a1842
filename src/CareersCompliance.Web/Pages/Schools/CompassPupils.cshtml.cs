using CareersCompliance.Application;
using CareersCompliance.Application.Accounts;
using CareersCompliance.Domain.Common;
using CareersCompliance.Domain.Rules;
using CareersCompliance.Web.Reading;
using Microsoft.AspNetCore.Mvc;
using NodaTime.Text;

namespace CareersCompliance.Web.Pages.Schools;

/// <summary>The pupils behind a Compass percentage: those of a per-pupil criterion's cohort who have not met it (logged).</summary>
public sealed class CompassPupilsModel(Standings standings, CareersRuntime runtime, AccessLog log) : CareersPageModel
{
    public sealed record Row(PupilId PupilId, string Label, int? YearGroup);

    public SchoolEntry School { get; private set; } = null!;

    public CompassCriterion Criterion { get; private set; } = null!;

    public string BenchmarkId { get; private set; } = "";

    public IReadOnlyList<Row> Pupils { get; private set; } = [];

    public async Task<IActionResult> OnGetAsync(string urn, string criterion, CancellationToken ct)
    {
        if (!await SignedInAsync(ct))
        {
            return SignIn();
        }

        if (!Access.CanReadSchool(urn))
        {
            return Refuse();
        }

        School = Access.Directory.School(urn)!;
        AsOf = Access.ClampAsOf(urn, ReadAsOf(Directories.Today));
        var report = (await standings.CompassAsync(urn, AsOf, ct))!;
        var benchmark = report.Benchmarks.FirstOrDefault(b => b.Criteria.Any(c => string.Equals(c.Id, criterion, StringComparison.Ordinal)));
        if (benchmark is null)
        {
            return NotFound();
        }

        BenchmarkId = benchmark.Id;
        Criterion = benchmark.Criteria.First(c => string.Equals(c.Id, criterion, StringComparison.Ordinal));
        var years = (await standings.SchoolAsync(urn, AsOf, ct)).Pupils.ToDictionary(p => p.PupilId, p => p.YearGroup);
        var details = await runtime.Pupils.GetAsync([.. Criterion.PupilsShort], ct);
        Pupils = [.. Criterion.PupilsShort
            .Select(id => new Row(id, Access.PupilLabel(urn, id, details.GetValueOrDefault(id)), years.GetValueOrDefault(id)))
            .OrderBy(r => r.YearGroup).ThenBy(r => r.Label, StringComparer.Ordinal)];
        if (Pupils.Count > 0)
        {
            await log.WriteAsync(new AccessRecord(Access.Account.AccountId, Access.Account.Username, Access.RoleName, AccessLog.View,
                "compass page: pupils behind a criterion", urn, School.TrustId, [.. Pupils.Select(p => p.PupilId.Value)], Pupils.Count,
                $"{Criterion.Id} as of {LocalDatePattern.Iso.Format(AsOf)}"), ct);
        }

        return Page();
    }
}
