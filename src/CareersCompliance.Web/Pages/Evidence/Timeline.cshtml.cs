using CareersCompliance.Application;
using CareersCompliance.Application.Accounts;
using CareersCompliance.Application.Evidence;
using CareersCompliance.Domain.Common;
using CareersCompliance.Web.Reading;
using Microsoft.AspNetCore.Mvc;
using NodaTime;
using NodaTime.Text;

namespace CareersCompliance.Web.Pages.Evidence;

/// <summary>
/// The inspector's evidence timeline: one school, a chosen period (an inspector's is kept inside the grant's period), every
/// recorded event of its evidence in date order with who, when, from what source, its corrections, its ledger position and
/// the signed checkpoint covering it; downloadable as PDF and CSV, each sealed with a SHA-256 digest and the ledger head.
/// </summary>
public sealed class TimelineModel(CareersRuntime runtime, AccessLog log, Standings standings) : CareersPageModel
{
    public SchoolEntry School { get; private set; } = null!;

    public EvidencePack Pack { get; private set; } = null!;

    /// <summary>What the page shows first: duties at the period's end, dates, pupils and gaps (null when the period is refused).</summary>
    public EvidenceSummary? Summary { get; private set; }

    public LocalDate PeriodFrom { get; private set; }

    public LocalDate PeriodTo { get; private set; }

    /// <summary>The period's day, month and year boxes, as entered or as chosen.</summary>
    public DateField FromField { get; private set; } = null!;

    public DateField ToField { get; private set; } = null!;

    /// <summary>Why the period shown is not quite the one asked for (kept inside an inspector's grant).</summary>
    public string? PeriodNote { get; private set; }

    public async Task<IActionResult> OnGetAsync(string urn, CancellationToken ct)
    {
        if (await LoadAsync(urn, ct) is { } refused)
        {
            return refused;
        }

        if (Errors.Count > 0)
        {
            Response.StatusCode = StatusCodes.Status400BadRequest;
            return Page();
        }

        // Why the school's report at the period's end (today while the period runs on): the duties as they stood when it closed,
        // not a forecast, from the same cached report the school page reads; the pupils reached from the attendance index.
        var report = await standings.SchoolAsync(urn, PeriodTo < Directories.Today ? PeriodTo : Directories.Today, ct);
        var activities = Pack.Rows.Where(r => !r.Retracted).Select(r => r.ActivityId).Distinct(StringComparer.Ordinal).ToList();
        Summary = EvidenceSummary.Of(Pack, report, await EvidenceReach.PupilsAttendedAsync(runtime.App, activities, ct), standings.Settings.AlertHorizonDays);
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

        if (Errors.Count > 0)
        {
            return PeriodRefused();
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

        if (Errors.Count > 0)
        {
            return PeriodRefused();
        }

        await LogAsync(urn, AccessLog.Export, "evidence timeline PDF", ct);
        return File(Pack.ToPdf(), "application/pdf", FileName("pdf"));
    }

    public IDictionary<string, string> Route() => new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["from"] = LocalDatePattern.Iso.Format(PeriodFrom),
        ["to"] = LocalDatePattern.Iso.Format(PeriodTo),
    };

    // Why plain text: a download link has no page to show the message on, and nothing of a wrong period may be sent.
    private ContentResult PeriodRefused() => new()
    {
        StatusCode = StatusCodes.Status400BadRequest,
        ContentType = "text/plain; charset=utf-8",
        Content = string.Join(Environment.NewLine, Errors.Select(e => e.Message)) + Environment.NewLine,
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
        FromField = DateField.Read(Request.Query, "from", "From", null, "from");
        ToField = DateField.Read(Request.Query, "to", "To", null, "to");
        foreach (var field in new[] { FromField, ToField }.Where(f => f.Error is not null))
        {
            Errors.Add(new FormError(field.FirstInputId, field.Error!));
        }

        PeriodFrom = FromField.Value ?? defaultFrom;
        PeriodTo = ToField.Value ?? defaultTo;
        if (Errors.Count == 0 && PeriodTo < PeriodFrom)
        {
            ToField = ToField with { Error = $"The end of the period ({Ui.Date(PeriodTo)}) is before its start ({Ui.Date(PeriodFrom)}): enter an end on or after the start" };
            Errors.Add(new FormError(ToField.FirstInputId, ToField.Error));
        }

        if (Errors.Count > 0)
        {
            return null;
        }

        if (grant is not null && (PeriodFrom < grant.PeriodFrom || PeriodTo > grant.PeriodTo))
        {
            PeriodNote = $"Your access covers {Ui.Date(grant.PeriodFrom)} to {Ui.Date(grant.PeriodTo)}; the period was kept inside it.";
            PeriodFrom = PeriodFrom < grant.PeriodFrom ? grant.PeriodFrom : PeriodFrom;
            PeriodTo = PeriodTo > grant.PeriodTo ? grant.PeriodTo : PeriodTo;
        }

        FromField = DateField.Of("from", "From", null, PeriodFrom);
        ToField = DateField.Of("to", "To", null, PeriodTo);
        Pack = await EvidencePack.BuildAsync(runtime.App, urn, School.Name, PeriodFrom, PeriodTo, $"{Access.Account.Username} ({Access.RoleName})",
            runtime.Clock.GetCurrentInstant(), ids => LabelsAsync(urn, ids, ct), ct);
        return null;
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
