using CareersCompliance.Application.Accounts;
using Microsoft.AspNetCore.Mvc;

namespace CareersCompliance.Web.Pages.Access;

/// <summary>The access log for administrators (all of it) and compliance officers (their schools), with filters.</summary>
public sealed class AccessLogModel(AccessLog log) : CareersPageModel
{
    [BindProperty(SupportsGet = true, Name = "user")]
    public string? Username { get; set; }

    [BindProperty(SupportsGet = true)]
    public string? School { get; set; }

    [BindProperty(SupportsGet = true)]
    public Guid? Pupil { get; set; }

    public IReadOnlyList<AccessLogEntry> Entries { get; private set; } = [];

    /// <summary>The last day shown (entries up to its end); today when empty.</summary>
    public DateField UpTo { get; private set; } = null!;

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        if (!await SignedInAsync(ct))
        {
            return SignIn();
        }

        if (!Access.CanAudit)
        {
            return Refuse();
        }

        var today = Directories.Today;
        UpTo = DateField.Read(Request.Query, "to", "Entries up to", "For example, 31 3 2027. Leave empty for today.", "to");
        if (UpTo.Error is not null)
        {
            Errors.Add(new FormError(UpTo.FirstInputId, UpTo.Error));
            Response.StatusCode = StatusCodes.Status400BadRequest;
            return Page();
        }

        AsOf = UpTo.Value ?? today;
        var to = AsOf.PlusDays(1).AtStartOfDayInZone(Reading.Directories.London).ToInstant();
        Entries = await log.QueryAsync(new AccessLogFilter(Username, School, Pupil, To: to, Schools: Access.AuditableSchools, Limit: 500), ct);
        return Page();
    }

    public static string Pupils(AccessLogEntry entry) =>
        entry.PupilCount == 1 && entry.PupilIds.Count == 1 ? entry.PupilIds[0].ToString() : $"{entry.PupilCount} pupils";

}
