using CareersCompliance.Application;
using CareersCompliance.Domain.Activities;
using CareersCompliance.EventStore;
using CareersCompliance.Web.Reading;
using CareersCompliance.Web.Recording;
using Microsoft.AspNetCore.Mvc;

namespace CareersCompliance.Web.Pages.Recording;

/// <summary>Record a personal guidance meeting: one pupil on roll (by UPN), the adviser (picked by name), the date.</summary>
public sealed class GuidanceModel(Recorder recorder, Standings standings, CareersRuntime runtime) : RecordingPageModel
{
    [BindProperty]
    public ActivityInput Input { get; set; } = new();

    [BindProperty]
    public string? Upn { get; set; }

    public RecordingRegisters Choices { get; private set; } = RecordingRegisters.Empty;

    protected override IList<string> FieldOrder => ["upn", .. ActivityFieldOrder];

    public async Task<IActionResult> OnGetAsync(string urn, CancellationToken ct)
    {
        if (await GuardAsync(urn, ct) is { } refused)
        {
            return refused;
        }

        Choices = await RecordingRegisters.LoadAsync(standings, runtime, urn, ct);
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(string urn, CancellationToken ct)
    {
        if (await GuardAsync(urn, ct) is { } refused)
        {
            return refused;
        }

        Choices = await RecordingRegisters.LoadAsync(standings, runtime, urn, ct);
        var pupil = await PupilOnRollAsync(standings, runtime, urn, Upn, "upn", ct);
        var date = ReadDate(Input.Day, Input.Month, Input.Year, "date", "the date of the meeting");
        var details = Input.ToDetails(urn, date, Errors, Choices, ActivityKind.GuidanceMeeting);
        var id = Recorder.NewActivityId();
        if (details is not null && pupil is { } p && Errors.Count == 0
            && await TryAsync(() => recorder.RecordActivityAsync(Access, SourceKind.Ui, id, details, [new RegisterMark(new(p), true)], ct), "title"))
        {
            return RedirectToPage("/Recording/Correct", new { urn, activityId = id.Value, recorded = 1 });
        }

        return Page();
    }
}
