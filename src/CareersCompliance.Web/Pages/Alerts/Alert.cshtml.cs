using CareersCompliance.Application.Alerts;
using CareersCompliance.Domain.Alerts;
using CareersCompliance.Domain.Common;
using CareersCompliance.EventStore;
using CareersCompliance.Projections.Alerts;
using Microsoft.AspNetCore.Mvc;
using NodaTime;

namespace CareersCompliance.Web.Pages.Alerts;

/// <summary>One line of an alert's history, in words.</summary>
public sealed record AlertHistoryLine(Instant At, string What, string Who, string? Note);

/// <summary>
/// One alert: what is wrong, where, severity, days left, and its whole history (raised, delivered, acknowledged, resolved);
/// acknowledge it with a note, or resolve it with a note. Alerts the user may not see answer 403, the same as missing ones.
/// </summary>
public sealed class AlertModel(AlertCenter alerts) : AlertsPageModel
{
    public const int NoteMaxLength = 1000;

    public AlertListItem Alert { get; private set; } = null!;

    public IReadOnlyList<AlertHistoryLine> History { get; private set; } = [];

    [BindProperty]
    public string? AcknowledgeNote { get; set; }

    [BindProperty]
    public string? ResolveNote { get; set; }

    [BindProperty(SupportsGet = true)]
    public string? Done { get; set; }

    public async Task<IActionResult> OnGetAsync(Guid id, CancellationToken ct) => await LoadAsync(id, ct) ?? Page();

    public async Task<IActionResult> OnPostAcknowledgeAsync(Guid id, CancellationToken ct)
    {
        if (await LoadAsync(id, ct) is { } refused)
        {
            return refused;
        }

        var note = Note(AcknowledgeNote, "acknowledge-note", "Enter what is being done about this alert");
        if (note is not null && await TryAsync(() => alerts.AcknowledgeAsync(id.ToString(), note, new ActorId(Access.Account.Username), ct), "acknowledge-note"))
        {
            return RedirectToPage("/Alerts/Alert", new { id, done = "acknowledged" });
        }

        return await ReloadAsync(id, ct);
    }

    public async Task<IActionResult> OnPostResolveAsync(Guid id, CancellationToken ct)
    {
        if (await LoadAsync(id, ct) is { } refused)
        {
            return refused;
        }

        var note = Note(ResolveNote, "resolve-note", "Enter why this alert is resolved");
        if (note is not null && await TryAsync(() => alerts.ResolveAsync(id.ToString(), note, new ActorId(Access.Account.Username), ct), "resolve-note"))
        {
            return RedirectToPage("/Alerts/Alert", new { id, done = "resolved" });
        }

        return await ReloadAsync(id, ct);
    }

    private async Task<IActionResult> ReloadAsync(Guid id, CancellationToken ct)
    {
        Response.StatusCode = StatusCodes.Status400BadRequest;
        return await LoadAsync(id, ct) ?? Page();
    }

    private async Task<IActionResult?> LoadAsync(Guid id, CancellationToken ct)
    {
        if (await GuardAsync(ct) is { } refused)
        {
            return refused;
        }

        if (await alerts.List.FindAsync(id.ToString(), ct) is not { } alert || alert.AlertId != id || !MaySee(Access, alert))
        {
            return Refuse();
        }

        Alert = alert;
        History = [.. (await alerts.HistoryAsync(id, ct)).Select(Describe)];
        return null;
    }

    private string? Note(string? text, string fieldId, string missing)
    {
        var note = text?.Trim();
        if (string.IsNullOrEmpty(note))
        {
            Errors.Add(new FormError(fieldId, missing));
            return null;
        }

        if (note.Length > NoteMaxLength)
        {
            Errors.Add(new FormError(fieldId, $"The note must be {NoteMaxLength} characters or fewer"));
            return null;
        }

        return note;
    }

    private Task<bool> TryAsync(Func<Task> action, string fieldId) =>
        TryAsync(action, fieldId, "Someone else changed this alert at the same moment. Look at its history and try again.");

    private static AlertHistoryLine Describe(EventEnvelope e) => e.Data switch
    {
        AlertEvent.AlertRaised r => new(r.RaisedAt, $"Raised ({r.Severity})", Who(r.RaisedBy.Value), r.Detail),
        AlertEvent.AlertReRaised r => new(r.RaisedAt, $"Raised again, occurrence {r.Occurrence} ({r.Severity})", Who(r.RaisedBy.Value), r.Detail),
        AlertEvent.AlertDelivered d => new(d.DeliveredAt, $"Delivered by {(d.Channel == AlertChannel.Email ? "e-mail" : "webhook")}",
            $"Subscription {d.SubscriptionId.ToString()[..8]}", null),
        AlertEvent.AlertAcknowledged a => new(a.AcknowledgedAt, "Acknowledged", Who(a.AcknowledgedBy.Value), a.Note),
        AlertEvent.AlertResolved r => new(r.ResolvedAt, r.Resolution == AlertResolution.ByPerson ? "Resolved by a person" : "Resolved: the condition cleared",
            Who(r.ResolvedBy.Value), r.Note),
        _ => new(e.RecordedAt, e.EventType, e.Metadata.Actor.UserId, null),
    };

    private static string Who(string actor) => actor switch
    {
        "system:alert-evaluator" => "The alert checker",
        "system:alert-dispatcher" => "The alert sender",
        _ => actor,
    };
}
