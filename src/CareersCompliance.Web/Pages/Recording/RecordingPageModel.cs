using System.Globalization;
using CareersCompliance.Application;
using CareersCompliance.Application.Accounts;
using CareersCompliance.Web.Reading;
using Microsoft.AspNetCore.Mvc;
using NodaTime;

namespace CareersCompliance.Web.Pages.Recording;

/// <summary>
/// What the recording forms share: only a careers leader of this school may open or post them (403 otherwise, the same
/// answer whether the school exists or not); errors are listed in a GOV.UK error summary and beside each field.
/// </summary>
public abstract class RecordingPageModel : CareersPageModel
{
    public SchoolEntry School { get; private set; } = null!;

    /// <summary>The errors in the order their fields appear on the form, so the summary reads as the page does.</summary>
    public IEnumerable<FormError> ErrorsInFieldOrder => Errors
        .Select((e, i) => (Error: e, Field: FieldOrder.IndexOf(e.FieldId), Added: i))
        .OrderBy(e => e.Field < 0 ? int.MaxValue : e.Field).ThenBy(e => e.Added)
        .Select(e => e.Error);

    /// <summary>The ids of this page's fields (the targets of its error links) in the order the page shows them.</summary>
    protected virtual IList<string> FieldOrder => [];

    /// <summary>The fields of the shared activity partial, in its order.</summary>
    protected static IList<string> ActivityFieldOrder { get; } =
        ["kind", "title", "date", "start-time", "end-time", "delivery-mode", "providers", "checklist", "year-groups", "adviser"];

    /// <summary>Null when the signed-in user may record for this school; otherwise the sign-in redirect or a 403.</summary>
    protected async Task<IActionResult?> GuardAsync(string urn, CancellationToken ct)
    {
        if (!await SignedInAsync(ct))
        {
            return SignIn();
        }

        if (!Access.CanRecord(urn) || Access.Directory.School(urn) is not { } school)
        {
            return Refuse();
        }

        School = school;
        AsOf = Directories.Today;
        return null;
    }

    /// <summary>Turns a rule the domain refused, or a concurrent change, into a message on the form.</summary>
    protected Task<bool> TryAsync(Func<Task> action, string fieldId) =>
        TryAsync(action, fieldId, "Someone else changed this record while you were editing it. Reload the page and try again.");

    /// <summary>Reads a GOV.UK date input (day, month, year), adding what to fix when it is not a real date.</summary>
    protected LocalDate? ReadDate(string? day, string? month, string? year, string fieldId, string what)
    {
        if (string.IsNullOrWhiteSpace(day) && string.IsNullOrWhiteSpace(month) && string.IsNullOrWhiteSpace(year))
        {
            Errors.Add(new FormError(fieldId, $"Enter {what}"));
            return null;
        }

        var inv = CultureInfo.InvariantCulture;
        if (int.TryParse(day, inv, out var d) && int.TryParse(month, inv, out var m) && int.TryParse(year, inv, out var y)
            && y is >= 2000 and <= 2100 && m is >= 1 and <= 12 && d >= 1 && d <= CalendarSystem.Iso.GetDaysInMonth(y, m))
        {
            var date = new LocalDate(y, m, d);
            if (date > Directories.Today)
            {
                Errors.Add(new FormError(fieldId, $"{Capitalise(what)} must be today or in the past"));
                return null;
            }

            return date;
        }

        Errors.Add(new FormError(fieldId, $"{Capitalise(what)} must be a real date, for example 27 3 2027"));
        return null;
    }

    /// <summary>The pupil with this UPN when on roll at the school today; otherwise adds what to fix.</summary>
    protected async Task<Guid?> PupilOnRollAsync(Standings standings, CareersRuntime runtime, string urn, string? upn, string fieldId, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(runtime);
        if (string.IsNullOrWhiteSpace(upn))
        {
            Errors.Add(new FormError(fieldId, "Enter the pupil's UPN"));
            return null;
        }

        var id = await runtime.Pupils.FindOneAsync(upn.Trim().ToUpperInvariant(), ct);
        var onRoll = await RegisterRow.OnRollAsync(standings, runtime, Access, urn, null, ct);
        if (id is not { } pupil || onRoll.All(p => p.PupilId != pupil.Value))
        {
            Errors.Add(new FormError(fieldId, "No pupil with this UPN is on roll at this school; check the UPN"));
            return null;
        }

        return pupil.Value;
    }

    private static string Capitalise(string text) => text.Length == 0 ? text : char.ToUpperInvariant(text[0]) + text[1..];
}
