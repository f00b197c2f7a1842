using CareersCompliance.Application.Accounts;
using CareersCompliance.Application.Alerts;
using CareersCompliance.Domain.Alerts;
using Microsoft.AspNetCore.Mvc;

namespace CareersCompliance.Web.Pages.Alerts;

/// <summary>
/// Each user's own alert subscriptions: schools within their scope, lowest severity, e-mail or webhook, immediate or a daily
/// digest. A webhook's signing secret is shown once, on the page that answers its creation, and never again.
/// </summary>
public sealed class SubscriptionsModel(AlertCenter alerts) : AlertsPageModel
{
    [BindProperty]
    public string? Channel { get; set; }

    [BindProperty]
    public string? Address { get; set; }

    [BindProperty]
    public string? Trust { get; set; }

    [BindProperty]
    public IList<string> Schools { get; set; } = [];

    [BindProperty]
    public string? MinSeverity { get; set; }

    [BindProperty]
    public string? Mode { get; set; }

    [BindProperty(SupportsGet = true)]
    public string? Done { get; set; }

    public IReadOnlyList<AlertSubscription> Mine { get; private set; } = [];

    /// <summary>The webhook secret of the subscription just created (this response only).</summary>
    public string? NewSecret { get; private set; }

    /// <summary>The schools this user may choose from (within their trust, or their own school).</summary>
    public IReadOnlyList<SchoolEntry> ChoosableSchools => Access.Account.Scope.Kind == ScopeKind.Trust
        ? [.. Access.ReadableSchools.Where(s => string.Equals(s.TrustId, Access.Account.Scope.Id, StringComparison.Ordinal))]
        : Access.Account.Scope.Kind == ScopeKind.School ? [.. Access.ReadableSchools] : [];

    public async Task<IActionResult> OnGetAsync(CancellationToken ct) => await LoadAsync(ct) ?? Page();

    public async Task<IActionResult> OnPostAddAsync(CancellationToken ct)
    {
        if (await LoadAsync(ct) is { } refused)
        {
            return refused;
        }

        var channel = Channel switch { "email" => AlertChannel.Email, "webhook" => AlertChannel.Webhook, _ => (AlertChannel?)null };
        if (channel is null)
        {
            Errors.Add(new FormError("channel", "Select how alerts should reach you"));
        }

        if (string.IsNullOrWhiteSpace(Address))
        {
            Errors.Add(new FormError("address", channel == AlertChannel.Webhook ? "Enter the webhook's https address" : "Enter an e-mail address"));
        }

        if (!Enum.TryParse<AlertSeverity>(MinSeverity, ignoreCase: true, out var severity) || !Enum.IsDefined(severity))
        {
            Errors.Add(new FormError("min-severity", "Select the lowest severity you want to receive"));
        }

        var mode = Mode switch { "immediate" => DeliveryMode.Immediate, "digest" => DeliveryMode.Digest, _ => (DeliveryMode?)null };
        if (mode is null)
        {
            Errors.Add(new FormError("mode", "Select immediate or a daily digest"));
        }

        var (trustId, schools) = Scope();
        if (Errors.Count > 0 || channel is null || mode is null)
        {
            Response.StatusCode = StatusCodes.Status400BadRequest;
            return Page();
        }

        try
        {
            var added = await alerts.Subscriptions.AddAsync(channel.Value, Address!, null, trustId, schools, severity, mode.Value, Access.Account.Username, ct);
            NewSecret = added.Secret;
            Mine = await alerts.Subscriptions.ListCreatedByAsync(Access.Account.Username, ct);
            (Channel, Address, Schools) = (null, null, []);
            Done = "added";
            return Page();
        }
        catch (ArgumentException e)
        {
            Errors.Add(new FormError(string.Equals(e.ParamName, "schoolUrns", StringComparison.Ordinal) ? "schools" : "address", e.Message.Split(" (Parameter", 2)[0]));
            Response.StatusCode = StatusCodes.Status400BadRequest;
            return Page();
        }
    }

    public async Task<IActionResult> OnPostRemoveAsync(Guid id, CancellationToken ct)
    {
        if (await LoadAsync(ct) is { } refused)
        {
            return refused;
        }

        // Why only from one's own list: a subscription id of someone else's must not be removable by guessing it.
        if (Mine.All(s => s.Id != id))
        {
            return Refuse();
        }

        await alerts.Subscriptions.RemoveAsync(id, ct);
        return RedirectToPage("/Alerts/Subscriptions", new { done = "removed" });
    }

    public string Describe(AlertSubscription s)
    {
        ArgumentNullException.ThrowIfNull(s);
        if (s.TrustId is null)
        {
            return "Every trust and the service's own health";
        }

        var trust = Access.Directory.Trust(s.TrustId)?.Name ?? s.TrustId;
        return s.SchoolUrns.Count == 0
            ? $"All schools of {trust}"
            : string.Join(", ", s.SchoolUrns.Select(u => Access.Directory.School(u)?.Name ?? u));
    }

    /// <summary>The trust and schools of a new subscription, kept within what the user may see.</summary>
    private (string? TrustId, IReadOnlyList<string> Schools) Scope()
    {
        var scope = Access.Account.Scope;
        if (scope.Kind == ScopeKind.School)
        {
            var school = Access.Directory.School(scope.Id!);
            if (school?.TrustId is null)
            {
                Errors.Add(new FormError("schools", "Your school is not in a trust today, so alerts cannot be chosen for it"));
                return (null, []);
            }

            return (school.TrustId, [school.Urn]);
        }

        if (scope.Kind == ScopeKind.Trust)
        {
            var allowed = ChoosableSchools.Select(s => s.Urn).ToHashSet(StringComparer.Ordinal);
            var chosen = Schools.Where(u => !string.IsNullOrWhiteSpace(u)).Distinct(StringComparer.Ordinal).ToList();
            if (chosen.Any(u => !allowed.Contains(u)))
            {
                Errors.Add(new FormError("schools", "Choose schools of your own trust"));
            }

            return (scope.Id, chosen);
        }

        if (Access.IsAdministrator)
        {
            if (string.IsNullOrWhiteSpace(Trust))
            {
                return (null, []);
            }

            if (Access.Directory.Trust(Trust) is null)
            {
                Errors.Add(new FormError("trust", "Choose a trust from the list"));
            }

            return (Trust, []);
        }

        Errors.Add(new FormError("schools", "Your account has no schools to receive alerts for"));
        return (null, []);
    }

    private async Task<IActionResult?> LoadAsync(CancellationToken ct)
    {
        if (await GuardAsync(ct) is { } refused)
        {
            return refused;
        }

        Mine = await alerts.Subscriptions.ListCreatedByAsync(Access.Account.Username, ct);
        return null;
    }
}
