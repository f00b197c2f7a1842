using CareersCompliance.Application;
using CareersCompliance.Web.Reading;
using CareersCompliance.Web.Security;

namespace CareersCompliance.Web.Pages.Recording;

/// <summary>One pupil on a register: id, UPN and name (careers leaders record for their own pupils).</summary>
public sealed record RegisterRow(Guid PupilId, string Upn, string Name, int? YearGroup)
{
    /// <summary>The school's pupils on roll today, optionally of one year group, in surname order.</summary>
    public static async Task<IReadOnlyList<RegisterRow>> OnRollAsync(
        Standings standings, CareersRuntime runtime, UserAccess access, string urn, int? yearGroup, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(standings);
        ArgumentNullException.ThrowIfNull(runtime);
        ArgumentNullException.ThrowIfNull(access);
        var report = await standings.SchoolAsync(urn, access.Directory.On, ct);
        var pupils = report.Pupils.Where(p => p.OnRoll && (yearGroup is null || p.YearGroup == yearGroup)).ToList();
        var details = await runtime.Pupils.GetAsync([.. pupils.Select(p => p.PupilId)], ct);
        return
        [
            .. pupils.Select(p => details.TryGetValue(p.PupilId, out var d) && !d.Erased
                    ? new RegisterRow(p.PupilId.Value, d.DisplayUpn, $"{d.Surname}, {d.Forename}", p.YearGroup)
                    : null)
                .OfType<RegisterRow>()
                .OrderBy(r => r.Name, StringComparer.Ordinal),
        ];
    }
}
