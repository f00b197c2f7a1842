using System.Globalization;
using System.Text.Json.Nodes;
using CareersCompliance.Application.Import;
using CareersCompliance.Domain.Rules;
using CareersCompliance.Domain.Schools;

namespace CareersCompliance.Application.Reports;

/// <summary>Provider access requests (eventmodel/decisions/0048): per school in the school report, and a trust's refusals.</summary>
public static class AccessRequestRendering
{
    private static readonly string[] RefusalColumns = ["school", "schoolName", "requestId", "provider", "providerName", "receivedOn", "refusedOn", "reason", "note"];

    public static JsonArray Json(IEnumerable<AccessRequestResult> requests) => new([.. requests.Select(r => (JsonNode)new JsonObject
    {
        ["requestId"] = r.RequestId,
        ["provider"] = r.ProviderId.Value,
        ["providerName"] = r.ProviderName,
        ["phase"] = r.Phase is { } p ? (int)p : null,
        ["requestedDate"] = r.RequestedDate is { } d ? ReportRendering.Date(d) : null,
        ["receivedOn"] = ReportRendering.Date(r.ReceivedOn),
        ["responseSchoolDays"] = r.ResponseSchoolDays,
        ["dueBy"] = ReportRendering.Date(r.DueBy),
        ["status"] = r.Status.ToString(),
        ["reasonCode"] = r.ReasonCode,
        ["firstAnsweredOn"] = r.FirstAnsweredOn is { } f ? ReportRendering.Date(f) : null,
        ["answer"] = r.Answer is { } a ? Snake(a) : null,
        ["offeredDate"] = r.OfferedDate is { } o ? ReportRendering.Date(o) : null,
        ["refusalReason"] = r.RefusalReason is { } x ? Snake(x) : null,
        ["note"] = r.Note,
    })]);

    /// <summary>The school table's section: one line per request.</summary>
    public static void SchoolTable(TextWriter writer, SchoolReport report)
    {
        ArgumentNullException.ThrowIfNull(writer);
        ArgumentNullException.ThrowIfNull(report);
        writer.WriteLine();
        writer.WriteLine("Provider access requests (answer promised within the policy statement's school days):");
        if (report.AccessRequests.Count == 0)
        {
            writer.WriteLine("  none received");
            return;
        }

        ReportRendering.WriteTable(writer, ["Request", "Provider", "Received", "Due by", "Answered", "Status", "Answer"],
            [.. report.AccessRequests.Select(r => new[]
            {
                r.RequestId, r.ProviderName ?? r.ProviderId.Value, ReportRendering.Date(r.ReceivedOn), ReportRendering.Date(r.DueBy),
                r.FirstAnsweredOn is { } f ? ReportRendering.Date(f) : "-", Words(r.ReasonCode), Describe(r),
            })]);
    }

    /// <summary>A trust's refusals: every request its schools refused, newest first.</summary>
    public static IReadOnlyList<(SchoolReport School, AccessRequestResult Request)> Refusals(TrustReport report) => ComplianceRules.Refusals(report);

    public static JsonObject RefusalsJson(TrustReport report)
    {
        ArgumentNullException.ThrowIfNull(report);
        return new JsonObject
        {
            ["trust"] = report.TrustId.Value,
            ["asOf"] = ReportRendering.Date(report.AsOf),
            ["refusals"] = new JsonArray([.. Refusals(report).Select(x => (JsonNode)new JsonObject
            {
                ["school"] = x.School.Urn.Value,
                ["schoolName"] = x.School.Name,
                ["requestId"] = x.Request.RequestId,
                ["provider"] = x.Request.ProviderId.Value,
                ["providerName"] = x.Request.ProviderName,
                ["receivedOn"] = ReportRendering.Date(x.Request.ReceivedOn),
                ["refusedOn"] = ReportRendering.Date(x.Request.AnsweredOn!.Value),
                ["reason"] = Snake(x.Request.RefusalReason!.Value),
                ["note"] = x.Request.Note,
            })]),
        };
    }

    public static void RefusalsCsv(TextWriter writer, TrustReport report)
    {
        ArgumentNullException.ThrowIfNull(writer);
        CsvText.WriteRow(writer, RefusalColumns);
        foreach (var (s, r) in Refusals(report))
        {
            CsvText.WriteRow(writer, s.Urn.Value, s.Name, r.RequestId, r.ProviderId.Value, r.ProviderName, ReportRendering.Date(r.ReceivedOn),
                ReportRendering.Date(r.AnsweredOn!.Value), Snake(r.RefusalReason!.Value), r.Note);
        }
    }

    public static void RefusalsTable(TextWriter writer, TrustReport report)
    {
        ArgumentNullException.ThrowIfNull(writer);
        ArgumentNullException.ThrowIfNull(report);
        var refusals = Refusals(report);
        writer.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"Trust {report.TrustId}: provider access requests refused, as of {ReportRendering.Date(report.AsOf)}: {refusals.Count}"));
        if (refusals.Count > 0)
        {
            ReportRendering.WriteTable(writer, ["School", "Provider", "Received", "Refused", "Reason", "Note"],
                [.. refusals.Select(x => new[]
                {
                    $"{x.School.Name} ({x.School.Urn})", x.Request.ProviderName ?? x.Request.ProviderId.Value, ReportRendering.Date(x.Request.ReceivedOn),
                    ReportRendering.Date(x.Request.AnsweredOn!.Value), Words(Snake(x.Request.RefusalReason!.Value)), x.Request.Note ?? "",
                })]);
        }
    }

    /// <summary>The answer in words: accepted, offered a date, refused for a reason.</summary>
    public static string Describe(AccessRequestResult r) => r.Answer switch
    {
        AccessAnswer.Accepted => "accepted",
        AccessAnswer.OfferedDate => $"offered {ReportRendering.Date(r.OfferedDate!.Value)}",
        AccessAnswer.Refused => $"refused: {Words(Snake(r.RefusalReason!.Value))}",
        _ => "not answered",
    };

    public static string Words(string code) => code.Replace('-', ' ').Replace('_', ' ');

    public static string Snake<T>(T value)
        where T : struct, Enum =>
        string.Concat(value.ToString().Select((c, i) => i > 0 && char.IsUpper(c) ? "_" + char.ToLowerInvariant(c) : char.ToLowerInvariant(c).ToString()));
}
