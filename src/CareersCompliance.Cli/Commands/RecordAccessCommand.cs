using System.CommandLine;
using CareersCompliance.Application.Commands;
using CareersCompliance.Domain.Calendar;
using CareersCompliance.Domain.Common;
using CareersCompliance.Domain.Schools;
using NodaTime;
using static CareersCompliance.Cli.Commands.RecordInput;

namespace CareersCompliance.Cli.Commands;

/// <summary>
/// <c>careers record access-request|access-answer|access-response-time</c>: providers' requests for access, the school's
/// answers and the response time its policy statement promises (eventmodel/slices/provider-access-requests.json, decision 0048).
/// </summary>
public static class RecordAccessCommand
{
    public static Command Request()
    {
        var (school, by) = (Option("--school", "The school's URN (6 digits)."), EraseCommand.ByOption());
        var id = Option("--request", "The request's id, unique at the school (e.g. REQ-2026-014).");
        var provider = Option("--provider", "The provider's id as in providers.csv (UKPRN or local id).");
        var received = Option("--received", "The date the request was received (YYYY-MM-DD).");
        var phase = new Option<string?>("--phase") { Description = "The key phase asked for: 1 (Years 8-9), 2 (Years 10-11) or 3 (Years 12-13)." };
        var date = new Option<string?>("--requested-date") { Description = "The date the provider asked for (YYYY-MM-DD), if any." };
        var command = new Command("access-request", "Record a provider's request for access to the school's pupils.") { school, id, provider, received, phase, date, by };
        command.SetAction((parse, ct) => RuntimeHost.RunAsync(parse, async (runtime, output, error) =>
        {
            var problems = new List<string>();
            var urn = Urn(parse.GetValue(school), problems);
            var on = Date(parse.GetValue(received), "--received", problems, past: true);
            PalPhase? keyPhase = parse.GetValue(phase) switch
            {
                null => null,
                "1" => PalPhase.First,
                "2" => PalPhase.Second,
                "3" => PalPhase.Third,
                var other => Problem<PalPhase?>(problems, $"--phase '{other}' must be 1, 2 or 3."),
            };
            LocalDate? wanted = parse.GetValue(date) is { } d ? Date(d, "--requested-date", problems, past: false) : null;
            if (await FailedAsync(problems, error))
            {
                return CliHost.Failed;
            }

            var user = parse.GetValue(by)!;
            var requestId = parse.GetValue(id)!.Trim();
            var result = await runtime.Commands.HandleAsync(Streams.School, Streams.SchoolId(urn),
                s => RecordProviderAccessRequest.Decide(s, new RecordProviderAccessRequest(
                    urn, requestId, new ProviderId(parse.GetValue(provider)!.Trim()), keyPhase, wanted, on, new ActorId(user), runtime.Clock.GetCurrentInstant())),
                Context(user, urn, on, "record-access-request"), ct);
            await WriteAsync(output, result.Appended, $"school {urn}, access request {requestId} from provider {parse.GetValue(provider)!.Trim()} received {Text(on)}");
            return CliHost.Ok;
        }, ct));
        return command;
    }

    public static Command Answer()
    {
        var (school, by) = (Option("--school", "The school's URN (6 digits)."), EraseCommand.ByOption());
        var id = Option("--request", "The id of the request answered.");
        var answer = Option("--answer", "accepted, offered_date or refused.");
        var on = Option("--on", "The date the school answered (YYYY-MM-DD).");
        var offered = new Option<string?>("--offered-date") { Description = "With --answer offered_date: the date offered (YYYY-MM-DD)." };
        var reason = new Option<string?>("--reason")
        {
            Description = "With --answer refused: no_suitable_date, encounters_already_arranged, not_a_technical_provider, premises_unavailable, safeguarding or other.",
        };
        var note = new Option<string?>("--note") { Description = "Why, in a sentence (up to 300 characters); never a person's name, e-mail or telephone number." };
        var command = new Command("access-answer", "Record the school's answer to a provider's request for access.") { school, id, answer, on, offered, reason, note, by };
        command.SetAction((parse, ct) => RuntimeHost.RunAsync(parse, async (runtime, output, error) =>
        {
            var problems = new List<string>();
            var urn = Urn(parse.GetValue(school), problems);
            var date = Date(parse.GetValue(on), "--on", problems, past: true);
            var kind = Enumerated<AccessAnswer>(parse.GetValue(answer), "--answer", problems);
            LocalDate? offeredOn = parse.GetValue(offered) is { } o ? Date(o, "--offered-date", problems, past: false) : null;
            AccessRefusalReason? why = parse.GetValue(reason) is { } r ? Enumerated<AccessRefusalReason>(r, "--reason", problems) : null;
            if (await FailedAsync(problems, error))
            {
                return CliHost.Failed;
            }

            var user = parse.GetValue(by)!;
            var requestId = parse.GetValue(id)!.Trim();
            var result = await runtime.Commands.HandleAsync(Streams.School, Streams.SchoolId(urn),
                s => AnswerProviderAccessRequest.Decide(s, new AnswerProviderAccessRequest(
                    urn, requestId, kind, offeredOn, why, parse.GetValue(note), date, new ActorId(user), runtime.Clock.GetCurrentInstant())),
                Context(user, urn, date, "record-access-answer"), ct);
            await WriteAsync(output, result.Appended, $"school {urn}, access request {requestId} answered {Snake(kind)} on {Text(date)}");
            return CliHost.Ok;
        }, ct));
        return command;
    }

    public static Command ResponseTime()
    {
        var (school, by) = (Option("--school", "The school's URN (6 digits)."), EraseCommand.ByOption());
        var days = Option("--school-days", "The school days within which the policy statement promises an answer (1-60).");
        var from = Option("--from", "The date the promise takes effect (YYYY-MM-DD).");
        var command = new Command("access-response-time", "Set the response time the school's provider access policy statement promises (default 10 school days).")
        {
            school, days, from, by,
        };
        command.SetAction((parse, ct) => RuntimeHost.RunAsync(parse, async (runtime, output, error) =>
        {
            var problems = new List<string>();
            var urn = Urn(parse.GetValue(school), problems);
            var date = Date(parse.GetValue(from), "--from", problems, past: false);
            if (!int.TryParse(parse.GetValue(days), System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var n))
            {
                problems.Add($"--school-days '{parse.GetValue(days)}' is not a whole number.");
            }

            if (await FailedAsync(problems, error))
            {
                return CliHost.Failed;
            }

            var user = parse.GetValue(by)!;
            var result = await runtime.Commands.HandleAsync(Streams.School, Streams.SchoolId(urn),
                s => SetProviderAccessResponseTime.Decide(s, new SetProviderAccessResponseTime(urn, n, date, new ActorId(user), runtime.Clock.GetCurrentInstant())),
                Context(user, urn, date, "record-access-response-time"), ct);
            await WriteAsync(output, result.Appended, $"school {urn}, provider access answers within {n} school day(s) from {Text(date)}");
            return CliHost.Ok;
        }, ct));
        return command;
    }

    private static Option<string> Option(string name, string description) => new(name) { Description = description, Required = true };

    private static T Enumerated<T>(string? text, string option, List<string> problems)
        where T : struct, Enum =>
        Enum.TryParse<T>((text ?? "").Replace("_", "", StringComparison.Ordinal), ignoreCase: true, out var v) && Enum.IsDefined(v)
            ? v
            : Problem<T>(problems, $"{option} '{text}' is not one of {string.Join(", ", Enum.GetValues<T>().Select(Snake))}.");

    private static string Snake<T>(T value)
        where T : struct, Enum => Application.Reports.AccessRequestRendering.Snake(value);
}
