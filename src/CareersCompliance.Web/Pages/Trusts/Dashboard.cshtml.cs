using CareersCompliance.Application.Alerts;
using CareersCompliance.Domain.Rules;
using CareersCompliance.Web.Reading;
using Microsoft.AspNetCore.Mvc;

namespace CareersCompliance.Web.Pages.Trusts;

/// <summary>
/// The trust director's home: first a grid of schools by duty (each cell the figure of the cohort whose deadline is next,
/// its days left and status, linked to the pupils behind it) with each school's open alerts; then the PAL trend against the
/// pace each deadline needs; the as-of date and filters below; the trust-wide detail last.
/// </summary>
public sealed class DashboardModel(Standings standings, AlertCenter alerts) : CareersPageModel
{
    public static IReadOnlyList<(string Value, string Text)> Sorts { get; } =
        [("name", "School name"), ("p1", "Provider access Years 8–9"), ("p2", "Provider access Years 10–11"), ("p3", "Provider access Years 12–13"),
         ("days", "Fewest days left"), ("alerts", "Most open alerts")];

    [BindProperty(SupportsGet = true)]
    public string? Sort { get; set; }

    [BindProperty(SupportsGet = true)]
    public string? Show { get; set; }

    public string TrustId { get; private set; } = "";

    public string TrustName { get; private set; } = "";

    public TrustReport Report { get; private set; } = null!;

    public IReadOnlyList<SchoolRow> Rows { get; private set; } = [];

    public IReadOnlyList<CoverageTrend> Trends { get; private set; } = [];

    public int Horizon => standings.Settings.AlertHorizonDays;

    /// <summary>Every access request the trust's schools refused, newest first (eventmodel/decisions/0048).</summary>
    public IReadOnlyList<(SchoolReport School, AccessRequestResult Request)> Refusals => ComplianceRules.Refusals(Report);

    /// <summary>"No suitable date: Mock examinations that week": the reason in words, with the school's note.</summary>
    public static string RefusalText(AccessRequestResult request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var words = Application.Reports.AccessRequestRendering.Words(Application.Reports.AccessRequestRendering.Snake(request.RefusalReason!.Value));
        var reason = char.ToUpperInvariant(words[0]) + words[1..];
        return request.Note is { } note ? $"{reason}: {note}" : reason;
    }

    public async Task<IActionResult> OnGetAsync(string trustId, CancellationToken ct)
    {
        if (!await SignedInAsync(ct))
        {
            return SignIn();
        }

        if (!Access.CanReadTrust(trustId) || Access.Directory.Trust(trustId) is not { } trust)
        {
            return Refuse();
        }

        TrustId = trust.TrustId;
        TrustName = trust.Name;
        var asOf = ReadAsOf(Directories.Today);
        var urns = Access.Directory.SchoolsOf(trustId).Select(s => s.Urn).ToList();
        Report = await standings.TrustAsync(trustId, urns, asOf, ct);
        Trends = CoverageTrend.For(Report, await standings.CoverageSeriesAsync(urns, asOf, ct));

        // Why the trust's open alerts in one read: rm.alerts is indexed by (trust_id, status).
        var open = (await alerts.List.ListAsync("open", trustId, ct)).Where(a => a.SchoolUrn is not null)
            .GroupBy(a => a.SchoolUrn!, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.Count(), StringComparer.Ordinal);
        var rows = Report.Schools.Select(s => DutyGrid.Row(s, open.GetValueOrDefault(s.Urn.Value), Horizon));
        if (string.Equals(Show, "offtrack", StringComparison.Ordinal))
        {
            rows = rows.Where(r => r.OffTrack);
        }

        Rows = (Sort switch
        {
            "p1" => rows.OrderBy(r => Coverage(r.Cell(CheckIds.PalP1))),
            "p2" => rows.OrderBy(r => Coverage(r.Cell(CheckIds.PalP2))),
            "p3" => rows.OrderBy(r => Coverage(r.Cell(CheckIds.PalP3))),
            "days" => rows.OrderBy(r => r.SoonestDaysLeft),
            "alerts" => rows.OrderByDescending(r => r.OpenAlerts),
            _ => rows.OrderBy(r => r.School.Name, StringComparer.Ordinal),
        }).ThenBy(r => r.School.Name, StringComparer.Ordinal).ToList();
        return Page();
    }

    /// <summary>The per-pupil checks the detail table counts pupil by pupil: PAL is counted per cohort in its own table, so once.</summary>
    public static IReadOnlyList<string> PupilChecks { get; } = [.. CheckIds.PerPupil.Where(id => !id.StartsWith("PAL.", StringComparison.Ordinal))];

    /// <summary>"Year 9, deadline 28 February 2027": a cohort as a person names it.</summary>
    public static string CohortName(PalCohortCoverage cohort)
    {
        ArgumentNullException.ThrowIfNull(cohort);
        return $"Year {cohort.YearGroupNow}, deadline {Ui.Date(cohort.WindowEnd)}";
    }

    public static string DaysText(PalCohortCoverage cohort)
    {
        ArgumentNullException.ThrowIfNull(cohort);
        return cohort.Open ? (cohort.DaysLeft == 1 ? "1 day left" : $"{cohort.DaysLeft} days left") : "window closed";
    }

    /// <summary>Where the open alerts of a school are listed.</summary>
    public static string AlertsHref(SchoolReport school)
    {
        ArgumentNullException.ThrowIfNull(school);
        return $"/alerts?school={Uri.EscapeDataString(school.Urn.Value)}";
    }

    private static decimal Coverage(DutyCell cell) => cell.Of == 0 ? 101m : 100m * cell.Met / cell.Of;
}
