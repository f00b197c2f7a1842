using System.CommandLine;
using CareersCompliance.Application.Reports;
using CareersCompliance.Domain.Common;
using CareersCompliance.Domain.Rules;

namespace CareersCompliance.Cli.Commands;

/// <summary><c>careers report destinations</c>: a school's leaver destinations, September Guarantee offers and early leavers (decisions 0053-0054).</summary>
public static class ReportDestinationsCommand
{
    public static Command Create()
    {
        var o = new Options(
            new("--school") { Description = "The school's URN (6 digits)." },
            new("--as-of") { Description = "Figures on this date (YYYY-MM-DD); default today in Europe/London." },
            new("--known-at") { Description = "Use only what was recorded up to this instant; default now." },
            new("--format") { Description = "table (default on a terminal), json (default otherwise) or csv." },
            new("--early-leaver-notice-days") { Description = "Calendar days after an early leaving within which the local authority is notified (default 5)." },
            new("--alert-horizon-days") { Description = "Days before the September Guarantee deadline from which it is AtRisk (default 60)." });
        var command = new Command("destinations",
            "Leavers' destinations by year (education, apprenticeship, employment, NEET, unknown, sustained), September Guarantee offers, early leavers notified.")
        {
            o.School, o.AsOf, o.KnownAt, o.Format, o.Notice, o.Horizon,
        };
        command.SetAction((parse, ct) => RuntimeHost.RunAsync(parse, async (runtime, output, error) =>
        {
            var problems = new List<string>();
            var (urn, query, fmt) = Parse(parse, o, problems);
            if (await RecordInput.FailedAsync(problems, error))
            {
                return CliHost.Failed;
            }

            await runtime.CatchUpAsync(ct);
            var report = await runtime.Reports.SchoolAsync(new SchoolUrn(urn!), query, ct);
            if (report.Name is null && report.Pupils.Count == 0)
            {
                await error.WriteLineAsync($"error: no school with URN {urn} has been imported.");
                return CliHost.Failed;
            }

            var details = await runtime.Pupils.GetAsync(DestinationsRendering.Pupils(report), ct);
            var upns = details.ToDictionary(d => d.Key, d => d.Value.DisplayUpn);
            RuntimeHost.WriteReport(fmt, output, () => DestinationsRendering.Json(report, upns), w => DestinationsRendering.Csv(w, report),
                w => DestinationsRendering.Table(w, report, upns));
            return CliHost.Ok;
        }, ct));
        return command;
    }

    private sealed record Options(
        Option<string?> School, Option<string?> AsOf, Option<string?> KnownAt, Option<string?> Format, Option<int?> Notice, Option<int?> Horizon);

    private static (string? Urn, ReportQuery Query, ReportFormat Format) Parse(ParseResult parse, Options o, List<string> problems)
    {
        var urn = parse.GetValue(o.School);
        if (!SchoolUrn.IsValid(urn))
        {
            problems.Add(urn is null ? "--school URN is required." : $"--school '{urn}' is not a 6-digit URN.");
        }

        var date = RuntimeHost.Today;
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
            EarlyLeaverNoticeDays = Days(parse.GetValue(o.Notice), "--early-leaver-notice-days", RuleSettings.Default.EarlyLeaverNoticeDays, problems),
            AlertHorizonDays = Days(parse.GetValue(o.Horizon), "--alert-horizon-days", RuleSettings.Default.AlertHorizonDays, problems),
        };
        return (urn, new ReportQuery(date, known, settings), fmt);
    }

    private static int Days(int? value, string option, int fallback, List<string> problems) => value switch
    {
        null => fallback,
        >= 0 and <= 366 => value.Value,
        _ => RecordInput.Problem<int>(problems, $"{option} must be between 0 and 366."),
    };
}
