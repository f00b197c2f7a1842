using CareersCompliance.Application;
using CareersCompliance.Domain.Common;
using CareersCompliance.Domain.Referrals;
using CareersCompliance.EventStore;
using CareersCompliance.Web.Reading;
using CareersCompliance.Web.Recording;
using Microsoft.AspNetCore.Mvc;
using NodaTime;

namespace CareersCompliance.Web.Pages.Recording;

/// <summary>One referral: its steps so far and the form for each next step (triage, book, complete, close).</summary>
public sealed class ReferralModel(Recorder recorder, Standings standings, CareersRuntime runtime) : RecordingPageModel
{
    public RecordingRegisters Choices { get; private set; } = RecordingRegisters.Empty;

    protected override IList<string> FieldOrder =>
        ["priority", "triage-date", "adviser", "book-date", "complete-date", "closure", "close-date"];

    [BindProperty]
    public long Version { get; set; }

    [BindProperty]
    public string? Day { get; set; }

    [BindProperty]
    public string? Month { get; set; }

    [BindProperty]
    public string? Year { get; set; }

    [BindProperty]
    public string? Choice { get; set; }

    [BindProperty]
    public string? Adviser { get; set; }

    [BindProperty]
    public string? GuidanceActivity { get; set; }

    public Referral State { get; private set; } = Referral.Initial;

    public IReadOnlyList<EventEnvelope> History { get; private set; } = [];

    public Guid ReferralId { get; private set; }

    public Task<IActionResult> OnGetAsync(string urn, Guid referralId, CancellationToken ct) => StepAsync(urn, referralId, "", null, ct);

    public Task<IActionResult> OnPostTriageAsync(string urn, Guid referralId, CancellationToken ct) =>
        StepAsync(urn, referralId, "triage", (id, on) =>
        {
            if (!Enum.TryParse<ReferralPriority>(Choice, out var priority))
            {
                Errors.Add(new FormError("priority", "Select how soon the pupil should be seen"));
            }

            return ("triage-referral", (by, now) => new TriageReferral(id, priority, on, by, now));
        }, ct);

    public Task<IActionResult> OnPostBookAsync(string urn, Guid referralId, CancellationToken ct) =>
        StepAsync(urn, referralId, "book", (id, on) =>
        {
            if (string.IsNullOrWhiteSpace(Adviser))
            {
                Errors.Add(new FormError("adviser", "Select the adviser the meeting is booked with"));
            }
            else if (!Choices.HasAdviser(Adviser.Trim()))
            {
                Errors.Add(new FormError("adviser", "Select an adviser from the list"));
            }

            return ("book-referral-meeting", (by, now) => new BookReferralMeeting(id, new AdviserId(Adviser!.Trim()), on, by, now));
        }, ct, allowFuture: true);

    public Task<IActionResult> OnPostCompleteAsync(string urn, Guid referralId, CancellationToken ct) =>
        StepAsync(urn, referralId, "complete", (id, on) =>
        {
            ActivityId? activity = string.IsNullOrWhiteSpace(GuidanceActivity) ? null : new ActivityId(GuidanceActivity.Trim());
            return ("complete-referral", (by, now) => new CompleteReferral(id, activity, on, by, now));
        }, ct);

    public Task<IActionResult> OnPostCloseAsync(string urn, Guid referralId, CancellationToken ct) =>
        StepAsync(urn, referralId, "close", (id, on) =>
        {
            if (!Enum.TryParse<ReferralClosure>(Choice, out var closure))
            {
                Errors.Add(new FormError("closure", "Select why the referral is being closed"));
            }

            return ("close-referral", (by, now) => new CloseReferral(id, closure, on, by, now));
        }, ct);

    private async Task<IActionResult> StepAsync(
        string urn, Guid referralId, string stepName, Func<ReferralId, LocalDate, (string Command, Func<ActorId, Instant, IReferralCommand> Decide)>? step,
        CancellationToken ct, bool allowFuture = false)
    {
        if (await GuardAsync(urn, ct) is { } refused)
        {
            return refused;
        }

        var id = new ReferralId(referralId);
        if (await recorder.ReferralAsync(id, ct) is not { } found || !string.Equals(found.SchoolUrn, urn, StringComparison.Ordinal))
        {
            return Refuse();
        }

        ReferralId = referralId;
        State = found.State;
        Choices = await RecordingRegisters.LoadAsync(standings, runtime, urn, ct);
        History = found.History;
        if (step is null)
        {
            Version = found.Version;
            return Page();
        }

        var dateField = stepName + "-date";
        var date = allowFuture ? ReadAnyDate(Day, Month, Year, dateField) : ReadDate(Day, Month, Year, dateField, "the date");
        var (command, decide) = step(id, date ?? Directories.Today);
        if (date is not null && Errors.Count == 0
            && await TryAsync(() => recorder.ReferralCommandAsync(Access, SourceKind.Ui, urn, command, decide, ExpectedVersion.Exact(Version), ct), dateField))
        {
            return RedirectToPage(new { urn, referralId });
        }

        return Page();
    }

    private LocalDate? ReadAnyDate(string? day, string? month, string? year, string fieldId)
    {
        var inv = System.Globalization.CultureInfo.InvariantCulture;
        if (int.TryParse(day, inv, out var d) && int.TryParse(month, inv, out var m) && int.TryParse(year, inv, out var y)
            && y is >= 2000 and <= 2100 && m is >= 1 and <= 12 && d >= 1 && d <= CalendarSystem.Iso.GetDaysInMonth(y, m))
        {
            return new LocalDate(y, m, d);
        }

        Errors.Add(new FormError(fieldId, "The meeting date must be a real date, for example 27 3 2027"));
        return null;
    }
}
