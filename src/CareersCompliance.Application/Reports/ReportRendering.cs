using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using CareersCompliance.Application.Import;
using CareersCompliance.Domain.Calendar;
using CareersCompliance.Domain.Common;
using CareersCompliance.Domain.Rules;
using NodaTime;
using NodaTime.Text;

namespace CareersCompliance.Application.Reports;

public enum ReportFormat
{
    Table,
    Json,
    Csv,
}

/// <summary>
/// Renders reports in the shapes of contracts/import-formats.md: JSON for other tools, CSV for spreadsheets,
/// a table for people at a terminal. Pupils appear by UPN (or "[erased]"), never by name.
/// </summary>
public static class ReportRendering
{
    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true };

    private static readonly string[] PupilColumns = ["UPN", "Year", .. CheckIds.PerPupil];

    public static string Date(LocalDate date) => LocalDatePattern.Iso.Format(date);

    public static string Instant(Instant instant) => InstantPattern.General.Format(instant);

    public static JsonObject Settings(SettingsDescription s) => new()
    {
        ["leapDay"] = s.LeapDay,
        ["ageDeadline"] = s.AgeDeadline,
        ["alertHorizonDays"] = s.AlertHorizonDays,
        ["schoolDay"] = s.SchoolDay,
        ["palEffectiveFrom"] = s.PalEffectiveFrom,
        ["framework2024From"] = s.Framework2024From,
        ["priorSchoolEvidence"] = s.PriorSchoolEvidence,
        ["schoolDays"] = s.SchoolDays,
        ["palSendFlexibility"] = s.PalSendFlexibility,
        ["accessResponseSchoolDays"] = s.AccessResponseSchoolDays,
    };

    public static JsonObject Check(CheckResult c)
    {
        var node = new JsonObject
        {
            ["status"] = c.Status.ToString(),
            ["evidence"] = new JsonArray([.. c.Evidence.Select(e => (JsonNode)JsonValue.Create(e.Value))]),
            ["reason"] = c.Reason,
            ["reasonCode"] = c.ReasonCode,
            ["framework"] = c.Framework.ToString(),
        };
        if (c.Deadline is { } deadline)
        {
            node["deadline"] = Date(deadline);
        }

        if (string.Equals(c.CheckId, CheckIds.Gb5Years, StringComparison.Ordinal))
        {
            node["missedYears"] = new JsonArray([.. c.MissedYears.Select(y => (JsonNode)JsonValue.Create(y))]);
        }

        if (c.Flags.Count > 0)
        {
            node["flags"] = new JsonArray([.. c.Flags.Select(f => (JsonNode)new JsonObject { ["code"] = f.Code, ["message"] = f.Message, ["activity"] = f.ActivityId?.Value })]);
        }

        return node;
    }

    /// <summary>The per-pupil report (`careers report pupils`), exactly the contract's JSON shape.</summary>
    public static JsonObject PupilsJson(SchoolReport report, IReadOnlyDictionary<PupilId, string> upns)
    {
        ArgumentNullException.ThrowIfNull(report);
        ArgumentNullException.ThrowIfNull(upns);
        return new JsonObject
        {
            ["school"] = report.Urn.Value,
            ["asOf"] = Date(report.AsOf),
            ["knownAt"] = Instant(report.KnownAt),
            ["settings"] = Settings(report.Settings),
            ["pupils"] = new JsonArray([.. report.Pupils.Select(p => (JsonNode)new JsonObject
            {
                ["upn"] = upns.GetValueOrDefault(p.PupilId, "[unknown]"),
                ["yearGroup"] = p.YearGroup,
                ["framework"] = p.Framework.ToString(),
                ["onRoll"] = p.OnRoll,
                ["checks"] = Checks(p.Checks),
            })]),
        };
    }

    /// <summary>The school-level report: school checks, PAL occasions and coverage per cohort, benchmark estimates.</summary>
    public static JsonObject SchoolJson(SchoolReport report)
    {
        ArgumentNullException.ThrowIfNull(report);
        return new JsonObject
        {
            ["school"] = report.Urn.Value,
            ["name"] = report.Name,
            ["asOf"] = Date(report.AsOf),
            ["knownAt"] = Instant(report.KnownAt),
            ["settings"] = Settings(report.Settings),
            ["framework"] = report.Framework.ToString(),
            ["checks"] = Checks(report.SchoolChecks),
            ["palCohorts"] = new JsonArray([.. report.PalCohorts.Select(c => (JsonNode)Cohort(c))]),
            ["coverage"] = Coverage(report.Coverage),
            ["coverageByYearGroup"] = ByYearGroup(report.YearGroupCoverage),
            ["accessRequests"] = AccessRequestRendering.Json(report.AccessRequests),
            ["estimateNote"] = "Benchmark coverage is an engine estimate from the recorded evidence, not the Compass score.",
        };
    }

    public static JsonObject TrustJson(TrustReport report)
    {
        ArgumentNullException.ThrowIfNull(report);
        return new JsonObject
        {
            ["trust"] = report.TrustId.Value,
            ["asOf"] = Date(report.AsOf),
            ["knownAt"] = Instant(report.KnownAt),
            ["settings"] = Settings(report.Settings),
            ["schools"] = new JsonArray([.. report.Schools.Select(s => (JsonNode)new JsonObject
            {
                ["school"] = s.Urn.Value,
                ["name"] = s.Name,
                ["framework"] = s.Framework.ToString(),
                ["checks"] = Checks(s.SchoolChecks),
                ["palCohorts"] = new JsonArray([.. s.PalCohorts.Select(c => (JsonNode)Cohort(c))]),
                ["coverage"] = Coverage(s.Coverage),
            })]),
            ["coverage"] = Coverage(report.Coverage),
            ["schoolChecks"] = new JsonObject(report.SchoolChecks.Select(c => KeyValuePair.Create(c.CheckId,
                (JsonNode?)new JsonObject { ["schoolsMet"] = c.SchoolsMet, ["schools"] = c.Schools }))),
            // Each phase's figures are its headline cohort's (the next deadline); every cohort is listed on its own.
            ["pal"] = new JsonArray([.. report.PalCoverage.Select(p =>
            {
                var node = CohortCoverage(p.Phase, p.Headline);
                node["cohorts"] = new JsonArray([.. p.Cohorts.Select(c => (JsonNode)CohortCoverage(p.Phase, c))]);
                return (JsonNode)node;
            })]),
            ["alerts"] = new JsonArray([.. report.Alerts.Select(a => (JsonNode)new JsonObject
            {
                ["school"] = a.Urn.Value,
                ["phase"] = (int)a.Phase,
                ["yearGroup"] = a.YearGroupNow,
                ["windowEnd"] = Date(a.WindowEnd),
                ["daysLeft"] = a.DaysLeft,
                ["pupilsShort"] = a.PupilsShort,
            })]),
        };
    }

    public static string ToJson(JsonNode node) => node.ToJsonString(Indented);

    /// <summary>One row per pupil and check.</summary>
    public static void PupilsCsv(TextWriter writer, SchoolReport report, IReadOnlyDictionary<PupilId, string> upns)
    {
        ArgumentNullException.ThrowIfNull(report);
        CsvText.WriteRow(writer, "school", "upn", "yearGroup", "framework", "check", "status", "reason", "evidence");
        foreach (var p in report.Pupils)
        {
            foreach (var c in p.Checks)
            {
                CsvText.WriteRow(writer, report.Urn.Value, upns.GetValueOrDefault(p.PupilId, "[unknown]"), p.YearGroup?.ToString(CultureInfo.InvariantCulture),
                    p.Framework.ToString(), c.CheckId, c.Status.ToString(), c.Reason, string.Join(';', c.Evidence.Select(e => e.Value)));
            }
        }
    }

    /// <summary>One row per school-level check and per coverage line.</summary>
    public static void SchoolCsv(TextWriter writer, SchoolReport report)
    {
        ArgumentNullException.ThrowIfNull(report);
        CsvText.WriteRow(writer, "school", "check", "status", "met", "applicable", "percent", "band", "reason");
        WriteSchoolRows(writer, report);
    }

    public static void TrustCsv(TextWriter writer, TrustReport report)
    {
        ArgumentNullException.ThrowIfNull(report);
        CsvText.WriteRow(writer, "school", "check", "status", "met", "applicable", "percent", "band", "reason");
        foreach (var s in report.Schools)
        {
            WriteSchoolRows(writer, s);
        }
    }

    public static void PupilsTable(TextWriter writer, SchoolReport report, IReadOnlyDictionary<PupilId, string> upns)
    {
        ArgumentNullException.ThrowIfNull(writer);
        ArgumentNullException.ThrowIfNull(report);
        writer.WriteLine($"School {report.Urn} {report.Name} — pupils as of {Date(report.AsOf)}, records known at {Instant(report.KnownAt)}");
        var rows = report.Pupils.Select(p => new[] { upns.GetValueOrDefault(p.PupilId, "[unknown]"), p.YearGroup?.ToString(CultureInfo.InvariantCulture) ?? "-" }
            .Concat(CheckIds.PerPupil.Select(id => Short(Find(p.Checks, id)?.Status))).ToArray()).ToList();
        WriteTable(writer, PupilColumns, rows);
        writer.WriteLine("Met = met, Due = open, RISK = deadline within the alert horizon, NOT = deadline passed unmet, n/a = not applicable");
        WriteLegend(writer, CheckIds.PerPupil);
    }

    public static void SchoolTable(TextWriter writer, SchoolReport report)
    {
        ArgumentNullException.ThrowIfNull(writer);
        ArgumentNullException.ThrowIfNull(report);
        writer.WriteLine($"School {report.Urn} {report.Name} — as of {Date(report.AsOf)} ({report.Framework}), records known at {Instant(report.KnownAt)}");
        WriteTable(writer, ["Check", "Status", "Reason"],
            [.. report.SchoolChecks.Select(c => new[] { CheckNames.Of(c.CheckId), c.Status.ToString(), c.Reason ?? "" })]);
        writer.WriteLine();
        writer.WriteLine("Provider access (PAL) by cohort:");
        WriteTable(writer, ["Phase", "Year now", "Window", "Days left", "Occasions", "On roll", "Met", "Coverage", "CEC band"],
            [.. report.PalCohorts.Select(c => new[]
            {
                ((int)c.Phase).ToString(CultureInfo.InvariantCulture), c.YearGroupNow.ToString(CultureInfo.InvariantCulture),
                $"{Date(c.WindowStart)}..{Date(c.WindowEnd)}", c.DaysLeft.ToString(CultureInfo.InvariantCulture), c.Occasions.Status.ToString(),
                c.PupilsOnRoll.ToString(CultureInfo.InvariantCulture), c.PupilsMet.ToString(CultureInfo.InvariantCulture),
                c.CoveragePercent is { } p ? $"{p}%" : "-", c.Band?.ToString() ?? "-",
            })]);
        writer.WriteLine();
        writer.WriteLine("Per-pupil checks (engine estimate, not the Compass score):");
        WriteCoverage(writer, report.Coverage);
        writer.WriteLine();
        writer.WriteLine("By year group:");
        WriteCoverage(writer, [.. report.YearGroupCoverage.Select(y => y.Coverage with { CheckId = $"{y.Coverage.CheckId} Year {y.YearGroup}" })]);
        AccessRequestRendering.SchoolTable(writer, report);
        writer.WriteLine();
        writer.WriteLine($"Settings: school day {report.Settings.SchoolDay} ({report.Settings.SchoolDays}), alert horizon {report.Settings.AlertHorizonDays} days, " +
            $"PAL flexibility (special schools) {report.Settings.PalSendFlexibility}, " +
            $"provider access answers within {report.Settings.AccessResponseSchoolDays} school days");
    }

    public static void TrustTable(TextWriter writer, TrustReport report)
    {
        ArgumentNullException.ThrowIfNull(writer);
        ArgumentNullException.ThrowIfNull(report);
        writer.WriteLine($"Trust {report.TrustId} — {report.Schools.Count} school(s) as of {Date(report.AsOf)}, records known at {Instant(report.KnownAt)}");
        // Why phase columns from the headline cohort: a phase's cohorts have deadlines a year apart, so they are never summed.
        WriteTable(writer, ["School", "Name", "Framework", .. CheckIds.SchoolLevel, "PAL phase 1 next", "PAL phase 2 next", "GB8.By16 %"],
            [.. report.Schools.Select(s => new[] { s.Urn.Value, s.Name ?? "", s.Framework.ToString() }
                .Concat(CheckIds.SchoolLevel.Select(id => Short(Find(s.SchoolChecks, id)?.Status)))
                .Concat([Headline(PalPhaseCoverage.ForSchool(s, PalPhase.First)), Headline(PalPhaseCoverage.ForSchool(s, PalPhase.Second)),
                    Percent(s.Coverage, CheckIds.Gb8By16)])
                .ToArray())]);
        WriteLegend(writer, [.. CheckIds.SchoolLevel, CheckIds.Gb8By16]);
        writer.WriteLine();
        writer.WriteLine("Provider access (PAL) across the trust, cohort by cohort:");
        WriteTable(writer, ["Phase", "Year now", "Window ends", "Days left", "On roll", "Met", "Coverage"],
            [.. report.PalCoverage.SelectMany(p => p.Cohorts.Select(c => new[]
            {
                ((int)c.Phase).ToString(CultureInfo.InvariantCulture) + (c == p.Headline ? " (next)" : ""), c.YearGroupNow.ToString(CultureInfo.InvariantCulture),
                Date(c.WindowEnd), c.DaysLeft.ToString(CultureInfo.InvariantCulture), c.PupilsOnRoll.ToString(CultureInfo.InvariantCulture),
                c.PupilsMet.ToString(CultureInfo.InvariantCulture), c.CoveragePercent is { } pct ? $"{pct}%" : "-",
            }))]);
        writer.WriteLine();
        writer.WriteLine("Across the trust (engine estimate):");
        WriteCoverage(writer, report.Coverage);
        if (report.Alerts.Count > 0)
        {
            writer.WriteLine();
            writer.WriteLine("Provider-access windows closing with pupils short:");
            WriteTable(writer, ["School", "Phase", "Year", "Window ends", "Days left", "Pupils short"],
                [.. report.Alerts.Select(a => new[]
                {
                    a.Urn.Value, ((int)a.Phase).ToString(CultureInfo.InvariantCulture), a.YearGroupNow.ToString(CultureInfo.InvariantCulture),
                    Date(a.WindowEnd), a.DaysLeft.ToString(CultureInfo.InvariantCulture), a.PupilsShort.ToString(CultureInfo.InvariantCulture),
                })]);
        }
    }

    private static JsonObject Checks(IEnumerable<CheckResult> checks) =>
        new(checks.Select(c => KeyValuePair.Create(c.CheckId, (JsonNode?)Check(c))));

    private static JsonObject Cohort(PalCohortResult c) => new()
    {
        ["phase"] = (int)c.Phase,
        ["yearGroup"] = c.YearGroupNow,
        ["windowStart"] = Date(c.WindowStart),
        ["windowEnd"] = Date(c.WindowEnd),
        ["daysLeft"] = c.DaysLeft,
        ["occasions"] = Check(c.Occasions),
        ["pupilsOnRoll"] = c.PupilsOnRoll,
        ["pupilsMet"] = c.PupilsMet,
        ["coveragePercent"] = c.CoveragePercent,
        ["band"] = c.Band?.ToString(),
        ["offeredPercent"] = c.OfferedPercent,
    };

    private static JsonObject CohortCoverage(PalPhase phase, PalCohortCoverage? c) => new()
    {
        ["phase"] = (int)phase,
        ["pupilsOnRoll"] = c?.PupilsOnRoll ?? 0,
        ["pupilsMet"] = c?.PupilsMet ?? 0,
        ["coveragePercent"] = c?.CoveragePercent,
        ["yearGroup"] = c?.YearGroupNow,
        ["windowStart"] = c is null ? null : Date(c.WindowStart),
        ["windowEnd"] = c is null ? null : Date(c.WindowEnd),
        ["daysLeft"] = c?.DaysLeft,
    };

    private static JsonObject Coverage(IEnumerable<CheckCoverage> coverage) =>
        new(coverage.Select(c => KeyValuePair.Create(c.CheckId, (JsonNode?)CoverageNode(c))));

    private static JsonObject CoverageNode(CheckCoverage c) => new()
    {
        ["met"] = c.Met,
        ["due"] = c.Due,
        ["atRisk"] = c.AtRisk,
        ["notMet"] = c.NotMet,
        ["notApplicable"] = c.NotApplicable,
        ["applicable"] = c.Applicable,
        ["metPercent"] = c.MetPercent,
    };

    /// <summary>GB5.Years and IAG.Independent per year group: { "IAG.Independent": { "8": { met, ... } } }.</summary>
    private static JsonObject ByYearGroup(IEnumerable<YearGroupCoverage> coverage) =>
        new(coverage.GroupBy(c => c.Coverage.CheckId, StringComparer.Ordinal).Select(g => KeyValuePair.Create(g.Key, (JsonNode?)new JsonObject(
            g.Select(c => KeyValuePair.Create(c.YearGroup.ToString(CultureInfo.InvariantCulture), (JsonNode?)CoverageNode(c.Coverage)))))));

    private static void WriteSchoolRows(TextWriter writer, SchoolReport report)
    {
        foreach (var c in report.SchoolChecks)
        {
            CsvText.WriteRow(writer, report.Urn.Value, c.CheckId, c.Status.ToString(), null, null, null, null, c.Reason);
        }

        foreach (var c in report.PalCohorts)
        {
            CsvText.WriteRow(writer, report.Urn.Value, $"PAL.P{(int)c.Phase}.Year{c.YearGroupNow}", c.Occasions.Status.ToString(),
                c.PupilsMet.ToString(CultureInfo.InvariantCulture), c.PupilsOnRoll.ToString(CultureInfo.InvariantCulture),
                c.CoveragePercent?.ToString(CultureInfo.InvariantCulture), c.Band?.ToString(), c.Occasions.Reason);
        }

        foreach (var c in report.Coverage)
        {
            CsvText.WriteRow(writer, report.Urn.Value, c.CheckId, null, c.Met.ToString(CultureInfo.InvariantCulture),
                c.Applicable.ToString(CultureInfo.InvariantCulture), c.MetPercent?.ToString(CultureInfo.InvariantCulture), null, "engine estimate");
        }

        foreach (var (year, c) in report.YearGroupCoverage)
        {
            CsvText.WriteRow(writer, report.Urn.Value, $"{c.CheckId}.Year{year}", null, c.Met.ToString(CultureInfo.InvariantCulture),
                c.Applicable.ToString(CultureInfo.InvariantCulture), c.MetPercent?.ToString(CultureInfo.InvariantCulture), null, "engine estimate");
        }
    }

    // Why PAL is left out: the table before it gives PAL cohort by cohort, and one duty has one figure (JSON and CSV keep both).
    private static void WriteCoverage(TextWriter writer, IReadOnlyList<CheckCoverage> coverage) =>
        WriteTable(writer, ["Check", "Met", "Due", "At risk", "Not met", "n/a", "Met %"],
            [.. coverage.Where(c => !c.CheckId.StartsWith("PAL.", StringComparison.Ordinal)).Select(c => new[]
            {
                CheckNames.Of(c.CheckId), c.Met.ToString(CultureInfo.InvariantCulture), c.Due.ToString(CultureInfo.InvariantCulture),
                c.AtRisk.ToString(CultureInfo.InvariantCulture), c.NotMet.ToString(CultureInfo.InvariantCulture),
                c.NotApplicable.ToString(CultureInfo.InvariantCulture), c.MetPercent is { } p ? $"{p}%" : "-",
            })]);

    /// <summary>Under a table whose columns are check ids: each id in plain words.</summary>
    private static void WriteLegend(TextWriter writer, IEnumerable<string> checkIds) =>
        writer.WriteLine("Checks: " + string.Join("; ", checkIds.Select(id => $"{id} = {CheckNames.Of(id)}")));

    private static string Headline(PalPhaseCoverage phase) => phase.Headline is { } c
        ? $"Y{c.YearGroupNow.ToString(CultureInfo.InvariantCulture)} {(c.CoveragePercent is { } p ? $"{p}%" : "-")} ({c.DaysLeft.ToString(CultureInfo.InvariantCulture)}d)"
        : "-";

    private static string Percent(IReadOnlyList<CheckCoverage> coverage, string id) =>
        coverage.FirstOrDefault(c => string.Equals(c.CheckId, id, StringComparison.Ordinal))?.MetPercent is { } p ? $"{p}%" : "-";

    private static CheckResult? Find(IEnumerable<CheckResult> checks, string id) =>
        checks.FirstOrDefault(c => string.Equals(c.CheckId, id, StringComparison.Ordinal));

    private static string Short(CheckStatus? status) => status switch
    {
        CheckStatus.Met => "Met",
        CheckStatus.Due => "Due",
        CheckStatus.AtRisk => "RISK",
        CheckStatus.NotMet => "NOT",
        CheckStatus.NotApplicable => "n/a",
        _ => "-",
    };

    internal static void WriteTable(TextWriter writer, string[] header, List<string[]> rows)
    {
        var widths = header.Select((h, i) => Math.Min(48, Math.Max(h.Length, rows.Count == 0 ? 0 : rows.Max(r => r[i].Length)))).ToArray();
        writer.WriteLine(string.Join("  ", header.Select((h, i) => h.PadRight(widths[i]))).TrimEnd());
        writer.WriteLine(string.Join("  ", widths.Select(w => new string('-', w))));
        foreach (var r in rows)
        {
            writer.WriteLine(string.Join("  ", r.Select((v, i) => (v.Length > widths[i] ? v[..(widths[i] - 1)] + "…" : v).PadRight(widths[i]))).TrimEnd());
        }
    }
}
