using System.CommandLine;
using CareersCompliance.Application;
using CareersCompliance.Application.Reports;
using CareersCompliance.Domain.Common;
using CareersCompliance.Domain.Rules;

namespace CareersCompliance.Cli.Commands;

/// <summary><c>careers report pupils|school|trust</c>: standing as of a date, as the records stood at an instant.</summary>
public static class ReportCommand
{
    public static Command Create()
    {
        var command = new Command("report", "Standing against the statutory duties at any date, from the evidence.")
        {
            Create("pupils", "Every check for every pupil of a school (JSON shape as contracts/import-formats.md).", needsSchool: true),
            Create("school", "School-level checks, provider-access occasions and coverage per cohort, benchmark estimates.", needsSchool: true),
            Create("trust", "Roll-up across a trust's schools.", needsSchool: false),
            Create("refusals", "Provider access requests the trust's schools refused: school, provider, date, reason (decision 0048).", needsSchool: false),
            ReportCompassCommand.Create(),
            ReportDestinationsCommand.Create(),
        };
        return command;
    }

    private sealed record Options(
        Option<string?> School, Option<string?> Trust, Option<string?> AsOf, Option<string?> KnownAt, Option<string?> Format,
        Option<string?> LeapDay, Option<string?> AgeDeadline, Option<int?> Horizon, Option<string?> PriorSchoolEvidence, Option<string?> SchoolDays);

    private sealed record Request(string? Urn, string? TrustId, ReportQuery Query, ReportFormat Format);

    private static Command Create(string name, string description, bool needsSchool)
    {
        var o = new Options(
            new("--school") { Description = "The school's URN (6 digits)." },
            new("--trust") { Description = "The trust id, as in schools.csv." },
            new("--as-of") { Description = "Standing on this date (YYYY-MM-DD); default today in Europe/London." },
            new("--known-at")
            {
                Description = "Use only what was recorded up to this instant (2027-03-01T12:00:00Z, or a date: the end of that day); default now.",
            },
            new("--format") { Description = "table (default on a terminal), json (default otherwise) or csv." },
            new("--leap-day") { Description = "strict (default: 29 February is outside the window) or endOfFebruary." },
            new("--age-deadline") { Description = "endOfYear (default) or strictAge." },
            new("--alert-horizon-days") { Description = "Days before a deadline from which an unmet check is AtRisk (default 60)." },
            new("--prior-school-evidence") { Description = "count (default: activities a pupil attended at other schools count) or ignore." },
            new("--school-days") { Description = "Days a provider encounter can count for PAL: Mon-Fri (default), Mon-Sat, or a list such as Mon,Tue,Thu." });
        var command = new Command(name, description)
        {
            o.School, o.Trust, o.AsOf, o.KnownAt, o.Format, o.LeapDay, o.AgeDeadline, o.Horizon, o.PriorSchoolEvidence, o.SchoolDays,
        };
        command.SetAction((parse, ct) => RuntimeHost.RunAsync(parse, async (runtime, output, error) =>
        {
            var problems = new List<string>();
            var request = Parse(parse, o, needsSchool, problems);
            if (problems.Count > 0)
            {
                foreach (var p in problems)
                {
                    await error.WriteLineAsync($"error: {p}");
                }

                return CliHost.Failed;
            }

            await runtime.CatchUpAsync(ct);
            return needsSchool
                ? await SchoolAsync(runtime, request, pupils: string.Equals(name, "pupils", StringComparison.Ordinal), output, error, ct)
                : await TrustAsync(runtime, request, output, error, refusals: string.Equals(name, "refusals", StringComparison.Ordinal), ct);
        }, ct));
        return command;
    }

    private static Request Parse(ParseResult parse, Options o, bool needsSchool, List<string> problems)
    {
        var urn = parse.GetValue(o.School);
        var trustId = parse.GetValue(o.Trust);
        if (needsSchool && !SchoolUrn.IsValid(urn))
        {
            problems.Add(urn is null ? "--school URN is required." : $"--school '{urn}' is not a 6-digit URN.");
        }

        if (!needsSchool && string.IsNullOrWhiteSpace(trustId))
        {
            problems.Add("--trust ID is required.");
        }

        var date = RuntimeHost.Today;
        if (parse.GetValue(o.AsOf) is { } asOfText && !RuntimeHost.TryParseDate(asOfText, out date))
        {
            problems.Add($"--as-of '{asOfText}' is not a date; use YYYY-MM-DD.");
        }

        NodaTime.Instant? known = null;
        if (parse.GetValue(o.KnownAt) is { } knownText)
        {
            if (RuntimeHost.TryParseInstant(knownText, out var k))
            {
                known = k;
            }
            else
            {
                problems.Add($"--known-at '{knownText}' is not an instant; use 2027-03-01T12:00:00Z or a date.");
            }
        }

        var fmt = Console.IsOutputRedirected ? ReportFormat.Json : ReportFormat.Table;
        if (parse.GetValue(o.Format) is { } f && !Enum.TryParse(f, ignoreCase: true, out fmt))
        {
            problems.Add($"--format '{f}' must be table, json or csv.");
        }

        return new Request(urn, trustId, new ReportQuery(date, known, Settings(parse, o, problems)), fmt);
    }

    private static RuleSettings Settings(ParseResult parse, Options o, List<string> problems)
    {
        var settings = RuleSettings.Default;
        if (parse.GetValue(o.LeapDay) is { } ld)
        {
            if (RuleSettings.TryParseLeapDay(ld, out var l))
            {
                settings = settings with { LeapDay = l };
            }
            else
            {
                problems.Add($"--leap-day '{ld}' must be strict or endOfFebruary.");
            }
        }

        if (parse.GetValue(o.AgeDeadline) is { } ad)
        {
            if (RuleSettings.TryParseAgeDeadline(ad, out var a))
            {
                settings = settings with { AgeDeadline = a };
            }
            else
            {
                problems.Add($"--age-deadline '{ad}' must be endOfYear or strictAge.");
            }
        }

        settings = DecisionSettings(parse, o, settings, problems);
        if (parse.GetValue(o.Horizon) is { } h)
        {
            if (h is < 0 or > 366)
            {
                problems.Add("--alert-horizon-days must be between 0 and 366.");
            }
            else
            {
                settings = settings with { AlertHorizonDays = h };
            }
        }

        return settings;
    }

    /// <summary>The readings decided on 2026-12-02 (rules-decisions.md): prior-school evidence and school days.</summary>
    private static RuleSettings DecisionSettings(ParseResult parse, Options o, RuleSettings settings, List<string> problems)
    {
        if (parse.GetValue(o.PriorSchoolEvidence) is { } pse)
        {
            if (RuleSettings.TryParsePriorSchoolEvidence(pse, out var prior))
            {
                settings = settings with { PriorSchoolEvidence = prior };
            }
            else
            {
                problems.Add($"--prior-school-evidence '{pse}' must be count or ignore.");
            }
        }

        if (parse.GetValue(o.SchoolDays) is { } sd)
        {
            if (RuleSettings.TryParseSchoolDays(sd, out var days))
            {
                settings = settings with { SchoolDays = days };
            }
            else
            {
                problems.Add($"--school-days '{sd}' must be a run such as Mon-Fri or a list such as Mon,Tue,Thu (three-letter day names).");
            }
        }

        return settings;
    }

    private static async Task<int> SchoolAsync(CareersRuntime runtime, Request request, bool pupils, TextWriter output, TextWriter error,
        CancellationToken ct)
    {
        var report = await runtime.Reports.SchoolAsync(new SchoolUrn(request.Urn!), request.Query, ct);
        if (report.Name is null && report.Pupils.Count == 0)
        {
            await error.WriteLineAsync($"error: no school with URN {request.Urn} has been imported.");
            return CliHost.Failed;
        }

        if (pupils)
        {
            var upns = await UpnsAsync(runtime, report, ct);
            RuntimeHost.WriteReport(request.Format, output, () => ReportRendering.PupilsJson(report, upns), w => ReportRendering.PupilsCsv(w, report, upns),
                w => ReportRendering.PupilsTable(w, report, upns));
        }
        else
        {
            RuntimeHost.WriteReport(request.Format, output, () => ReportRendering.SchoolJson(report), w => ReportRendering.SchoolCsv(w, report),
                w => ReportRendering.SchoolTable(w, report));
        }

        return CliHost.Ok;
    }

    private static async Task<int> TrustAsync(
        CareersRuntime runtime, Request request, TextWriter output, TextWriter error, bool refusals, CancellationToken ct)
    {
        var report = await runtime.Reports.TrustAsync(new TrustId(request.TrustId!), request.Query, ct);
        if (report.Schools.Count == 0)
        {
            await error.WriteLineAsync($"error: trust '{request.TrustId}' had no schools on {ReportRendering.Date(request.Query.AsOf)}.");
            return CliHost.Failed;
        }

        if (refusals)
        {
            RuntimeHost.WriteReport(request.Format, output, () => AccessRequestRendering.RefusalsJson(report), w => AccessRequestRendering.RefusalsCsv(w, report),
                w => AccessRequestRendering.RefusalsTable(w, report));
            return CliHost.Ok;
        }

        RuntimeHost.WriteReport(request.Format, output, () => ReportRendering.TrustJson(report), w => ReportRendering.TrustCsv(w, report),
            w => ReportRendering.TrustTable(w, report));
        return CliHost.Ok;
    }

    private static async Task<IReadOnlyDictionary<PupilId, string>> UpnsAsync(CareersRuntime runtime, SchoolReport report, CancellationToken ct)
    {
        var details = await runtime.Pupils.GetAsync([.. report.Pupils.Select(p => p.PupilId)], ct);
        return details.ToDictionary(d => d.Key, d => d.Value.DisplayUpn);
    }
}
