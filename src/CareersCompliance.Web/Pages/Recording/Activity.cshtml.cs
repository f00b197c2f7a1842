using CareersCompliance.Application;
using CareersCompliance.Application.Accounts;
using CareersCompliance.Domain.Common;
using CareersCompliance.EventStore;
using CareersCompliance.Web.Reading;
using CareersCompliance.Web.Recording;
using Microsoft.AspNetCore.Mvc;

namespace CareersCompliance.Web.Pages.Recording;

/// <summary>
/// Record an activity with its register: choose a year group, every pupil on roll in it is listed as attended, tick
/// those who were absent. The activity and every attendance mark are one append.
/// </summary>
public sealed class ActivityModel(Recorder recorder, Standings standings, CareersRuntime runtime, AccessLog log) : RecordingPageModel
{
    [BindProperty]
    public ActivityInput Input { get; set; } = new();

    [BindProperty(SupportsGet = true, Name = "yearGroup")]
    public int? RegisterYear { get; set; }

    /// <summary>The pupils the register showed (posted back so a pupil joining meanwhile is not marked silently).</summary>
    [BindProperty]
    public IList<Guid> Register { get; set; } = [];

    [BindProperty]
    public IList<Guid> Absent { get; set; } = [];

    public IReadOnlyList<RegisterRow> Pupils { get; private set; } = [];

    public IReadOnlyList<int> YearGroupsOnRoll { get; private set; } = [];

    public async Task<IActionResult> OnGetAsync(string urn, CancellationToken ct)
    {
        if (await GuardAsync(urn, ct) is { } refused)
        {
            return refused;
        }

        await LoadRegisterAsync(urn, ct);
        if (RegisterYear is { } y)
        {
            Input.YearGroups = [y];
        }

        return Page();
    }

    /// <summary>Shows the chosen year group's register, keeping everything typed so far.</summary>
    public async Task<IActionResult> OnPostRegisterAsync(string urn, CancellationToken ct)
    {
        if (await GuardAsync(urn, ct) is { } refused)
        {
            return refused;
        }

        // Why start afresh: the register and absences belonged to the year group shown before.
        (Register, Absent) = ([], []);
        if (RegisterYear is { } y && Input.YearGroups.Count == 0)
        {
            Input.YearGroups = [y];
        }

        await LoadRegisterAsync(urn, ct);
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(string urn, CancellationToken ct)
    {
        if (await GuardAsync(urn, ct) is { } refused)
        {
            return refused;
        }

        var date = ReadDate(Input.Day, Input.Month, Input.Year, "date", "the date of the activity");
        var details = Input.ToDetails(urn, date, Errors);
        var onRoll = (await RegisterRow.OnRollAsync(standings, runtime, Access, urn, null, ct)).Select(r => r.PupilId).ToHashSet();
        if (Register.Count == 0)
        {
            Errors.Add(new FormError("year-group", "Choose a year group and show its register before recording the activity"));
        }
        else if (Register.Any(p => !onRoll.Contains(p)) || Absent.Any(p => !Register.Contains(p)))
        {
            Errors.Add(new FormError("register", "The register lists a pupil who is not on roll at this school; show the register again"));
        }

        var id = Recorder.NewActivityId();
        if (details is not null && Errors.Count == 0)
        {
            var marks = Register.Distinct().Select(p => new RegisterMark(new PupilId(p), !Absent.Contains(p))).ToList();
            if (await TryAsync(() => recorder.RecordActivityAsync(Access, SourceKind.Ui, id, details, marks, ct), "title"))
            {
                return RedirectToPage("/Recording/Correct", new { urn, activityId = id.Value, recorded = marks.Count });
            }
        }

        await LoadRegisterAsync(urn, ct);
        return Page();
    }

    private async Task LoadRegisterAsync(string urn, CancellationToken ct)
    {
        var all = await RegisterRow.OnRollAsync(standings, runtime, Access, urn, null, ct);
        YearGroupsOnRoll = [.. all.Select(p => p.YearGroup).OfType<int>().Distinct().Order()];
        if (RegisterYear is not { } year)
        {
            return;
        }

        Pupils = [.. all.Where(p => p.YearGroup == year)];
        if (Register.Count == 0)
        {
            Register = [.. Pupils.Select(p => p.PupilId)];
        }

        // Why log: the register shows names and UPNs of a whole year group.
        await log.WriteAsync(new AccessRecord(Access.Account.AccountId, Access.Account.Username, Access.RoleName, AccessLog.View,
            "attendance register", urn, School.TrustId, [.. Pupils.Select(p => p.PupilId)], Pupils.Count, $"year {year}"), ct);
    }
}
