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

        var asOf = ReadAsOf(Directories.Today);
        // The date picker here bounds the period: entries up to the end of the chosen day.
        var to = asOf.PlusDays(1).AtStartOfDayInZone(Reading.Directories.London).ToInstant();
        Entries = await log.QueryAsync(new AccessLogFilter(Username, School, Pupil, To: to, Schools: Access.AuditableSchools, Limit: 500), ct);
        return Page();
    }

    public static string Pupils(AccessLogEntry entry) =>
        entry.PupilCount == 1 && entry.PupilIds.Count == 1 ? entry.PupilIds[0].ToString() : $"{entry.PupilCount} pupils";

}
