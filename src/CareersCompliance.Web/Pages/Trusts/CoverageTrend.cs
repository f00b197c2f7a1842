using System.Globalization;
using System.Text;
using System.Text.Encodings.Web;
using CareersCompliance.Domain.Calendar;
using CareersCompliance.Domain.Rules;
using CareersCompliance.Web.Reading;
using Microsoft.AspNetCore.Html;
using NodaTime;

namespace CareersCompliance.Web.Pages.Trusts;

/// <summary>A cohort's trust-wide PAL coverage at one date, and the coverage an even pace from window start to deadline needs by then.</summary>
public sealed record TrendPoint(LocalDate Date, int Met, int OnRoll, decimal Pace)
{
    public decimal? Percent => OnRoll == 0 ? null : Math.Round(100m * Met / OnRoll, 1);

    /// <summary>Percentage points ahead of (positive) or behind (negative) the pace.</summary>
    public decimal? AgainstPace => Percent is { } p ? p - Pace : null;

    public string AgainstPaceText => AgainstPace switch
    {
        null => "–",
        >= 0m and var a => $"{Ui.Percent(a).TrimEnd('%')} points ahead",
        var a => $"{Ui.Percent(-a).TrimEnd('%')} points behind",
    };
}

/// <summary>
/// One PAL cohort across the trust over the academic year so far (1 September, each month end, the as-of date) against the
/// pace needed to meet its deadline: a straight line from none at the window's start to every pupil at its end.
/// </summary>
public sealed record CoverageTrend(PalPhase Phase, int YearGroupNow, LocalDate WindowStart, LocalDate WindowEnd, IReadOnlyList<TrendPoint> Points)
{
    private static readonly CultureInfo Inv = CultureInfo.InvariantCulture;

    public string Id => $"trend-{(int)Phase}-{YearGroupNow}";

    public string Title => $"Provider access phase {(int)Phase}, Year {YearGroupNow} (deadline {Ui.Date(WindowEnd)})";

    /// <summary>The open cohorts with pupils (and each phase's headline), trust-wide, from the per-school series the dashboard reads.</summary>
    public static IReadOnlyList<CoverageTrend> For(TrustReport report, IReadOnlyList<CoveragePoint> series)
    {
        ArgumentNullException.ThrowIfNull(report);
        ArgumentNullException.ThrowIfNull(series);
        return [.. report.PalCoverage.SelectMany(p => p.Cohorts.Where(c => c.PupilsOnRoll > 0 && (c.Open || c == p.Headline)))
            .Select(c => new CoverageTrend(c.Phase, c.YearGroupNow, c.WindowStart, c.WindowEnd,
                [.. series.Where(s => s.Phase == c.Phase && s.YearGroupNow == c.YearGroupNow).GroupBy(s => s.AsOf).OrderBy(g => g.Key)
                    .Select(g => new TrendPoint(g.Key, g.Sum(s => s.Met), g.Sum(s => s.OnRoll), Pace(c.WindowStart, c.WindowEnd, g.Key)))]))
            .Where(t => t.Points.Count > 0)];
    }

    public static decimal Pace(LocalDate start, LocalDate end, LocalDate at)
    {
        var length = Period.DaysBetween(start, end);
        if (length <= 0 || at >= end)
        {
            return 100m;
        }

        return at <= start ? 0m : Math.Round(100m * Period.DaysBetween(start, at) / length, 1);
    }

    /// <summary>The trend as an SVG drawn on the server (no script, no inline style): coverage solid, the pace dashed, dates to scale.</summary>
    public IHtmlContent Chart()
    {
        const int width = 640, height = 260, left = 48, right = 16, top = 16, bottom = 40;
        var first = Points[0].Date;
        var last = WindowEnd > Points[^1].Date ? WindowEnd : Points[^1].Date;
        var span = Math.Max(1, Period.DaysBetween(first, last));
        string X(LocalDate d) => (left + Period.DaysBetween(first, d) * (width - left - right) / (double)span).ToString("0.#", Inv);
        string Y(decimal pct) => (top + (double)(100m - pct) * (height - top - bottom) / 100.0).ToString("0.#", Inv);
        var titleId = Id + "-title";
        var svg = new StringBuilder();
        svg.Append(Inv, $"<svg class=\"careers-chart\" viewBox=\"0 0 {width} {height + 28}\" role=\"img\" aria-labelledby=\"{titleId}\" xmlns=\"http://www.w3.org/2000/svg\">");
        svg.Append(Inv, $"<title id=\"{titleId}\">{HtmlEncoder.Default.Encode(Title)}: share of the cohort's pupils with the encounters they need across the trust, against the pace needed to reach all of them by the deadline</title>");
        foreach (var pct in new[] { 0m, 25m, 50m, 75m, 100m })
        {
            svg.Append(Inv, $"<line x1=\"{left}\" x2=\"{width - right}\" y1=\"{Y(pct)}\" y2=\"{Y(pct)}\" stroke=\"#b1b4b6\" stroke-width=\"1\"/>");
            svg.Append(Inv, $"<text x=\"{left - 6}\" y=\"{Y(pct)}\" text-anchor=\"end\" dominant-baseline=\"middle\">{pct}%</text>");
        }

        foreach (var (date, anchor) in new[] { (first, "start"), (Points[^1].Date, "middle"), (last, "end") }.DistinctBy(x => x.Item1))
        {
            svg.Append(Inv, $"<text x=\"{X(date)}\" y=\"{height - bottom + 18}\" text-anchor=\"{anchor}\">{date.ToString("d MMM yy", CultureInfo.GetCultureInfo("en-GB"))}</text>");
        }

        svg.Append(Inv, $"<line x1=\"{X(first)}\" y1=\"{Y(Pace(WindowStart, WindowEnd, first))}\" x2=\"{X(last)}\" y2=\"{Y(Pace(WindowStart, WindowEnd, last))}\" stroke=\"#0b0c0c\" stroke-width=\"2\" stroke-dasharray=\"6 4\"/>");
        var plotted = Points.Where(p => p.Percent is not null).ToList();
        svg.Append(Inv, $"<polyline fill=\"none\" stroke=\"#1d70b8\" stroke-width=\"3\" points=\"{string.Join(' ', plotted.Select(p => $"{X(p.Date)},{Y(p.Percent!.Value)}"))}\"/>");
        foreach (var p in plotted)
        {
            svg.Append(Inv, $"<circle cx=\"{X(p.Date)}\" cy=\"{Y(p.Percent!.Value)}\" r=\"4\" fill=\"#1d70b8\"><title>{Ui.Date(p.Date)}: {Ui.Percent(p.Percent)} ({p.Met} of {p.OnRoll}); pace needed {Ui.Percent(p.Pace)}</title></circle>");
        }

        svg.Append(Inv, $"<rect x=\"{left}\" y=\"{height + 6}\" width=\"24\" height=\"4\" fill=\"#1d70b8\"/><text x=\"{left + 32}\" y=\"{height + 12}\">Coverage</text>");
        svg.Append(Inv, $"<line x1=\"{left + 160}\" x2=\"{left + 184}\" y1=\"{height + 8}\" y2=\"{height + 8}\" stroke=\"#0b0c0c\" stroke-width=\"2\" stroke-dasharray=\"6 4\"/><text x=\"{left + 192}\" y=\"{height + 12}\">Pace needed for the deadline</text>");
        svg.Append("</svg>");
        return new HtmlString(svg.ToString());
    }
}
