using CareersCompliance.Application.Accounts;
using CareersCompliance.Domain.Alerts;
using CareersCompliance.Projections.Alerts;
using CareersCompliance.Web.Security;
using Microsoft.AspNetCore.Html;
using Microsoft.AspNetCore.Mvc;

namespace CareersCompliance.Web.Pages.Alerts;

/// <summary>
/// What the alert pages share: who may see which alert (administrators all, operations alerts included; trust-scoped
/// directors and officers their trust's; careers leaders their own school's; inspectors none), and form errors.
/// </summary>
public abstract class AlertsPageModel : CareersPageModel
{
    public static bool MayUseAlerts(UserAccess access) => access?.Role is not null and not AccountRole.Inspector;

    public static bool MaySee(UserAccess access, AlertListItem alert)
    {
        ArgumentNullException.ThrowIfNull(access);
        ArgumentNullException.ThrowIfNull(alert);
        if (access.IsAdministrator)
        {
            return true;
        }

        if (!MayUseAlerts(access))
        {
            return false;
        }

        var scope = access.Account.Scope;
        return scope.Kind switch
        {
            ScopeKind.Trust => alert.TrustId is { } t && access.CanReadTrust(t),
            ScopeKind.School => alert.SchoolUrn is { } urn && string.Equals(urn, scope.Id, StringComparison.Ordinal) && access.CanReadSchool(urn),
            _ => false,
        };
    }

    /// <summary>Null when the signed-in user may use the alert pages; otherwise the sign-in redirect or a 403.</summary>
    protected async Task<IActionResult?> GuardAsync(CancellationToken ct)
    {
        if (!await SignedInAsync(ct))
        {
            return SignIn();
        }

        AsOf = Directories.Today;
        return MayUseAlerts(Access) ? null : Refuse();
    }

    /// <summary>Where an alert is, in words: the school's name, else the trust's, else the service itself.</summary>
    public string Where(AlertListItem alert)
    {
        ArgumentNullException.ThrowIfNull(alert);
        if (alert.SchoolUrn is { } urn)
        {
            return Access.Directory.School(urn) is { } s ? $"{s.Name} ({urn})" : $"School {urn}";
        }

        return alert.TrustId is { } t ? Access.Directory.Trust(t)?.Name ?? $"Trust {t}" : "The service";
    }

    public static IHtmlContent SeverityTag(AlertSeverity severity) => severity switch
    {
        AlertSeverity.Critical => Ui.Tag("Critical", "red"),
        AlertSeverity.Warning => Ui.Tag("Warning", "orange"),
        _ => Ui.Tag("Info", "blue"),
    };

    public static IHtmlContent StatusTag(string status) => status switch
    {
        "open" => Ui.Tag("Open", "red"),
        "acknowledged" => Ui.Tag("Acknowledged", "yellow"),
        _ => Ui.Tag("Resolved", "green"),
    };

    public static string DaysLeft(int? days) => days switch
    {
        null => "–",
        < 0 => $"{-days} day(s) overdue",
        0 => "Due today",
        _ => $"{days} day(s)",
    };
}
