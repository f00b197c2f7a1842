using System.CommandLine;
using System.Globalization;
using CareersCompliance.Application.Reports;
using CareersCompliance.Domain.Common;
using CareersCompliance.Domain.Rules;

namespace CareersCompliance.Cli.Commands;

/// <summary><c>careers report compass</c>: the Compass-style evaluation of a school (eventmodel/decisions/0045).</summary>
public static class ReportCompassCommand
{
    public static Command Create()
    {
        var school = new Option<string?>("--school") { Description = "The school's URN (6 digits)." };
        var asOf = new Option<string?>("--as-of")
        {
            Description = "Evaluate on this date (YYYY-MM-DD); default the latest Compass point (31 Dec, 31 Mar, 31 Jul) on or before today.",
        };
        var knownAt = new Option<string?>("--known-at") { Description = "Use only what was recorded up to this instant; default now." };
        var format = new Option<string?>("--format") { Description = "table (default on a terminal), json (default otherwise) or csv." };
        var departments = new Option<string?>("--departments")
        {
            Description = "The school's subject departments for GB4, ;-separated (default: derived from its curriculum links' subjects).",
        };
        var gap = new Option<string?>("--gb3-max-gap-points") { Description = "GB3: largest gap in percentage points between a group and the rest (default 10)." };
        var share = new Option<string?>("--pupil-share") { Description = "Percent of a criterion's pupils needed to meet a per-pupil criterion (default 100)." };
        var average = new Option<string?>("--national-average") { Description = "National average of benchmarks fully achieved (default 5.96, 2024/25)." };
        var command = new Command("compass", "Compass-style evaluation: percent per Gatsby benchmark, fully achieved or not, with evidence.")
        {
            school, asOf, knownAt, format, departments, gap, share, average,
        };
        var o = new Options(school, asOf, knownAt, format, departments, gap, share, average);
        command.SetAction((parse, ct) => RuntimeHost.RunAsync(parse, async (runtime, output, error) =>
        {
            var problems = new List<string>();
            var (urn, query, fmt) = Parse(parse, o, problems);
            if (problems.Count > 0)
            {
                foreach (var p in problems)
                {
                    await error.WriteLineAsync($"error: {p}");
                }

                return CliHost.Failed;
            }

            await runtime.CatchUpAsync(ct);
            var report = await runtime.Reports.CompassAsync(new SchoolUrn(urn!), query, ct);
            if (report is null)
            {
                await error.WriteLineAsync($"error: no school with URN {urn} has been imported.");
                return CliHost.Failed;
            }

            RuntimeHost.WriteReport(fmt, output, () => CompassRendering.Json(report), w => CompassRendering.Csv(w, report), w => CompassRendering.Table(w, report));
            return CliHost.Ok;
        }, ct));
        return command;
    }

    private sealed record Options(
        Option<string?> School, Option<string?> AsOf, Option<string?> KnownAt, Option<string?> Format, Option<string?> Departments,
        Option<string?> Gap, Option<string?> Share, Option<string?> Average);

    private static (string? Urn, ReportQuery Query, ReportFormat Format) Parse(ParseResult parse, Options o, List<string> problems)
    {
        var urn = parse.GetValue(o.School);
        if (!SchoolUrn.IsValid(urn))
        {
            problems.Add(urn is null ? "--school URN is required." : $"--school '{urn}' is not a 6-digit URN.");
        }

        var date = CompassPoints.LatestOnOrBefore(RuntimeHost.Today);
        if (parse.GetValue(o.AsOf) is { } asOfText && !RuntimeHost.TryParseDate(asOfText, out date))
        {
            problems.Add($"--as-of '{asOfText}' is not a date; use YYYY-MM-DD.");
        }

        NodaTime.Instant? known = null;
        if (parse.GetValue(o.KnownAt) is { } knownText)
        {
            known = RuntimeHost.TryParseInstant(knownText, out var k) ? k : null;
            if (known is null)
            {
                problems.Add($"--known-at '{knownText}' is not an instant; use 2027-03-01T12:00:00Z or a date.");
            }
        }

        var fmt = Console.IsOutputRedirected ? ReportFormat.Json : ReportFormat.Table;
        if (parse.GetValue(o.Format) is { } f && !Enum.TryParse(f, ignoreCase: true, out fmt))
        {
            problems.Add($"--format '{f}' must be table, json or csv.");
        }

        var settings = RuleSettings.Default with
        {
            Gb3MaxGapPoints = Number(parse.GetValue(o.Gap), "--gb3-max-gap-points", 0, 100, RuleSettings.Default.Gb3MaxGapPoints, problems),
            CompassPupilShare = Number(parse.GetValue(o.Share), "--pupil-share", 0, 100, RuleSettings.Default.CompassPupilShare, problems),
            CompassNationalAverage = Number(parse.GetValue(o.Average), "--national-average", 0, 8, RuleSettings.Default.CompassNationalAverage, problems),
            Departments = Departments(parse.GetValue(o.Departments), problems),
        };
        return (urn, new ReportQuery(date, known, settings), fmt);
    }

    private static decimal Number(string? text, string option, decimal min, decimal max, decimal fallback, List<string> problems)
    {
        if (text is null)
        {
            return fallback;
        }

        if (decimal.TryParse(text, NumberStyles.Number, CultureInfo.InvariantCulture, out var value) && value >= min && value <= max)
        {
            return value;
        }

        problems.Add($"{option} '{text}' must be a number from {min} to {max}.");
        return fallback;
    }

    private static string[]? Departments(string? text, List<string> problems)
    {
        if (text is null)
        {
            return null;
        }

        var list = text.Split(';', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
        if (list.Length == 0)
        {
            problems.Add("--departments names no department; give them ;-separated, for example \"English;Maths;Science\".");
        }

        return list;
    }
}
