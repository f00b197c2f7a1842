using CareersCompliance.Application;
using CareersCompliance.Domain.Activities;
using CareersCompliance.Domain.Common;
using CareersCompliance.EventStore;
using CareersCompliance.Web.Reading;
using CareersCompliance.Web.Recording;
using Microsoft.AspNetCore.Mvc;

namespace CareersCompliance.Web.Pages.Recording;

/// <summary>
/// Retracting an activity, confirmed on a page of its own: GET shows what will be retracted and asks why; POST retracts it
/// (against the version shown, so a concurrent change is reported) and returns to the activity with a success banner.
/// </summary>
public sealed class RetractModel(Recorder recorder, Standings standings, CareersRuntime runtime) : RecordingPageModel
{
    [BindProperty]
    public string? Reason { get; set; }

    [BindProperty]
    public long Version { get; set; }

    public string ActivityId { get; private set; } = "";

    public ActivityDetails? Details { get; private set; }

    public int Attended { get; private set; }

    public int Absent { get; private set; }

    public RecordingRegisters Choices { get; private set; } = RecordingRegisters.Empty;

    protected override IList<string> FieldOrder => ["reason"];

    public async Task<IActionResult> OnGetAsync(string urn, string activityId, CancellationToken ct) =>
        await LoadAsync(urn, activityId, ct) ?? Page();

    public async Task<IActionResult> OnPostAsync(string urn, string activityId, CancellationToken ct)
    {
        if (await LoadAsync(urn, activityId, ct) is { } refused)
        {
            return refused;
        }

        if (string.IsNullOrWhiteSpace(Reason))
        {
            Errors.Add(new FormError("reason", "Enter why the activity should never have been recorded"));
        }
        else if (Reason.Trim().Length > 500)
        {
            Errors.Add(new FormError("reason", "The reason must be 500 characters or fewer"));
        }

        if (Errors.Count == 0 && await TryAsync(
                () => recorder.ActivityCommandAsync(Access, SourceKind.Ui, urn, "retract-activity",
                    (by, now) => new RetractActivity(new ActivityId(activityId), Reason!.Trim(), by, now),
                    ExpectedVersion.Exact(Version), ct),
                "reason"))
        {
            return RedirectToPage("/Recording/Correct", new { urn, activityId, done = "retracted" });
        }

        return Page();
    }

    private async Task<IActionResult?> LoadAsync(string urn, string activityId, CancellationToken ct)
    {
        if (await GuardAsync(urn, ct) is { } refused)
        {
            return refused;
        }

        // Why 403 for an unknown, foreign or already retracted activity: as on the activity page, nothing is revealed.
        if (await recorder.ActivityAsync(new ActivityId(activityId), ct) is not { } found || !string.Equals(found.SchoolUrn, urn, StringComparison.Ordinal)
            || found.State is not Activity.Recorded recorded)
        {
            return Refuse();
        }

        ActivityId = activityId;
        Details = recorded.Details;
        (Attended, Absent) = (recorded.Attendance.Count(a => a.Value), recorded.Attendance.Count(a => !a.Value));
        Choices = await RecordingRegisters.LoadAsync(standings, runtime, urn, ct);
        if (HttpMethods.IsGet(Request.Method))
        {
            Version = found.Version;
        }

        return null;
    }
}
