using CareersCompliance.Application.Alerts;
using CareersCompliance.Projections.Alerts;
using Microsoft.AspNetCore.Mvc;

namespace CareersCompliance.Web.Pages.Alerts;

/// <summary>The alerts the user may see, by status: open, acknowledged or resolved.</summary>
public sealed class IndexModel(AlertCenter alerts) : AlertsPageModel
{
    public static IReadOnlyList<(string Status, string Label)> Statuses { get; } =
        [("open", "Open"), ("acknowledged", "Acknowledged"), ("resolved", "Resolved")];

    [BindProperty(SupportsGet = true)]
    public string? Status { get; set; }

    /// <summary>One school's alerts only (the trust dashboard's alert count links here); null: every school the user may see.</summary>
    [BindProperty(SupportsGet = true)]
    public string? School { get; set; }

    /// <summary>The query that keeps the school filter on the status links.</summary>
    public string SchoolQuery => string.IsNullOrEmpty(School) ? "" : "&school=" + Uri.EscapeDataString(School);

    public IReadOnlyList<AlertListItem> Items { get; private set; } = [];

    public IReadOnlyDictionary<string, int> Counts { get; private set; } = new Dictionary<string, int>(StringComparer.Ordinal);

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        if (await GuardAsync(ct) is { } refused)
        {
            return refused;
        }

        if (!Statuses.Any(s => string.Equals(s.Status, Status, StringComparison.Ordinal)))
        {
            Status = "open";
        }

        // Why filter here rather than in SQL: the visibility rule is the one the detail page applies, kept in one place.
        var visible = (await alerts.List.ListAsync(null, null, ct)).Where(a => MaySee(Access, a))
            .Where(a => string.IsNullOrEmpty(School) || string.Equals(a.SchoolUrn, School, StringComparison.Ordinal)).ToList();
        Counts = visible.GroupBy(a => a.Status, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.Count(), StringComparer.Ordinal);
        Items = [.. visible.Where(a => string.Equals(a.Status, Status, StringComparison.Ordinal))];
        return Page();
    }
}
