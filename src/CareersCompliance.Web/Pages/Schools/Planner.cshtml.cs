using CareersCompliance.Application;
using CareersCompliance.Application.Accounts;
using CareersCompliance.Domain.Activities;
using CareersCompliance.Domain.Calendar;
using CareersCompliance.Domain.Common;
using CareersCompliance.Domain.Rules;
using CareersCompliance.Web.Pages.Recording;
using CareersCompliance.Web.Reading;
using Microsoft.AspNetCore.Mvc;
using NodaTime.Text;

namespace CareersCompliance.Web.Pages.Schools;

/// <summary>
/// The careers leader's planner: pick a planned activity (kind, date, year groups, provider or adviser) and see which pupils
/// it would move from due to met on which check, by the same rules as the reports (<see cref="ActivityPlanner"/>). A GET
/// form: nothing is recorded, and the preview can be bookmarked. The pupils it names are written to the access log.
/// </summary>
public sealed class PlannerModel(Standings standings, CareersRuntime runtime, AccessLog log) : RecordingPageModel
{
    public const int PupilsShown = 200;

    public sealed record MovedPupil(PupilId PupilId, string Label, int? YearGroup, IReadOnlyList<PlannedMove> Moves);

    public static IReadOnlyList<(string Value, string Text)> Kinds { get; } =
        [.. ActivityInput.Kinds, (nameof(ActivityKind.GuidanceMeeting), "Guidance meeting (one with every pupil in the year groups)")];

    [BindProperty(SupportsGet = true)]
    public string? Kind { get; set; }

    [BindProperty(SupportsGet = true, Name = "years")]
    public IList<int> YearGroups { get; set; } = [];

    [BindProperty(SupportsGet = true)]
    public string? Provider { get; set; }

    [BindProperty(SupportsGet = true)]
    public string? Adviser { get; set; }

    public DateField DateField { get; private set; } = null!;

    public RecordingRegisters Choices { get; private set; } = RecordingRegisters.Empty;

    public ActivityPreview? Preview { get; private set; }

    public IReadOnlyList<MovedPupil> Pupils { get; private set; } = [];

    public int PupilsMoved { get; private set; }

    protected override IList<string> FieldOrder => ["kind", "date-day", "year-groups", "provider", "adviser"];

    public NodaTime.LocalDate LastDay => AcademicYear.Containing(Directories.Today).LastDay();

    public async Task<IActionResult> OnGetAsync(string urn, CancellationToken ct)
    {
        if (await GuardAsync(urn, ct) is { } refused)
        {
            return refused;
        }

        DateField = DateField.Read(Request.Query, "date", "Planned date", $"Today or later, up to {Ui.Date(LastDay)} (the end of this academic year). For example, 27 3 2027", "date");
        Choices = await RecordingRegisters.LoadAsync(standings, runtime, urn, ct);
        if (Request.Query.Count == 0 || Read() is not { } planned)
        {
            return Page();
        }

        var evidence = await standings.EvidenceAsync(urn, ct);
        var knownAt = await standings.KnownAtAsync(ct);
        Preview = ActivityPlanner.Preview(evidence, planned, standings.Settings, Directories.Today, knownAt);
        var byPupil = Preview.Moves.GroupBy(m => m.PupilId).OrderBy(g => g.First().YearGroup).ToList();
        PupilsMoved = byPupil.Count;
        var shown = byPupil.Take(PupilsShown).ToList();
        var details = await runtime.Pupils.GetAsync([.. shown.Select(g => g.Key)], ct);
        Pupils = [.. shown.Select(g => new MovedPupil(g.Key, Access.PupilLabel(urn, g.Key, details.GetValueOrDefault(g.Key)), g.First().YearGroup, [.. g]))];
        if (Pupils.Count > 0)
        {
            await log.WriteAsync(new AccessRecord(Access.Account.AccountId, Access.Account.Username, Access.RoleName, AccessLog.View,
                "planner preview", urn, School.TrustId, [.. Pupils.Select(p => p.PupilId.Value)], Pupils.Count,
                $"{planned.Kind} on {LocalDatePattern.Iso.Format(planned.Date)} for years {string.Join(";", planned.YearGroups)}"), ct);
        }

        return Page();
    }

    /// <summary>The coverage of a check before and after the planned activity (pupils met).</summary>
    public (int Before, int After) MetOf(string checkId) =>
        (Preview!.Before.Coverage.First(c => string.Equals(c.CheckId, checkId, StringComparison.Ordinal)).Met,
         Preview.After.Coverage.First(c => string.Equals(c.CheckId, checkId, StringComparison.Ordinal)).Met);

    private PlannedActivity? Read()
    {
        ActivityKind? kind = Enum.TryParse<ActivityKind>(Kind, out var k) && Kinds.Any(x => string.Equals(x.Value, Kind, StringComparison.Ordinal)) ? k : null;
        if (kind is null)
        {
            Errors.Add(new FormError("kind", "Select what kind of activity you are planning"));
        }

        var today = Directories.Today;
        if (DateField.Error is { } error)
        {
            Errors.Add(new FormError(DateField.FirstInputId, error));
        }
        else if (DateField.Value is not { } date)
        {
            DateField = DateField with { Error = "Enter the planned date" };
            Errors.Add(new FormError(DateField.FirstInputId, DateField.Error));
        }
        else if (date < today || date > LastDay)
        {
            DateField = DateField with
            {
                Error = date < today
                    ? $"The planned date must be today ({Ui.Date(today)}) or later"
                    : $"The planned date must be in this academic year, on or before {Ui.Date(LastDay)}",
            };
            Errors.Add(new FormError(DateField.FirstInputId, DateField.Error));
        }

        var years = YearGroups.Where(y => y is >= 7 and <= 13).Distinct().Order().ToList();
        if (years.Count == 0)
        {
            Errors.Add(new FormError("year-groups", "Select the year groups the activity would be put on for"));
        }

        if (!string.IsNullOrEmpty(Provider) && !Choices.HasProvider(Provider))
        {
            Errors.Add(new FormError("provider", "Choose a provider from the list, or none"));
        }

        if (!string.IsNullOrEmpty(Adviser) && !Choices.HasAdviser(Adviser))
        {
            Errors.Add(new FormError("adviser", "Choose an adviser from the list, or none"));
        }

        return Errors.Count > 0 ? null
            : new PlannedActivity(kind!.Value, DateField.Value!.Value, years,
                string.IsNullOrEmpty(Provider) ? null : new ProviderId(Provider), string.IsNullOrEmpty(Adviser) ? null : new AdviserId(Adviser));
    }
}
