using CareersCompliance.Application;
using CareersCompliance.Application.Accounts;
using CareersCompliance.Application.Evidence;
using CareersCompliance.Domain.Common;
using Microsoft.AspNetCore.Mvc;
using NodaTime;
using NodaTime.Text;

namespace CareersCompliance.Web.Pages.Evidence;

/// <summary>
/// The inspector's evidence timeline: one school, a chosen period (an inspector's is kept inside the grant's period), every
/// recorded event of its evidence in date order with who, when, from what source, its corrections, its ledger position and
/// the signed checkpoint covering it; downloadable as PDF and CSV, each sealed with a SHA-256 digest and the ledger head.
/// </summary>
public sealed class TimelineModel(CareersRuntime runtime, AccessLog log) : CareersPageModel
{
    [BindProperty(SupportsGet = true)]
    public string? From { get; set; }

    [BindProperty(SupportsGet = true)]
    public string? To { get; set; }

    public SchoolEntry School { get; private set; } = null!;

    public EvidencePack Pack { get; private set; } = null!;

    public LocalDate PeriodFrom { get; private set; }

    public LocalDate PeriodTo { get; private set; }

    public string? PeriodError { get; private set; }

    public async Task<IActionResult> OnGetAsync(string urn, CancellationToken ct)
    {
        if (await LoadAsync(urn, ct) is { } refused)
        {
            return refused;
        }

        if (Pack.GuidancePupils.Count > 0)
        {
            await LogAsync(urn, AccessLog.View, "evidence timeline", ct);
        }

        return Page();
    }

    public async Task<IActionResult> OnGetCsvAsync(string urn, CancellationToken ct)
    {
        if (await LoadAsync(urn, ct) is { } refused)
        {
            return refused;
        }

        await LogAsync(urn, AccessLog.Export, "evidence timeline CSV", ct);
        return File(Pack.ToCsv(), "text/csv; charset=utf-8", FileName("csv"));
    }

    public async Task<IActionResult> OnGetPdfAsync(string urn, CancellationToken ct)
    {
        if (await LoadAsync(urn, ct) is { } refused)
        {
            return refused;
        }

        await LogAsync(urn, AccessLog.Export, "evidence timeline PDF", ct);
        return File(Pack.ToPdf(), "application/pdf", FileName("pdf"));
    }

    public IDictionary<string, string> Route() => new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["from"] = LocalDatePattern.Iso.Format(PeriodFrom),
        ["to"] = LocalDatePattern.Iso.Format(PeriodTo),
    };

    private string FileName(string extension) =>
        $"evidence-{School.Urn}-{LocalDatePattern.Iso.Format(PeriodFrom)}-to-{LocalDatePattern.Iso.Format(PeriodTo)}.{extension}";

    private async Task<IActionResult?> LoadAsync(string urn, CancellationToken ct)
    {
        if (!await SignedInAsync(ct))
        {
            return SignIn();
        }

        if (!Access.CanReadSchool(urn))
        {
            return Refuse();
        }

        School = Access.Directory.School(urn)!;
        var today = Directories.Today;
        AsOf = today;
        var grant = Access.GrantFor(urn);
        var defaultFrom = grant?.PeriodFrom ?? new LocalDate(today.Month >= 9 ? today.Year : today.Year - 1, 9, 1);
        var defaultTo = grant?.PeriodTo ?? today;
        PeriodFrom = Parse(From) ?? defaultFrom;
        PeriodTo = Parse(To) ?? defaultTo;
        if (PeriodTo < PeriodFrom)
        {
            PeriodError = "The end of the period must be the same as or after its start";
            (PeriodFrom, PeriodTo) = (defaultFrom, defaultTo);
        }

        if (grant is not null && (PeriodFrom < grant.PeriodFrom || PeriodTo > grant.PeriodTo))
        {
            PeriodError = $"Your access covers {LocalDatePattern.Iso.Format(grant.PeriodFrom)} to {LocalDatePattern.Iso.Format(grant.PeriodTo)}; the period was kept inside it";
            PeriodFrom = PeriodFrom < grant.PeriodFrom ? grant.PeriodFrom : PeriodFrom;
            PeriodTo = PeriodTo > grant.PeriodTo ? grant.PeriodTo : PeriodTo;
        }

        Pack = await EvidencePack.BuildAsync(runtime.App, urn, School.Name, PeriodFrom, PeriodTo, $"{Access.Account.Username} ({Access.RoleName})",
            runtime.Clock.GetCurrentInstant(), ids => LabelsAsync(urn, ids, ct), ct);
        return null;
    }

    private LocalDate? Parse(string? text)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return null;
        }

        var parsed = LocalDatePattern.Iso.Parse(text.Trim());
        if (!parsed.Success)
        {
            PeriodError = "Dates must be real dates, for example 2027-03-27";
        }

        return parsed.Success ? parsed.Value : null;
    }

    private async Task<IReadOnlyDictionary<Guid, string>> LabelsAsync(string urn, IReadOnlyCollection<Guid> ids, CancellationToken ct)
    {
        var details = await runtime.Pupils.GetAsync([.. ids.Select(i => new PupilId(i))], ct);
        return ids.ToDictionary(i => i, i => Access.PupilLabel(urn, new PupilId(i), details.GetValueOrDefault(new PupilId(i))));
    }

    private Task LogAsync(string urn, string action, string resource, CancellationToken ct) =>
        log.WriteAsync(new AccessRecord(Access.Account.AccountId, Access.Account.Username, Access.RoleName, action, resource, urn,
            School.TrustId, Pack.GuidancePupils, Pack.GuidancePupils.Count, $"{LocalDatePattern.Iso.Format(PeriodFrom)} to {LocalDatePattern.Iso.Format(PeriodTo)}, ledger position {Pack.Anchor.HeadPosition}"), ct);
}
