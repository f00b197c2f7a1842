using CareersCompliance.Application;
using CareersCompliance.Application.Accounts;
using CareersCompliance.Domain.Calendar;
using CareersCompliance.Domain.Common;
using CareersCompliance.Domain.Rules;
using CareersCompliance.Web.Reading;
using Microsoft.AspNetCore.Mvc;
using NodaTime.Text;

namespace CareersCompliance.Web.Pages.Schools;

/// <summary>A school: school-level checks, PAL cohorts with progress, per-pupil coverage and the pupils at risk (logged).</summary>
public sealed class SchoolModel(Standings standings, CareersRuntime runtime, AccessLog log) : CareersPageModel
{
    public const int AtRiskShown = 100;

    public sealed record AtRiskPupil(PupilId PupilId, string Label, int? YearGroup, IReadOnlyList<CheckResult> Checks);

    [BindProperty(SupportsGet = true)]
    public string? Check { get; set; }

    /// <summary>With <see cref="Check"/>: one year group's pupils who have not met it yet, due ones included (the pupils behind a
    /// figure of the trust dashboard's grid).</summary>
    [BindProperty(SupportsGet = true, Name = "yeargroup")]
    public int? YearGroup { get; set; }

    /// <summary>With <see cref="Check"/>: every pupil on roll who has not met it yet, due ones included (the pupils behind a
    /// figure of the careers leader's to-do list).</summary>
    [BindProperty(SupportsGet = true, Name = "pending")]
    public bool Pending { get; set; }

    /// <summary>Whether the list is pupils on roll not yet met (one cohort's, or all), rather than every pupil at risk or not met.</summary>
    public bool CohortList => (YearGroup is not null || Pending) && !string.IsNullOrEmpty(Check);

    /// <summary>The careers leader's to-do list, for an account that records for this school and the page as of today.</summary>
    public LeaderToDo? ToDo { get; private set; }

    public SchoolEntry School { get; private set; } = null!;

    public SchoolReport Report { get; private set; } = null!;

    public IReadOnlyList<AtRiskPupil> AtRisk { get; private set; } = [];

    public int AtRiskTotal { get; private set; }

    public bool Pseudonymised { get; private set; }

    public int Horizon => standings.Settings.AlertHorizonDays;

    /// <summary>Each phase's headline cohort (the next deadline), marked in the cohort table.</summary>
    public IReadOnlySet<(PalPhase Phase, int YearGroup)> Headlines { get; private set; } = new HashSet<(PalPhase, int)>();

    public async Task<IActionResult> OnGetAsync(string urn, CancellationToken ct)
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
        var asOf = Access.ClampAsOf(urn, ReadAsOf(Directories.Today));
        AsOf = asOf;
        Report = await standings.SchoolAsync(urn, asOf, ct);
        Headlines = PalPhases.All.Select(p => PalPhaseCoverage.ForSchool(Report, p).Headline).OfType<PalCohortCoverage>()
            .Select(c => (c.Phase, c.YearGroupNow)).ToHashSet();
        Pseudonymised = Access.PupilsAt(urn) == Security.PupilVisibility.Pseudonymised;
        var cohortList = CohortList;
        var risky = Report.Pupils
            .Where(p => !cohortList || (p.OnRoll && (YearGroup is null || p.YearGroup == YearGroup)))
            .Select(p => (p, checks: p.Checks.Where(c => c.Status is CheckStatus.AtRisk or CheckStatus.NotMet || (cohortList && c.Status == CheckStatus.Due))
                .Where(c => string.IsNullOrEmpty(Check) || string.Equals(c.CheckId, Check, StringComparison.Ordinal)).ToList()))
            .Where(x => x.checks.Count > 0)
            .OrderByDescending(x => x.checks.Count(c => c.Status == CheckStatus.AtRisk)).ThenBy(x => x.p.YearGroup)
            .ToList();
        AtRiskTotal = risky.Count;
        var shown = risky.Take(AtRiskShown).ToList();
        var details = await runtime.Pupils.GetAsync([.. shown.Select(x => x.p.PupilId)], ct);
        AtRisk = [.. shown.Select(x => new AtRiskPupil(x.p.PupilId, Access.PupilLabel(urn, x.p.PupilId, details.GetValueOrDefault(x.p.PupilId)), x.p.YearGroup, x.checks))];
        if (AtRisk.Count > 0)
        {
            await log.WriteAsync(new AccessRecord(Access.Account.AccountId, Access.Account.Username, Access.RoleName, AccessLog.View,
                "school page: pupils at risk", urn, School.TrustId, [.. AtRisk.Select(p => p.PupilId.Value)], AtRisk.Count,
                $"as of {LocalDatePattern.Iso.Format(asOf)}{(string.IsNullOrEmpty(Check) ? "" : ", check " + Check)}{(cohortList ? (YearGroup is { } y ? $", year group {y}" : ", every pupil not yet met") : "")}"), ct);
        }

        if (Access.CanRecord(urn) && asOf == Directories.Today)
        {
            ToDo = await LeaderToDo.LoadAsync(runtime, Report, School.TrustId, Horizon, ct);
        }

        return Page();
    }
}
