using CareersCompliance.Application;
using CareersCompliance.Application.Alerts;
using CareersCompliance.Application.Audit;
using CareersCompliance.Domain.Alerts;
using CareersCompliance.Domain.Common;
using CareersCompliance.Domain.Rules;
using CareersCompliance.Web.Pages.Trusts;

namespace CareersCompliance.Web.Pages.Schools;

/// <summary>A count of pupils on the to-do list, what it means, and the page listing them.</summary>
public sealed record ToDoFigure(string CheckId, int Pupils, string Href);

/// <summary>A referral past a service level: when it was raised and which levels it missed, in words.</summary>
public sealed record OverdueReferral(ReferralProgress Referral, IReadOnlyList<string> Missed);

/// <summary>A recent recording at the school: who, when, what (no pupil named), and how many events it wrote.</summary>
public sealed record RecentRecording(AuditEntry First, int Events);

/// <summary>
/// The careers leader's to-do list for their school, first on their home: duty deadlines within the alert horizon (the
/// director grid's cells for this school), pupils with no employer encounter this year, guidance meetings due, referrals
/// past their service level, the last recordings and who made them. Every figure comes from the school report the page
/// already reads, the alert rules for referrals and the audit index for recordings: no rule of its own.
/// </summary>
public sealed record LeaderToDo(
    int Horizon,
    IReadOnlyList<DutyCell> Deadlines,
    ToDoFigure NoEmployerEncounter,
    IReadOnlyList<ToDoFigure> GuidanceDue,
    IReadOnlyList<OverdueReferral> Referrals,
    AlertSettings ReferralSettings,
    IReadOnlyList<RecentRecording> Recent)
{
    public const int RecentShown = 5;

    /// <summary>The school's to-do list at the report's as-of date.</summary>
    public static async Task<LeaderToDo> LoadAsync(CareersRuntime runtime, SchoolReport report, string? trustId, int horizon, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(runtime);
        ArgumentNullException.ThrowIfNull(report);
        var sources = new AlertSources(runtime);
        var settings = trustId is null ? AlertSettings.Default : await sources.SettingsAsync(new TrustId(trustId), ct);
        var referrals = await sources.ReferralsAtSchoolAsync(report.Urn, ct);
        var recent = await new AuditTrail(runtime.App, runtime.Pupils).LatestForSchoolAsync(report.Urn.Value, RecentShown, ct);
        return From(report, horizon, new TrustId(trustId ?? "*"), referrals, settings, [.. recent.Select(r => new RecentRecording(r.First, r.Events))]);
    }

    public static LeaderToDo From(
        SchoolReport report, int horizon, TrustId trust, IReadOnlyList<ReferralProgress> referrals, AlertSettings settings, IReadOnlyList<RecentRecording> recent)
    {
        ArgumentNullException.ThrowIfNull(report);
        var urn = report.Urn.Value;
        // The director's cells for this school whose deadline falls within the horizon and which are not met yet.
        var deadlines = DutyGrid.Row(report, 0, horizon).Cells
            .Where(c => c.Status is CellStatus.Due or CellStatus.AtRisk && c.DaysLeft is { } d && d >= 0 && d <= horizon)
            .OrderBy(c => c.DaysLeft).ToList();
        var noEmployer = report.Pupils.Count(p => p.OnRoll && p.Check(CheckIds.Gb5).Status is CheckStatus.Due or CheckStatus.AtRisk or CheckStatus.NotMet);
        // The same pupils the school page lists for the check: at risk (deadline within the horizon) or not met.
        var guidance = new[] { CheckIds.Gb8By16, CheckIds.Gb8By18 }
            .Select(id => new ToDoFigure(id, report.Pupils.Count(p => p.Check(id).Status is CheckStatus.AtRisk or CheckStatus.NotMet),
                $"/schools/{urn}?check={Uri.EscapeDataString(id)}#at-risk"))
            .ToList();
        // The alert rules judge each referral, so the list and the alerts never disagree.
        var overdue = referrals
            .Select(r => (Referral: r, Missed: AlertRules.ForReferrals(trust, [r], report.AsOf, settings)))
            .Where(x => x.Missed.Count > 0)
            .Select(x => new OverdueReferral(x.Referral, [.. x.Missed.Select(c => string.Equals(c.Rule, AlertRules.ReferralNotTriaged, StringComparison.Ordinal)
                ? $"not triaged within {settings.ReferralTriageDays} days (due {Ui.Date(c.Deadline!.Value)})"
                : $"not seen for guidance within {settings.ReferralSeenDays} days (due {Ui.Date(c.Deadline!.Value)})")]))
            .OrderBy(r => r.Referral.RaisedOn)
            .ToList();
        return new LeaderToDo(horizon, deadlines,
            new ToDoFigure(CheckIds.Gb5, noEmployer, $"/schools/{urn}?check={Uri.EscapeDataString(CheckIds.Gb5)}&pending=true#at-risk"),
            guidance, overdue, settings, recent);
    }
}
