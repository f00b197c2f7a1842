using System.Globalization;
using System.Text;
using System.Text.Encodings.Web;
using CareersCompliance.Domain.Calendar;
using CareersCompliance.Domain.Rules;
using CareersCompliance.Web.Reading;
using Microsoft.AspNetCore.Html;
using Microsoft.AspNetCore.Mvc;

namespace CareersCompliance.Web.Pages.Trusts;

/// <summary>The trust dashboard: schools by duty with status, coverage and days left; sort and filter; PAL coverage over time.</summary>
public sealed class DashboardModel(Standings standings) : CareersPageModel
{
    private static readonly string[] Colours = ["#1d70b8", "#d4351c", "#00703c", "#f47738", "#4c2c92", "#28a197", "#912b88", "#85994b"];

    /// <summary>A school's row: each PAL phase cohort by cohort (the headline is the next deadline), and whether it is off track.</summary>
    public sealed record Row(SchoolReport School, IReadOnlyDictionary<PalPhase, PalPhaseCoverage> Phases, bool OffTrack);

    [BindProperty(SupportsGet = true)]
    public string? Sort { get; set; }

    [BindProperty(SupportsGet = true)]
    public string? Show { get; set; }

    public string TrustId { get; private set; } = "";

    public string TrustName { get; private set; } = "";

    public TrustReport Report { get; private set; } = null!;

    public IReadOnlyList<Row> Rows { get; private set; } = [];

    public IReadOnlyList<CoveragePoint> Series { get; private set; } = [];

    public int Horizon => standings.Settings.AlertHorizonDays;

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
        Series = await standings.CoverageSeriesAsync(urns, asOf, ct);
        var rows = Report.Schools.Select(s =>
        {
            var phases = PalPhases.All.ToDictionary(p => p, p => PalPhaseCoverage.ForSchool(s, p));
            var offTrack = s.SchoolChecks.Any(c => c.Status is CheckStatus.AtRisk or CheckStatus.NotMet)
                           || phases.Values.Any(p => p.Cohorts.Any(c => c.PupilsShort > 0 && c.DaysLeft <= Horizon && (c.Open || c == p.Headline)));
            return new Row(s, phases, offTrack);
        });
        if (string.Equals(Show, "offtrack", StringComparison.Ordinal))
        {
            rows = rows.Where(r => r.OffTrack);
        }

        Rows = (Sort switch
        {
            "p1" => rows.OrderBy(r => r.Phases[PalPhase.First].Headline?.CoveragePercent ?? 101m),
            "p2" => rows.OrderBy(r => r.Phases[PalPhase.Second].Headline?.CoveragePercent ?? 101m),
            "p3" => rows.OrderBy(r => r.Phases[PalPhase.Third].Headline?.CoveragePercent ?? 101m),
            "days" => rows.OrderBy(r => r.Phases.Values.Select(p => p.Headline).Where(c => c is { Open: true }).Select(c => c!.DaysLeft).DefaultIfEmpty(int.MaxValue).Min()),
            _ => rows.OrderBy(r => r.School.Name, StringComparer.Ordinal),
        }).ToList();
        return Page();
    }

    /// <summary>The per-pupil checks the dashboard counts pupil by pupil: PAL is counted per cohort in its own table, so once.</summary>
    public static IReadOnlyList<string> PupilChecks { get; } = [.. CheckIds.PerPupil.Where(id => !id.StartsWith("PAL.", StringComparison.Ordinal))];

    /// <summary>"Year 9, 28 February 2027": a cohort as a person names it.</summary>
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

    public string SortLink(string sort)
    {
        var query = new Dictionary<string, string?>(AsOfRoute(Directories.Today).ToDictionary(k => k.Key, k => (string?)k.Value, StringComparer.Ordinal), StringComparer.Ordinal)
        {
            ["sort"] = sort,
            ["show"] = Show,
        };
        return Microsoft.AspNetCore.WebUtilities.QueryHelpers.AddQueryString($"/trusts/{TrustId}", query);
    }

    /// <summary>One cohort's PAL coverage over time, one line per school, as an SVG drawn on the server (no script, no inline style).</summary>
    public IHtmlContent Chart(PalCohortCoverage cohort)
    {
        ArgumentNullException.ThrowIfNull(cohort);
        const int width = 720, height = 280, left = 48, right = 16, top = 16, bottom = 40;
        var series = Series.Where(p => p.Phase == cohort.Phase && p.YearGroupNow == cohort.YearGroupNow).ToList();
        var dates = series.Select(p => p.AsOf).Distinct().Order().ToList();
        var schools = series.Select(p => p.Urn).Distinct(StringComparer.Ordinal).ToList();
        var titleId = $"chart-title-{(int)cohort.Phase}";
        var svg = new StringBuilder();
        var inv = CultureInfo.InvariantCulture;
        string X(int i) => (left + (dates.Count == 1 ? 0 : i * (width - left - right) / (double)(dates.Count - 1))).ToString("0.#", inv);
        string Y(decimal pct) => (top + (double)(100m - pct) * (height - top - bottom) / 100.0).ToString("0.#", inv);
        svg.Append(inv, $"<svg class=\"careers-chart\" viewBox=\"0 0 {width} {height + 24 * ((schools.Count + 1) / 2)}\" role=\"img\" aria-labelledby=\"{titleId}\" xmlns=\"http://www.w3.org/2000/svg\">");
        svg.Append(inv, $"<title id=\"{titleId}\">Provider access phase {(int)cohort.Phase}, {HtmlEncoder.Default.Encode(CohortName(cohort))}: share of the cohort's pupils with the encounters they need, by school over time</title>");
        foreach (var pct in new[] { 0m, 25m, 50m, 75m, 100m })
        {
            svg.Append(inv, $"<line x1=\"{left}\" x2=\"{width - right}\" y1=\"{Y(pct)}\" y2=\"{Y(pct)}\" stroke=\"#b1b4b6\" stroke-width=\"1\"/>");
            svg.Append(inv, $"<text x=\"{left - 6}\" y=\"{Y(pct)}\" text-anchor=\"end\" dominant-baseline=\"middle\">{pct}%</text>");
        }

        for (var i = 0; i < dates.Count; i++)
        {
            svg.Append(inv, $"<text x=\"{X(i)}\" y=\"{height - bottom + 18}\" text-anchor=\"middle\">{dates[i].ToString("d MMM", CultureInfo.GetCultureInfo("en-GB"))}</text>");
        }

        for (var s = 0; s < schools.Count; s++)
        {
            var colour = Colours[s % Colours.Length];
            var name = HtmlEncoder.Default.Encode(Report.Schools.FirstOrDefault(r => string.Equals(r.Urn.Value, schools[s], StringComparison.Ordinal))?.Name ?? schools[s]);
            var points = dates.Select((d, i) => (i, p: series.FirstOrDefault(p => string.Equals(p.Urn, schools[s], StringComparison.Ordinal) && p.AsOf == d)))
                .Where(x => x.p?.Percent is not null).Select(x => (x.i, p: x.p!)).ToList();
            svg.Append(inv, $"<polyline fill=\"none\" stroke=\"{colour}\" stroke-width=\"3\" points=\"{string.Join(' ', points.Select(x => $"{X(x.i)},{Y(x.p.Percent!.Value)}"))}\"/>");
            foreach (var (i, p) in points)
            {
                svg.Append(inv, $"<circle cx=\"{X(i)}\" cy=\"{Y(p.Percent!.Value)}\" r=\"4\" fill=\"{colour}\"><title>{name}, {Ui.Date(p.AsOf)}: {Ui.Percent(p.Percent)} ({p.Met} of {p.OnRoll})</title></circle>");
            }

            var lx = left + (s % 2) * 340;
            var ly = height + 24 * (s / 2);
            svg.Append(inv, $"<rect x=\"{lx}\" y=\"{ly - 6}\" width=\"24\" height=\"6\" fill=\"{colour}\"/><text x=\"{lx + 32}\" y=\"{ly}\">{name}</text>");
        }

        svg.Append("</svg>");
        return new HtmlString(svg.ToString());
    }
}
