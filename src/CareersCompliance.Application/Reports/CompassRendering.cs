using System.Globalization;
using System.Text.Json.Nodes;
using CareersCompliance.Application.Import;
using CareersCompliance.Domain.Rules;

namespace CareersCompliance.Application.Reports;

/// <summary>
/// `careers report compass` in the shapes of issue 14: JSON exactly
/// <c>{"school","asOf","framework","benchmarks":{"GB1":{"percent","achieved","criteria":[{"id","met","evidence"}]}},"achievedCount","nationalAverage"}</c>,
/// CSV one row per criterion, and a table for people that names the settings it used.
/// </summary>
public static class CompassRendering
{
    /// <summary>Said wherever the percentages are shown: CEC does not publish how Compass scores (eventmodel/decisions/0045).</summary>
    public const string EstimateNote = "Engine estimate from the recorded evidence, not the Careers & Enterprise Company's Compass score.";

    private static readonly string[] CsvColumns =
        ["school", "as_of", "framework", "benchmark", "benchmark_percent", "benchmark_achieved", "criterion", "met", "score", "evidence"];

    public static JsonObject Json(CompassReport report)
    {
        ArgumentNullException.ThrowIfNull(report);
        var benchmarks = new JsonObject();
        foreach (var b in report.Benchmarks)
        {
            benchmarks[b.Id] = new JsonObject
            {
                ["percent"] = b.Percent,
                ["achieved"] = b.Achieved,
                ["criteria"] = new JsonArray([.. b.Criteria.Select(c => (JsonNode)new JsonObject
                {
                    ["id"] = c.Id,
                    ["met"] = c.Met,
                    ["evidence"] = new JsonArray([.. c.Evidence.Select(e => (JsonNode)JsonValue.Create(e))]),
                })]),
            };
        }

        return new JsonObject
        {
            ["school"] = report.Urn.Value,
            ["asOf"] = ReportRendering.Date(report.AsOf),
            ["framework"] = report.Framework.ToString(),
            ["benchmarks"] = benchmarks,
            ["achievedCount"] = report.AchievedCount,
            ["nationalAverage"] = report.NationalAverage,
        };
    }

    public static void Csv(TextWriter writer, CompassReport report)
    {
        ArgumentNullException.ThrowIfNull(writer);
        ArgumentNullException.ThrowIfNull(report);
        CsvText.WriteRow(writer, CsvColumns);
        foreach (var b in report.Benchmarks)
        {
            foreach (var c in b.Criteria)
            {
                CsvText.WriteRow(writer, report.Urn.Value, ReportRendering.Date(report.AsOf), report.Framework.ToString(), b.Id,
                    Num(b.Percent), Bool(b.Achieved), c.Id, Bool(c.Met), c.Score.ToString("0.#", CultureInfo.InvariantCulture), string.Join(';', c.Evidence));
            }
        }
    }

    public static void Table(TextWriter writer, CompassReport report)
    {
        ArgumentNullException.ThrowIfNull(writer);
        ArgumentNullException.ThrowIfNull(report);
        var inv = CultureInfo.InvariantCulture;
        writer.WriteLine(string.Create(inv, $"Compass-style evaluation: {report.Name} ({report.Urn}) as of {ReportRendering.Date(report.AsOf)}, {report.Framework}"));
        writer.WriteLine(EstimateNote);
        writer.WriteLine();
        foreach (var b in report.Benchmarks)
        {
            writer.WriteLine(string.Create(inv, $"{b.Id,-4} {b.Percent,3}%  {(b.Achieved ? "fully achieved" : "not achieved"),-14}  {b.Title}"));
            foreach (var c in b.Criteria)
            {
                var count = c.PerPupil ? $" ({c.PupilsMet} of {c.Pupils} pupils)" : c.Evidence.Count > 0 ? $" ({c.Evidence[0]})" : "";
                writer.WriteLine(string.Create(inv, $"       [{(c.Met ? "x" : " ")}] {c.Id,-18} {c.Description}{count}"));
            }
        }

        writer.WriteLine();
        writer.WriteLine(string.Create(inv, $"Benchmarks fully achieved: {report.AchievedCount} of 8 (national average {report.NationalAverage.ToString("0.00", inv)}, 2024/25)"));
        var s = report.Settings;
        writer.WriteLine(string.Create(inv,
            $"Settings: compassLookbackDays {s.LookbackDays}, gb3MaxGapPoints {s.Gb3MaxGapPoints.ToString("0.#", inv)}, compassPupilShare {s.PupilShare.ToString("0.#", inv)}, departments {s.Departments}, ageDeadline {s.Rules.AgeDeadline}, framework2024From {s.Rules.Framework2024From}, priorSchoolEvidence {s.Rules.PriorSchoolEvidence}"));
    }

    private static string Num(int value) => value.ToString(CultureInfo.InvariantCulture);

    private static string Bool(bool value) => value ? "true" : "false";
}
