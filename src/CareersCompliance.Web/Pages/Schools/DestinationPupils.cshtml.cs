using CareersCompliance.Application;
using CareersCompliance.Application.Accounts;
using CareersCompliance.Application.Reports;
using CareersCompliance.Domain.Common;
using CareersCompliance.Domain.Rules;
using CareersCompliance.Web.Reading;
using Microsoft.AspNetCore.Mvc;
using NodaTime;
using NodaTime.Text;

namespace CareersCompliance.Web.Pages.Schools;

/// <summary>
/// The pupils behind a destinations figure of the school page (decisions 0053-0054): one leaver cohort's leavers, or those in
/// education, apprenticeship or employment, NEET, unknown or not sustained; a September Guarantee round's pupils without an offer;
/// the early leavers (logged).
/// </summary>
public sealed class DestinationPupilsModel(Standings standings, CareersRuntime runtime, AccessLog log) : CareersPageModel
{
    /// <summary>The figures whose pupils this page lists, with their headings.</summary>
    public static readonly IReadOnlyDictionary<string, string> Measures = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["leavers"] = "Leavers",
        ["eet"] = "Leavers in education, an apprenticeship or employment",
        ["neet"] = "Leavers not in education, employment or training (NEET)",
        ["unknown"] = "Leavers whose destination is unknown",
        ["not-sustained"] = "Leavers whose destination was not sustained",
        ["no-offer"] = "Pupils without a September Guarantee offer",
        ["early-leavers"] = "Early leavers from post-16 programmes",
    };

    public sealed record Row(PupilId PupilId, string Label, int? YearGroup, string Detail, CheckStatus? Status);

    [BindProperty(SupportsGet = true)]
    public string? Measure { get; set; }

    /// <summary>The cohort's academic year by its first calendar year (2024 for 2024/25); none for early leavers.</summary>
    [BindProperty(SupportsGet = true)]
    public int? Cohort { get; set; }

    public SchoolEntry School { get; private set; } = null!;

    public string Heading { get; private set; } = "";

    public IReadOnlyList<Row> Pupils { get; private set; } = [];

    /// <summary>The query string of a figure's list on <paramref name="asOf"/>.</summary>
    public static string Link(string urn, string measure, int? cohort, LocalDate asOf) =>
        $"/schools/{urn}/destinations?measure={measure}{(cohort is { } c ? $"&cohort={c}" : "")}&day={asOf.Day}&month={asOf.Month}&year={asOf.Year}";

    public async Task<IActionResult> OnGetAsync(string urn, CancellationToken ct)
    {
        if (!await SignedInAsync(ct))
        {
            return SignIn();
        }

        if (!Access.CanReadSchool(urn))
        {
            return Refuse();
        }

        if (Measure is null || !Measures.TryGetValue(Measure, out var heading) || (Measure is not "early-leavers" && Cohort is null))
        {
            return NotFound();
        }

        School = Access.Directory.School(urn)!;
        AsOf = Access.ClampAsOf(urn, ReadAsOf(Directories.Today));
        var report = await standings.SchoolAsync(urn, AsOf, ct);
        var rows = RowsOf(report.Destinations);
        if (rows is null)
        {
            return NotFound();
        }

        Heading = Cohort is { } y ? $"{heading}, {new Domain.Calendar.AcademicYear(y)}" : heading;
        var details = await runtime.Pupils.GetAsync([.. rows.Select(r => r.PupilId)], ct);
        Pupils = [.. rows.Select(r => r with { Label = Access.PupilLabel(urn, r.PupilId, details.GetValueOrDefault(r.PupilId)) })
            .OrderBy(r => r.YearGroup).ThenBy(r => r.Label, StringComparer.Ordinal)];
        if (Pupils.Count > 0)
        {
            await log.WriteAsync(new AccessRecord(Access.Account.AccountId, Access.Account.Username, Access.RoleName, AccessLog.View,
                "school page: pupils behind a destinations figure", urn, School.TrustId, [.. Pupils.Select(p => p.PupilId.Value)], Pupils.Count,
                $"{Measure}{(Cohort is { } c ? $" {new Domain.Calendar.AcademicYear(c)}" : "")} as of {LocalDatePattern.Iso.Format(AsOf)}"), ct);
        }

        return Page();
    }

    private List<Row>? RowsOf(DestinationsResult d)
    {
        if (Measure is "early-leavers")
        {
            return [.. d.EarlyLeavers.Select(e => new Row(e.PupilId, "", e.YearGroup,
                $"left {Ui.Date(e.LeftOn)}; {(e.NotifiedOn is { } n ? $"local authority notified {Ui.Date(n)}" : "local authority not notified")} (due by {Ui.Date(e.NotifyBy)})",
                e.Status))];
        }

        if (Measure is "no-offer")
        {
            return d.Guarantee.FirstOrDefault(g => g.CohortYear.StartYear == Cohort) is { } round
                ? [.. round.Pupils.Where(p => p.Status != CheckStatus.Met).Select(p => new Row(p.PupilId, "", p.YearGroup,
                    $"no offer recorded; due by {Ui.Date(round.Deadline)}", p.Status))]
                : null;
        }

        var cohort = d.Cohorts.FirstOrDefault(c => c.LeftIn.StartYear == Cohort);
        return cohort?.Leavers.Where(Selected).Select(l => new Row(l.PupilId, "", l.YearGroup,
            $"left {Ui.Date(l.LeftOn)}; {(l.Actual is { } a ? $"{AccessRequestRendering.Words(AccessRequestRendering.Snake(a))} (recorded {Ui.Date(l.ActualRecordedOn!.Value)})" : "no actual destination recorded")}" +
            (l.Sustained is false ? $"; not sustained: {AccessRequestRendering.Words(l.SustainedCode)}" : ""), null)).ToList();
    }

    private bool Selected(LeaverDestination l) => Measure switch
    {
        "eet" => l.Outcome is DestinationOutcome.Education or DestinationOutcome.Apprenticeship or DestinationOutcome.Employment,
        "neet" => l.Outcome == DestinationOutcome.Neet,
        "unknown" => l.Outcome == DestinationOutcome.Unknown,
        "not-sustained" => l.Sustained == false,
        _ => true,
    };
}
