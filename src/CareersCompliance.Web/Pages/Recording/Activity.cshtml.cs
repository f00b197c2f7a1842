using CareersCompliance.Application;
using CareersCompliance.Application.Accounts;
using CareersCompliance.Domain.Common;
using CareersCompliance.EventStore;
using CareersCompliance.Web.Reading;
using CareersCompliance.Web.Recording;
using Microsoft.AspNetCore.Mvc;

namespace CareersCompliance.Web.Pages.Recording;

/// <summary>
/// Record an activity with its register: the year groups ticked for the activity open their registers (every pupil on roll
/// in them is recorded as attended; tick those who were absent), so the year is chosen once and no round trip is needed.
/// The activity and every attendance mark are one append.
/// </summary>
public sealed class ActivityModel(Recorder recorder, Standings standings, CareersRuntime runtime, AccessLog log) : RecordingPageModel
{
    [BindProperty]
    public ActivityInput Input { get; set; } = new();

    [BindProperty]
    public IList<Guid> Absent { get; set; } = [];

    /// <summary>The registers the form showed, as year group and digest (see <see cref="YearRegister"/>).</summary>
    [BindProperty]
    public IList<string> Shown { get; set; } = [];

    public IReadOnlyList<YearRegister> Registers { get; private set; } = [];

    public RecordingRegisters Choices { get; private set; } = RecordingRegisters.Empty;

    protected override IList<string> FieldOrder => ActivityFieldOrder;

    public async Task<IActionResult> OnGetAsync(string urn, CancellationToken ct)
    {
        if (await GuardAsync(urn, ct) is { } refused)
        {
            return refused;
        }

        await LoadAsync(urn, ct);
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(string urn, CancellationToken ct)
    {
        if (await GuardAsync(urn, ct) is { } refused)
        {
            return refused;
        }

        await LoadAsync(urn, ct);
        var date = ReadDate(Input.Day, Input.Month, Input.Year, "date", "the date of the activity");
        var details = Input.ToDetails(urn, date, Errors, Choices);
        var chosen = Registers.Where(r => Input.YearGroups.Contains(r.YearGroup)).ToList();
        var changed = chosen.Where(r => !Shown.Contains(r.Shown, StringComparer.Ordinal)).Select(r => $"Year {r.YearGroup}").ToList();
        if (Input.YearGroups.Count == 0)
        {
            Errors.Add(new FormError("year-groups", "Select the year groups the activity was put on for; their registers open below each one"));
        }
        else if (changed.Count > 0)
        {
            Errors.Add(new FormError("year-groups", $"The register of {string.Join(" and ", changed)} changed while you were recording (a pupil joined or left); check who was absent and record again"));
        }
        else if (chosen.Sum(r => r.Pupils.Count) == 0)
        {
            Errors.Add(new FormError("year-groups", "No pupils are on roll in the year groups selected; select the year groups who took part"));
        }

        var id = Recorder.NewActivityId();
        if (details is not null && Errors.Count == 0)
        {
            // Why only the chosen year groups: a register left open for a year group then unticked posts its ticks too.
            var marks = chosen.SelectMany(r => r.Pupils).Select(p => new RegisterMark(new PupilId(p.PupilId), !Absent.Contains(p.PupilId))).ToList();
            if (await TryAsync(() => recorder.RecordActivityAsync(Access, SourceKind.Ui, id, details, marks, ct), "title"))
            {
                return RedirectToPage("/Recording/Correct", new { urn, activityId = id.Value, recorded = marks.Count });
            }
        }

        return Page();
    }

    private async Task LoadAsync(string urn, CancellationToken ct)
    {
        Choices = await RecordingRegisters.LoadAsync(standings, runtime, urn, ct);
        var onRoll = await RegisterRow.OnRollAsync(standings, runtime, Access, urn, null, ct);
        Registers = YearRegister.ByYearGroup(onRoll);

        // Why log: the registers show the names and UPNs of every pupil on roll (each year group's behind its checkbox).
        await log.WriteAsync(new AccessRecord(Access.Account.AccountId, Access.Account.Username, Access.RoleName, AccessLog.View,
            "attendance register", urn, School.TrustId, [.. onRoll.Select(p => p.PupilId)], onRoll.Count, "record activity form"), ct);
    }
}
