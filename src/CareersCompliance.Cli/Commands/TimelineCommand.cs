using System.CommandLine;
using CareersCompliance.Application.Audit;
using CareersCompliance.Application.Reports;
using CareersCompliance.Domain.Common;
using CareersCompliance.Projections.SchoolStreams;
using NodaTime;

namespace CareersCompliance.Cli.Commands;

/// <summary><c>careers timeline pupil UPN | school URN</c>: the evidence in date order, with corrections and retractions inline.</summary>
public static class TimelineCommand
{
    public static Command Create() => new("timeline", "Evidence in date order: who recorded each activity, when, from where, and its corrections.")
    {
        Create("pupil", "UPN", "A pupil's activities and whether they attended."),
        Create("school", "URN", "A school's activities with attendance counts."),
    };

    private static Command Create(string subject, string idName, string description)
    {
        Argument<string> id = new(idName) { Description = string.Equals(subject, "pupil", StringComparison.Ordinal) ? "The pupil's UPN." : "The school's URN (6 digits)." };
        Option<string?> from = new("--from") { Description = "Activities on or after this date (YYYY-MM-DD)." };
        Option<string?> to = new("--to") { Description = "Activities on or before this date (YYYY-MM-DD)." };
        Option<string?> knownAt = new("--known-at") { Description = "The timeline as recorded at this instant (or the end of this date)." };
        Option<string?> format = new("--format") { Description = "table (default on a terminal), json (default otherwise) or csv." };
        var command = new Command(subject, description) { id, from, to, knownAt, format };
        command.SetAction((parse, ct) => RuntimeHost.RunAsync(parse, async (runtime, output, error) =>
        {
            var problems = new List<string>();
            var query = new TimelineQuery(Date(parse.GetValue(from), "--from", problems), Date(parse.GetValue(to), "--to", problems),
                KnownAt(parse.GetValue(knownAt), problems));
            var fmt = Format(parse.GetValue(format), problems);
            var key = parse.GetValue(id)!;
            if (string.Equals(subject, "school", StringComparison.Ordinal) && !SchoolUrn.IsValid(key))
            {
                problems.Add($"'{key}' is not a 6-digit URN.");
            }

            if (problems.Count > 0)
            {
                return await FailAsync(error, problems);
            }

            await runtime.CatchUpAsync(ct);
            var timelines = new EvidenceTimeline(runtime.App);
            Timeline timeline;
            if (string.Equals(subject, "pupil", StringComparison.Ordinal))
            {
                var pupil = await runtime.Pupils.FindOneAsync(key, ct);
                if (pupil is null)
                {
                    await error.WriteLineAsync($"error: no pupil with UPN {key} is on the register (never imported, or erased).");
                    return CliHost.Failed;
                }

                timeline = await timelines.ForPupilAsync(pupil.Value, key, query, ct);
            }
            else
            {
                timeline = await timelines.ForSchoolAsync(key, query, ct);
                if (timeline.Entries.Count == 0 && (await new SchoolStreamsQuery(runtime.App).StreamsOfAsync(key, ct)).Count == 0)
                {
                    await error.WriteLineAsync($"error: no school with URN {key} has been imported.");
                    return CliHost.Failed;
                }
            }

            RuntimeHost.WriteReport(fmt, output, () => AuditRendering.TimelineJson(timeline), w => AuditRendering.TimelineCsv(w, timeline),
                w => AuditRendering.TimelineTable(w, timeline));
            return CliHost.Ok;
        }, ct));
        return command;
    }

    internal static ReportFormat Format(string? text, List<string> problems)
    {
        var fmt = Console.IsOutputRedirected ? ReportFormat.Json : ReportFormat.Table;
        if (text is not null && !Enum.TryParse(text, ignoreCase: true, out fmt))
        {
            problems.Add($"--format '{text}' must be table, json or csv.");
        }

        return fmt;
    }

    internal static async Task<int> FailAsync(TextWriter error, List<string> problems)
    {
        foreach (var p in problems)
        {
            await error.WriteLineAsync($"error: {p}");
        }

        return CliHost.Failed;
    }

    private static LocalDate? Date(string? text, string option, List<string> problems)
    {
        if (text is null)
        {
            return null;
        }

        if (RuntimeHost.TryParseDate(text, out var date))
        {
            return date;
        }

        problems.Add($"{option} '{text}' is not a date; use YYYY-MM-DD.");
        return null;
    }

    private static Instant? KnownAt(string? text, List<string> problems)
    {
        if (text is null)
        {
            return null;
        }

        if (RuntimeHost.TryParseInstant(text, out var instant))
        {
            return instant;
        }

        problems.Add($"--known-at '{text}' is not an instant; use 2027-03-01T12:00:00Z or a date.");
        return null;
    }
}
