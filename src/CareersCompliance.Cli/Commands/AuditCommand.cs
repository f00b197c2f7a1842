using System.CommandLine;
using CareersCompliance.Application.Audit;
using CareersCompliance.Domain;
using CareersCompliance.Domain.Common;
using NodaTime;

namespace CareersCompliance.Cli.Commands;

/// <summary><c>careers audit</c>: who recorded what, when, from where, what it corrected and why, in ledger order.</summary>
public static class AuditCommand
{
    private static readonly HashSet<string> StoredNames = [.. EventTypes.All.Select(t => t.StoredName)];

    public static Command Create()
    {
        Option<string?> school = new("--school") { Description = "Only events about this school (URN)." };
        Option<string?> pupil = new("--pupil") { Description = "Only events about this pupil (UPN); names are never shown." };
        Option<string?> actor = new("--actor") { Description = "Only events recorded by this user id." };
        Option<string[]> type = new("--type") { Description = "Only these stored event types (repeat, or a comma list).", AllowMultipleArgumentsPerToken = true };
        Option<string?> from = new("--from") { Description = "Recorded at or after this instant (or from the start of this date, Europe/London)." };
        Option<string?> to = new("--to") { Description = "Recorded at or before this instant (or up to the end of this date)." };
        Option<string?> file = new("--file") { Description = "Only events imported from this file name (e.g. activities.csv)." };
        Option<string?> knownAt = new("--known-at") { Description = "The trail as it stood at this instant (or the end of this date)." };
        Option<string?> format = new("--format") { Description = "table (default on a terminal), json (default otherwise) or csv." };
        Option<int> limit = new("--limit") { Description = "Rows per page (default 100).", DefaultValueFactory = _ => 100 };
        Option<long> after = new("--after") { Description = "Start after this ledger position (the cursor a page prints)." };
        var command = new Command("audit", "The audit trail: every recorded event with who, when, from where, and for corrections what and why.")
        {
            school, pupil, actor, type, from, to, file, knownAt, format, limit, after,
        };
        command.SetAction((parse, ct) => RuntimeHost.RunAsync(parse, async (runtime, output, error) =>
        {
            var problems = new List<string>();
            var filter = Filter(parse, new(school, actor, file, limit, after, type, from, to, knownAt), problems);
            var fmt = TimelineCommand.Format(parse.GetValue(format), problems);
            if (problems.Count > 0)
            {
                return await TimelineCommand.FailAsync(error, problems);
            }

            await runtime.CatchUpAsync(ct);
            if (parse.GetValue(pupil) is { } upn)
            {
                var id = await runtime.Pupils.FindOneAsync(upn, ct);
                if (id is null)
                {
                    await error.WriteLineAsync($"error: no pupil with UPN {upn} is on the register (never imported, or erased).");
                    return CliHost.Failed;
                }

                filter = filter with { Pupil = id };
            }

            var page = await new AuditTrail(runtime.App, runtime.Pupils).QueryAsync(filter, ct);
            RuntimeHost.WriteReport(fmt, output, () => AuditRendering.AuditJson(page), w => AuditRendering.AuditCsv(w, page),
                w => AuditRendering.AuditTable(w, page));
            return CliHost.Ok;
        }, ct));
        return command;
    }

    private sealed record Options(
        Option<string?> School, Option<string?> Actor, Option<string?> File, Option<int> Limit, Option<long> After, Option<string[]> Type,
        Option<string?> From, Option<string?> To, Option<string?> KnownAt);

    private static AuditFilter Filter(ParseResult parse, Options o, List<string> problems)
    {
        var filter = new AuditFilter
        {
            SchoolUrn = parse.GetValue(o.School),
            Actor = parse.GetValue(o.Actor),
            File = parse.GetValue(o.File),
            Limit = parse.GetValue(o.Limit),
            After = parse.GetValue(o.After),
            EventTypes = Types(parse.GetValue(o.Type), problems),
            From = Instant(parse.GetValue(o.From), "--from", startOfDay: true, problems),
            To = Instant(parse.GetValue(o.To), "--to", startOfDay: false, problems),
            KnownAt = Instant(parse.GetValue(o.KnownAt), "--known-at", startOfDay: false, problems),
        };
        if (filter.SchoolUrn is { } urn && !SchoolUrn.IsValid(urn))
        {
            problems.Add($"--school '{urn}' is not a 6-digit URN.");
        }

        if (filter.Limit is < 1 or > 100_000)
        {
            problems.Add("--limit must be between 1 and 100000.");
        }

        return filter;
    }

    private static string[] Types(string[]? values, List<string> problems)
    {
        var types = (values ?? []).SelectMany(v => v.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
            .Distinct(StringComparer.Ordinal).ToArray();
        foreach (var unknown in types.Where(t => !StoredNames.Contains(t)))
        {
            problems.Add($"--type '{unknown}' is not a stored event type (for example activity_recorded, attendance_corrected).");
        }

        return types;
    }

    private static Instant? Instant(string? text, string option, bool startOfDay, List<string> problems)
    {
        if (text is null)
        {
            return null;
        }

        if (startOfDay && RuntimeHost.TryParseDate(text, out var date))
        {
            return date.AtStartOfDayInZone(RuntimeHost.London).ToInstant();
        }

        if (RuntimeHost.TryParseInstant(text, out var instant))
        {
            return instant;
        }

        problems.Add($"{option} '{text}' is not an instant; use 2027-03-01T12:00:00Z or a date (YYYY-MM-DD).");
        return null;
    }
}
