using CareersCompliance.Application;
using CareersCompliance.Application.Accounts;
using CareersCompliance.Domain.Activities;
using CareersCompliance.Domain.Common;
using CareersCompliance.EventStore;
using CareersCompliance.Web.Reading;
using CareersCompliance.Web.Recording;
using Microsoft.AspNetCore.Mvc;

namespace CareersCompliance.Web.Pages.Recording;

/// <summary>
/// One recorded activity: its details and register; correct its details with a reason, correct one pupil's attendance,
/// or go on to retract it (confirmed on a page of its own, <see cref="RetractModel"/>). Each form posts the stream version it showed, so a concurrent change is reported, not overwritten.
/// </summary>
public sealed class CorrectModel(Recorder recorder, Standings standings, CareersRuntime runtime, AccessLog log) : RecordingPageModel
{
    [BindProperty]
    public ActivityInput Input { get; set; } = new();

    [BindProperty]
    public string? Reason { get; set; }

    [BindProperty]
    public long Version { get; set; }

    [BindProperty]
    public Guid? AttendancePupil { get; set; }

    [BindProperty]
    public string? AttendanceMark { get; set; }

    [BindProperty(SupportsGet = true)]
    public int? Recorded { get; set; }

    [BindProperty(SupportsGet = true)]
    public string? Done { get; set; }

    public string ActivityId { get; private set; } = "";

    public Activity State { get; private set; } = Activity.Initial;

    public ActivityDetails? Details => State is Activity.Recorded r ? r.Details : null;

    public IReadOnlyList<(RegisterRow Pupil, bool Attended)> Marks { get; private set; } = [];

    public RecordingRegisters Choices { get; private set; } = RecordingRegisters.Empty;

    protected override IList<string> FieldOrder => [.. ActivityFieldOrder, "reason", "attendance-pupil", "attendance-mark", "attendance-reason"];

    public async Task<IActionResult> OnGetAsync(string urn, string activityId, CancellationToken ct)
    {
        if (await LoadAsync(urn, activityId, resetInput: true, ct) is { } refused)
        {
            return refused;
        }

        return Page();
    }

    public async Task<IActionResult> OnPostCorrectAsync(string urn, string activityId, CancellationToken ct)
    {
        if (await LoadAsync(urn, activityId, resetInput: false, ct) is { } refused)
        {
            return refused;
        }

        var date = ReadDate(Input.Day, Input.Month, Input.Year, "date", "the date of the activity");
        var details = Input.ToDetails(urn, date, Errors, Choices, Details?.Kind == ActivityKind.GuidanceMeeting ? ActivityKind.GuidanceMeeting : null);
        RequireReason("reason", "Enter why the details are being corrected");
        if (details is not null && Errors.Count == 0 && await TryAsync(
                () => recorder.ActivityCommandAsync(Access, SourceKind.Ui, urn, "correct-activity",
                    (by, now) => new CorrectActivity(new ActivityId(activityId), details, Reason!.Trim(), by, now),
                    ExpectedVersion.Exact(Version), ct),
                "reason"))
        {
            return RedirectToPage(new { urn, activityId, done = "corrected" });
        }

        return Page();
    }

    public async Task<IActionResult> OnPostAttendanceAsync(string urn, string activityId, CancellationToken ct)
    {
        if (await LoadAsync(urn, activityId, resetInput: true, ct) is { } refused)
        {
            return refused;
        }

        if (AttendancePupil is not { } pupil || Marks.All(m => m.Pupil.PupilId != pupil))
        {
            Errors.Add(new FormError("attendance-pupil", "Select a pupil on this activity's register"));
        }

        if (AttendanceMark is not ("attended" or "absent"))
        {
            Errors.Add(new FormError("attendance-mark", "Select whether the pupil attended or was absent"));
        }

        RequireReason("attendance-reason", "Enter why the attendance is being corrected");
        if (Errors.Count == 0 && await TryAsync(
                () => recorder.ActivityCommandAsync(Access, SourceKind.Ui, urn, "correct-attendance",
                    (by, now) => new CorrectAttendance(
                        new ActivityId(activityId), new PupilId(AttendancePupil!.Value), string.Equals(AttendanceMark, "attended", StringComparison.Ordinal), Reason!.Trim(), by, now),
                    ExpectedVersion.Exact(Version), ct),
                "attendance-reason"))
        {
            return RedirectToPage(new { urn, activityId, done = "attendance" });
        }

        return Page();
    }

    private void RequireReason(string fieldId, string message)
    {
        if (string.IsNullOrWhiteSpace(Reason))
        {
            Errors.Add(new FormError(fieldId, message));
        }
        else if (Reason.Trim().Length > 500)
        {
            Errors.Add(new FormError(fieldId, "The reason must be 500 characters or fewer"));
        }
    }

    private async Task<IActionResult?> LoadAsync(string urn, string activityId, bool resetInput, CancellationToken ct)
    {
        if (await GuardAsync(urn, ct) is { } refused)
        {
            return refused;
        }

        // Why 403 for an unknown or foreign activity: the answer must not reveal what other schools recorded.
        if (await recorder.ActivityAsync(new ActivityId(activityId), ct) is not { } found || !string.Equals(found.SchoolUrn, urn, StringComparison.Ordinal))
        {
            return Refuse();
        }

        ActivityId = activityId;
        State = found.State;
        if (HttpMethods.IsGet(Request.Method))
        {
            Version = found.Version;
        }

        Choices = await RecordingRegisters.LoadAsync(standings, runtime, urn, ct);
        if (found.State is Activity.Recorded r)
        {
            if (resetInput)
            {
                Input = ActivityInput.From(r.Details);
            }

            var pupils = (await RegisterRow.OnRollAsync(standings, runtime, Access, urn, null, ct)).ToDictionary(p => p.PupilId);
            Marks = [.. r.Attendance.Select(a => (pupils.GetValueOrDefault(a.Key.Value) ?? new RegisterRow(a.Key.Value, "[not on roll]", "[not on roll]", null), a.Value))
                .OrderBy(m => m.Item1.Name, StringComparer.Ordinal)];
            await log.WriteAsync(new AccessRecord(Access.Account.AccountId, Access.Account.Username, Access.RoleName, AccessLog.View,
                "activity register", urn, School.TrustId, [.. Marks.Select(m => m.Pupil.PupilId)], Marks.Count, activityId), ct);
        }

        return null;
    }
}
