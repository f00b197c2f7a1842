using System.CommandLine;
using CareersCompliance.Application.Commands;
using CareersCompliance.Domain.Common;
using CareersCompliance.Domain.Schools;
using CareersCompliance.EventStore;
using NodaTime;

namespace CareersCompliance.Cli.Commands;

/// <summary>
/// <c>careers record backing|feedback|parents</c>: the school-level evidence of Gatsby benchmarks 1 and 2 that no MIS file
/// carries (eventmodel/slices/record-programme-evidence.json), through the command handler like every other write.
/// </summary>
public static class RecordCommand
{
    public static Command Create() => new("record", "Record evidence no MIS file carries: programme evidence (Gatsby 1-2), SEND transitions, PAL flexibility, provider access requests, September Guarantee offers, early leavers.")
    {
        Verb<ProgrammeBacker>("backing", "--backer", "Who backed the careers programme: governors, headteacher or senior_leadership.",
            (urn, backer, on, by, now) => s => RecordProgrammeBacking.Decide(s, new RecordProgrammeBacking(urn, backer, on, by, now))),
        Verb<FeedbackSource>("feedback", "--from", "Whose feedback on the programme was gathered: pupils, parents, teachers, careers_advisers or employers.",
            (urn, source, on, by, now) => s => RecordProgrammeFeedback.Decide(s, new RecordProgrammeFeedback(urn, source, on, by, now))),
        Verb<ParentEngagementKind>("parents", "--kind", "How parents and carers were engaged: engagement_plan or lmi_access.",
            (urn, kind, on, by, now) => s => RecordParentEngagement.Decide(s, new RecordParentEngagement(urn, kind, on, by, now))),
        RecordSendCommand.EhcpReview(),
        RecordSendCommand.PhaseTransfer(),
        RecordSendCommand.PalFlexibility(),
        RecordAccessCommand.Request(),
        RecordAccessCommand.Answer(),
        RecordAccessCommand.ResponseTime(),
        RecordDestinationsCommand.GuaranteeOffer(),
        RecordDestinationsCommand.EarlyLeaving(),
        RecordDestinationsCommand.EarlyLeavingNotice(),
    };

    private static Command Verb<T>(
        string name, string valueOption, string valueDescription, Func<SchoolUrn, T, LocalDate, ActorId, Instant, Func<School, SchoolEvent[]>> decide)
        where T : struct, Enum
    {
        var school = new Option<string>("--school") { Description = "The school's URN (6 digits).", Required = true };
        var value = new Option<string>(valueOption) { Description = valueDescription, Required = true };
        var on = new Option<string>("--on") { Description = "The date it happened (YYYY-MM-DD).", Required = true };
        var by = EraseCommand.ByOption();
        var command = new Command(name, valueDescription) { school, value, on, by };
        command.SetAction((parse, ct) => RuntimeHost.RunAsync(parse, async (runtime, output, error) =>
        {
            var problems = new List<string>();
            var urn = parse.GetValue(school);
            if (!SchoolUrn.IsValid(urn))
            {
                problems.Add($"--school '{urn}' is not a 6-digit URN.");
            }

            var text = parse.GetValue(value)!;
            if (!Enum.TryParse<T>(text.Replace("_", "", StringComparison.Ordinal), ignoreCase: true, out var parsed) || !Enum.IsDefined(parsed))
            {
                problems.Add($"{valueOption} '{text}' is not one of {string.Join(", ", Enum.GetValues<T>().Select(Snake))}.");
            }

            if (!RuntimeHost.TryParseDate(parse.GetValue(on), out var date))
            {
                problems.Add($"--on '{parse.GetValue(on)}' is not a date; use YYYY-MM-DD.");
            }
            else if (date > RuntimeHost.Today)
            {
                problems.Add($"--on {ReportDate(date)} is in the future; record what has happened.");
            }

            if (problems.Count > 0)
            {
                foreach (var p in problems)
                {
                    await error.WriteLineAsync($"error: {p}");
                }

                return CliHost.Failed;
            }

            var user = parse.GetValue(by)!;
            var context = new CommandContext(new EventActor(user, "careers-leader"), new EventSource(SourceKind.System),
                new TenantRef("*", urn), Guid.CreateVersion7(), ValidDate: date, Command: $"record-{name}");
            var result = await runtime.Commands.HandleAsync(Streams.School, Streams.SchoolId(new SchoolUrn(urn!)),
                decide(new SchoolUrn(urn!), parsed, date, new ActorId(user), runtime.Clock.GetCurrentInstant()), context, ct);
            await output.WriteLineAsync(result.Appended > 0
                ? $"recorded: school {urn}, {name} {Snake(parsed)} on {ReportDate(date)}"
                : $"already recorded: school {urn}, {name} {Snake(parsed)} on {ReportDate(date)}; nothing changed");
            return CliHost.Ok;
        }, ct));
        return command;
    }

    private static string ReportDate(LocalDate date) => Application.Reports.ReportRendering.Date(date);

    private static string Snake<T>(T value)
        where T : struct, Enum => Application.Reports.AccessRequestRendering.Snake(value);
}
