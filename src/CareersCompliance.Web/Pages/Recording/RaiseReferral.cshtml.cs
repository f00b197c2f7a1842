using CareersCompliance.Application;
using CareersCompliance.Domain.Common;
using CareersCompliance.Domain.Referrals;
using CareersCompliance.EventStore;
using CareersCompliance.Web.Reading;
using CareersCompliance.Web.Recording;
using Microsoft.AspNetCore.Mvc;

namespace CareersCompliance.Web.Pages.Recording;

/// <summary>Raise a referral for personal guidance: the pupil (by UPN), who asked, and when.</summary>
public sealed class RaiseReferralModel(Recorder recorder, Standings standings, CareersRuntime runtime) : RecordingPageModel
{
    [BindProperty]
    public string? Upn { get; set; }

    [BindProperty]
    public string? Source { get; set; }

    [BindProperty]
    public string? Day { get; set; }

    [BindProperty]
    public string? Month { get; set; }

    [BindProperty]
    public string? Year { get; set; }

    protected override IList<string> FieldOrder => ["upn", "source", "raised-on"];

    public async Task<IActionResult> OnGetAsync(string urn, CancellationToken ct) => await GuardAsync(urn, ct) ?? Page();

    public async Task<IActionResult> OnPostAsync(string urn, CancellationToken ct)
    {
        if (await GuardAsync(urn, ct) is { } refused)
        {
            return refused;
        }

        var pupil = await PupilOnRollAsync(standings, runtime, urn, Upn, "upn", ct);
        if (!Enum.TryParse<ReferralSource>(Source, out var source))
        {
            Errors.Add(new FormError("source", "Select who asked for the referral"));
        }

        var date = ReadDate(Day, Month, Year, "raised-on", "the date the referral was raised");
        var id = new ReferralId(Guid.CreateVersion7());
        if (pupil is { } p && date is { } on && Errors.Count == 0 && await TryAsync(
                () => recorder.ReferralCommandAsync(Access, SourceKind.Ui, urn, "raise-referral",
                    (by, now) => new RaiseReferral(id, new PupilId(p), new SchoolUrn(urn), source, on, by, now),
                    ExpectedVersion.NoStream, ct),
                "upn"))
        {
            return RedirectToPage("/Recording/Referral", new { urn, referralId = id.Value });
        }

        return Page();
    }
}
