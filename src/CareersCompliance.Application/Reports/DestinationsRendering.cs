using System.Globalization;
using System.Text.Json.Nodes;
using CareersCompliance.Application.Import;
using CareersCompliance.Domain.Common;
using CareersCompliance.Domain.Rules;

namespace CareersCompliance.Application.Reports;

/// <summary>
/// `careers report destinations` (decisions 0053-0054): JSON with each figure and the pupils behind it (by UPN), CSV one row per
/// figure, and a table for people that names its settings.
/// </summary>
public static class DestinationsRendering
{
    private static readonly string[] CsvColumns = ["school", "as_of", "section", "cohort", "measure", "count", "of", "percent", "status", "deadline"];

    public static JsonObject Json(SchoolReport report, IReadOnlyDictionary<PupilId, string> upns)
    {
        ArgumentNullException.ThrowIfNull(report);
        ArgumentNullException.ThrowIfNull(upns);
        var d = report.Destinations;
        return new JsonObject
        {
            ["school"] = report.Urn.Value,
            ["schoolName"] = report.Name,
            ["asOf"] = ReportRendering.Date(report.AsOf),
            ["settings"] = new JsonObject
            {
                ["earlyLeaverNoticeDays"] = report.Settings.EarlyLeaverNoticeDays,
                ["alertHorizonDays"] = report.Settings.AlertHorizonDays,
                ["sustained"] = "education, apprenticeship or employment recorded in each of 1 Oct-31 Dec and 1 Jan-31 Mar after leaving, none NEET or unknown",
            },
            ["cohorts"] = new JsonArray([.. d.Cohorts.Select(c => (JsonNode)Cohort(c, upns))]),
            ["septemberGuarantee"] = new JsonArray([.. d.Guarantee.Select(g => (JsonNode)Round(g, upns))]),
            ["earlyLeavers"] = new JsonArray([.. d.EarlyLeavers.Select(e => (JsonNode)new JsonObject
            {
                ["upn"] = Upn(upns, e.PupilId),
                ["leftOn"] = ReportRendering.Date(e.LeftOn),
                ["yearGroup"] = e.YearGroup,
                ["notifyBy"] = ReportRendering.Date(e.NotifyBy),
                ["notifiedOn"] = e.NotifiedOn is { } n ? ReportRendering.Date(n) : null,
                ["status"] = e.Status.ToString(),
                ["reasonCode"] = e.ReasonCode,
            })]),
        };
    }

    private static JsonObject Cohort(LeaverCohort c, IReadOnlyDictionary<PupilId, string> upns) => new()
    {
        ["leftIn"] = c.LeftIn.ToString(),
        ["leavers"] = c.Count,
        ["intendedRecorded"] = c.IntendedRecorded,
        ["education"] = c.Education,
        ["apprenticeship"] = c.Apprenticeship,
        ["employment"] = c.Employment,
        ["eet"] = c.Eet,
        ["eetPercent"] = c.Percent(c.Eet),
        ["neet"] = c.Neet,
        ["neetPercent"] = c.Percent(c.Neet),
        ["unknown"] = c.Unknown,
        ["unknownPercent"] = c.Percent(c.Unknown),
        ["sustainedWindow"] = $"{ReportRendering.Date(c.SustainedWindowStart)}/{ReportRendering.Date(c.SustainedWindowEnd)}",
        ["sustained"] = c.Sustained,
        ["sustainedPercent"] = c.Percent(c.Sustained),
        ["pupils"] = new JsonArray([.. c.Leavers.Select(l => (JsonNode)new JsonObject
        {
            ["upn"] = Upn(upns, l.PupilId),
            ["leftOn"] = ReportRendering.Date(l.LeftOn),
            ["yearGroup"] = l.YearGroup,
            ["intended"] = l.Intended is { } i ? AccessRequestRendering.Snake(i) : null,
            ["actual"] = l.Actual is { } a ? AccessRequestRendering.Snake(a) : null,
            ["actualRecordedOn"] = l.ActualRecordedOn is { } on ? ReportRendering.Date(on) : null,
            ["outcome"] = AccessRequestRendering.Snake(l.Outcome),
            ["sustained"] = l.Sustained,
            ["sustainedReason"] = l.SustainedCode,
        })]),
    };

    private static JsonObject Round(GuaranteeRound g, IReadOnlyDictionary<PupilId, string> upns) => new()
    {
        ["cohortYear"] = g.CohortYear.ToString(),
        ["deadline"] = ReportRendering.Date(g.Deadline),
        ["daysLeft"] = g.DaysLeft,
        ["status"] = g.Status.ToString(),
        ["reasonCode"] = g.ReasonCode,
        ["pupils"] = g.Pupils.Count,
        ["withOffer"] = g.WithOffer,
        ["offerPercent"] = g.OfferPercent,
        ["withoutOffer"] = new JsonArray([.. g.Pupils.Where(p => p.Status != CheckStatus.Met).Select(p => (JsonNode)new JsonObject
        {
            ["upn"] = Upn(upns, p.PupilId),
            ["yearGroup"] = p.YearGroup,
            ["status"] = p.Status.ToString(),
        })]),
    };

    public static void Csv(TextWriter writer, SchoolReport report)
    {
        ArgumentNullException.ThrowIfNull(writer);
        ArgumentNullException.ThrowIfNull(report);
        CsvText.WriteRow(writer, CsvColumns);
        var urn = report.Urn.Value;
        var asOf = ReportRendering.Date(report.AsOf);
        foreach (var c in report.Destinations.Cohorts)
        {
            foreach (var (measure, count) in Measures(c))
            {
                CsvText.WriteRow(writer, urn, asOf, "destinations", c.LeftIn.ToString(), measure, Number(count), Number(c.Count), Number(c.Percent(count)), null,
                    string.Equals(measure, "sustained", StringComparison.Ordinal) ? ReportRendering.Date(c.SustainedWindowEnd) : null);
            }
        }

        foreach (var g in report.Destinations.Guarantee)
        {
            CsvText.WriteRow(writer, urn, asOf, "september_guarantee", g.CohortYear.ToString(), "with_offer", Number(g.WithOffer), Number(g.Pupils.Count),
                Number(g.OfferPercent), g.Status.ToString(), ReportRendering.Date(g.Deadline));
        }

        var early = report.Destinations.EarlyLeavers;
        var notified = early.Count(e => e.Status == CheckStatus.Met);
        CsvText.WriteRow(writer, urn, asOf, "early_leavers", null, "notified_in_time", Number(notified), Number(early.Count),
            Number(early.Count == 0 ? null : Math.Round(100m * notified / early.Count, 1)),
            early.Count == 0 ? CheckStatus.NotApplicable.ToString() : early.Any(e => e.Status == CheckStatus.NotMet) ? CheckStatus.NotMet.ToString()
                : notified == early.Count ? CheckStatus.Met.ToString() : CheckStatus.Due.ToString(), null);
    }

    public static void Table(TextWriter writer, SchoolReport report, IReadOnlyDictionary<PupilId, string> upns)
    {
        ArgumentNullException.ThrowIfNull(writer);
        ArgumentNullException.ThrowIfNull(report);
        ArgumentNullException.ThrowIfNull(upns);
        var d = report.Destinations;
        writer.WriteLine($"{report.Name ?? "School"} ({report.Urn}): destinations as of {ReportRendering.Date(report.AsOf)}");
        writer.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"Settings: early leavers notified within {report.Settings.EarlyLeaverNoticeDays} day(s); alert horizon {report.Settings.AlertHorizonDays} day(s)."));
        writer.WriteLine();
        writer.WriteLine("Leavers by year (latest actual destination; sustained = in education, apprenticeship or employment in both terms, Oct-Mar):");
        ReportRendering.WriteTable(writer, ["Left in", "Leavers", "Intended", "Education", "Apprent.", "Employment", "EET", "NEET", "Unknown", "Sustained"],
            [.. d.Cohorts.Select(c => new[]
            {
                c.LeftIn.ToString(), Number(c.Count), Number(c.IntendedRecorded), Number(c.Education), Number(c.Apprenticeship), Number(c.Employment),
                Share(c.Eet, c), Share(c.Neet, c), Share(c.Unknown, c),
                c.Sustained is { } s ? Share(s, c) : $"after {ReportRendering.Date(c.SustainedWindowEnd)}",
            })]);
        writer.WriteLine();
        writer.WriteLine("September Guarantee (an offer for every Year 11 and Year 12 pupil by 30 September):");
        ReportRendering.WriteTable(writer, ["Pupils of", "Deadline", "Pupils", "With offer", "Status", "Without an offer"],
            [.. d.Guarantee.Select(g => new[]
            {
                g.CohortYear.ToString(), ReportRendering.Date(g.Deadline), Number(g.Pupils.Count),
                g.OfferPercent is { } p ? string.Create(CultureInfo.InvariantCulture, $"{g.WithOffer} ({p}%)") : "-", g.Status.ToString(),
                string.Join(' ', g.Pupils.Where(x => x.Status != CheckStatus.Met).Select(x => Upn(upns, x.PupilId))),
            })]);
        writer.WriteLine();
        writer.WriteLine("Early leavers from post-16 programmes (ESA 2008 s13, notified to the local authority):");
        if (d.EarlyLeavers.Count == 0)
        {
            writer.WriteLine("  none recorded");
            return;
        }

        ReportRendering.WriteTable(writer, ["Pupil", "Year", "Left", "Notify by", "Notified", "Status"],
            [.. d.EarlyLeavers.Select(e => new[]
            {
                Upn(upns, e.PupilId), Number(e.YearGroup), ReportRendering.Date(e.LeftOn), ReportRendering.Date(e.NotifyBy),
                e.NotifiedOn is { } n ? ReportRendering.Date(n) : "-", $"{e.Status} ({AccessRequestRendering.Words(e.ReasonCode)})",
            })]);
    }

    /// <summary>The pupils behind a report's destination figures, for looking their UPNs up in the register.</summary>
    public static IReadOnlyList<PupilId> Pupils(SchoolReport report)
    {
        ArgumentNullException.ThrowIfNull(report);
        var d = report.Destinations;
        return [.. d.Cohorts.SelectMany(c => c.Leavers.Select(l => l.PupilId))
            .Concat(d.Guarantee.SelectMany(g => g.Pupils.Select(p => p.PupilId)))
            .Concat(d.EarlyLeavers.Select(e => e.PupilId)).Distinct()];
    }

    private static IEnumerable<(string Measure, int? Count)> Measures(LeaverCohort c) =>
    [
        ("leavers", c.Count), ("intended_recorded", c.IntendedRecorded), ("education", c.Education), ("apprenticeship", c.Apprenticeship),
        ("employment", c.Employment), ("eet", c.Eet), ("neet", c.Neet), ("unknown", c.Unknown), ("sustained", c.Sustained),
    ];

    private static string Share(int count, LeaverCohort c) =>
        c.Percent(count) is { } p ? string.Create(CultureInfo.InvariantCulture, $"{count} ({p}%)") : Number(count);

    private static string Number(int? n) => n?.ToString(CultureInfo.InvariantCulture) ?? "";

    private static string Number(decimal? n) => n?.ToString(CultureInfo.InvariantCulture) ?? "";

    private static string Upn(IReadOnlyDictionary<PupilId, string> upns, PupilId id) => upns.TryGetValue(id, out var upn) ? upn : "(not in the register)";
}
