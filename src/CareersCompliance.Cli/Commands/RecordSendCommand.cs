using System.CommandLine;
using CareersCompliance.Application;
using CareersCompliance.Application.Commands;
using CareersCompliance.Domain.Common;
using CareersCompliance.Domain.Pupils;
using CareersCompliance.Domain.Schools;
using NodaTime;
using static CareersCompliance.Cli.Commands.RecordInput;

namespace CareersCompliance.Cli.Commands;

/// <summary>
/// <c>careers record ehcp-review|phase-transfer|pal-flexibility</c>: SEND transitions and a special school's PAL flexibility
/// (eventmodel/slices/record-send-transitions.json, set-pal-send-flexibility.json, decisions 0046-0047), through the command handler.
/// </summary>
public static class RecordSendCommand
{
    public static Command EhcpReview()
    {
        var adulthood = new Option<string>("--preparing-for-adulthood")
        {
            Description = "Whether the review covered preparing for adulthood: yes or no.",
            Required = true,
        };
        return PupilVerb("ehcp-review", "Record an annual review of a pupil's EHC plan, and whether it covered preparing for adulthood.", [adulthood],
            (parse, problems) => YesNo(parse.GetValue(adulthood), "--preparing-for-adulthood", problems),
            (pupil, _, on, covered, by, now) => s => RecordEhcpReview.Decide(s, new RecordEhcpReview(pupil, on, covered, by, now)),
            (covered, on) => $"EHC plan review on {Text(on)}, preparing for adulthood {(covered ? "yes" : "no")}");
    }

    public static Command PhaseTransfer() =>
        PupilVerb("phase-transfer", "Record that a pupil's EHC plan was amended to name the post-16 placement, on the date it was issued.", [],
            (_, _) => true,
            (pupil, _, on, _, by, now) => s => RecordPhaseTransfer.Decide(s, new RecordPhaseTransfer(pupil, on, by, now)),
            (_, on) => $"EHC plan names the post-16 placement on {Text(on)}");

    public static Command PalFlexibility()
    {
        var school = SchoolOption();
        var flexible = new Option<string>("--flexible") { Description = "yes to arrange provider encounters flexibly (special schools only), no to stop.", Required = true };
        var on = OnOption("The date it takes effect (YYYY-MM-DD).");
        var by = EraseCommand.ByOption();
        var command = new Command("pal-flexibility", "Set whether a special school arranges provider encounters flexibly for its pupils (decision 0047).")
        {
            school, flexible, on, by,
        };
        command.SetAction((parse, ct) => RuntimeHost.RunAsync(parse, async (runtime, output, error) =>
        {
            var problems = new List<string>();
            var urn = Urn(parse.GetValue(school), problems);
            var value = YesNo(parse.GetValue(flexible), "--flexible", problems);
            var date = Date(parse.GetValue(on), "--on", problems, past: false);

            if (await FailedAsync(problems, error))
            {
                return CliHost.Failed;
            }

            var user = parse.GetValue(by)!;
            var result = await runtime.Commands.HandleAsync(Streams.School, Streams.SchoolId(urn),
                s => SetPalSendFlexibility.Decide(s, new SetPalSendFlexibility(urn, value, date, new ActorId(user), runtime.Clock.GetCurrentInstant())),
                Context(user, urn, date, "record-pal-flexibility"), ct);
            var what = $"school {urn}, PAL flexibility {(value ? "on" : "off")} from {Text(date)}";
            await WriteAsync(output, result.Appended, what);
            return CliHost.Ok;
        }, ct));
        return command;
    }

    /// <summary>A verb recording a fact about one pupil at a school (<c>--school --pupil --on</c> and its own options), through the command handler.</summary>
    internal static Command PupilVerb<T>(
        string name, string description, Option<string>[] extra, Func<ParseResult, List<string>, T> value,
        Func<PupilId, SchoolUrn, LocalDate, T, ActorId, Instant, Func<Pupil, PupilEvent[]>> decide, Func<T, LocalDate, string> describe,
        Func<CareersRuntime, PupilId, LocalDate, CancellationToken, Task<string?>>? check = null)
    {
        var school = SchoolOption();
        var pupil = new Option<string>("--pupil") { Description = "The pupil's UPN (13 characters).", Required = true };
        var on = OnOption("The date it happened (YYYY-MM-DD).");
        var by = EraseCommand.ByOption();
        var command = new Command(name, description) { school, pupil, on, by };
        foreach (var option in extra)
        {
            command.Options.Add(option);
        }

        command.SetAction((parse, ct) => RuntimeHost.RunAsync(parse, async (runtime, output, error) =>
        {
            var problems = new List<string>();
            var urn = Urn(parse.GetValue(school), problems);
            var flag = value(parse, problems);
            var date = Date(parse.GetValue(on), "--on", problems, past: true);
            var upn = parse.GetValue(pupil)!.Trim().ToUpperInvariant();
            var id = problems.Count == 0 ? await runtime.Pupils.FindOneAsync(upn, ct) : null;
            if (problems.Count == 0 && id is null)
            {
                problems.Add($"--pupil {upn}: no pupil with this UPN is recorded; import pupils.csv first.");
            }
            else if (id is { } found && check is not null && await check(runtime, found, date, ct) is { } problem)
            {
                problems.Add($"--pupil {upn}: {problem}");
            }

            if (await FailedAsync(problems, error))
            {
                return CliHost.Failed;
            }

            var user = parse.GetValue(by)!;
            var result = await runtime.Commands.HandleAsync(Streams.Pupil, Streams.PupilId(id!.Value),
                s => OnRoll(s, urn, upn) is { } known ? decide(id.Value, urn, date, flag, new ActorId(user), runtime.Clock.GetCurrentInstant())(known) : [],
                Context(user, urn, date, $"record-{name}"), ct);
            var what = $"school {urn}, pupil {upn}, {describe(flag, date)}";
            await WriteAsync(output, result.Appended, what);
            return CliHost.Ok;
        }, ct));
        return command;
    }

    // Why check the roll here: the pupil stream is the pupil's at every school, and a leader records for their own school.
    private static Pupil? OnRoll(Pupil state, SchoolUrn urn, string upn) =>
        state is Pupil.Known k && k.LastEnrolmentAt(urn) is not null
            ? state
            : throw new DomainRuleViolation("pupil-not-enrolled", $"Pupil {upn} was never on roll at school {urn}.");

    private static Option<string> SchoolOption() => new("--school") { Description = "The school's URN (6 digits).", Required = true };

    private static Option<string> OnOption(string description) => new("--on") { Description = description, Required = true };

    private static bool YesNo(string? text, string option, List<string> problems)
    {
        switch (text?.Trim().ToUpperInvariant())
        {
            case "YES" or "TRUE" or "Y":
                return true;
            case "NO" or "FALSE" or "N":
                return false;
            default:
                problems.Add($"{option} '{text}' is not yes or no.");
                return false;
        }
    }
}
