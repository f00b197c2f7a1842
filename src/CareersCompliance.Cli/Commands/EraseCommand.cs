using System.CommandLine;
using CareersCompliance.Application.Privacy;
using CareersCompliance.Domain.Privacy;

namespace CareersCompliance.Cli.Commands;

/// <summary><c>careers erase pupil|text</c>: UK GDPR erasure without breaking the ledger (eventmodel/decisions/0030).</summary>
public static class EraseCommand
{
    public static Option<string> ByOption() => new("--by")
    {
        Description = "Who asked for it (default: env CAREERS_USER, else the login name).",
        DefaultValueFactory = _ => Environment.GetEnvironmentVariable("CAREERS_USER") ?? Environment.UserName,
    };

    public static Command Create() => new("erase", "Erase personal data: a pupil's register details, or personal free text written into an event by mistake.")
    {
        Pupil(),
        Text(),
    };

    public static bool TryParseReason(string? text, out ErasureReason reason)
    {
        reason = default;
        var words = (text ?? "").Replace("-", "", StringComparison.Ordinal);
        return words.Length > 0 && !words.Any(char.IsDigit) && Enum.TryParse(words, ignoreCase: true, out reason);
    }

    private static Command Pupil()
    {
        var upn = new Argument<string>("UPN") { Description = "The pupil's UPN." };
        var reason = new Option<string>("--reason") { Description = "subject-request, retention-expired or recorded-in-error.", Required = true };
        var basis = new Option<string>("--legal-basis") { Description = "Legal basis code (default uk-gdpr-art-17).", DefaultValueFactory = _ => "uk-gdpr-art-17" };
        var by = ByOption();
        var command = new Command("pupil", "Erase a pupil's UPN, names and date of birth; their pseudonymous records stay and show as [erased].")
        {
            upn, reason, basis, by,
        };
        command.SetAction((parse, ct) => RuntimeHost.RunAsync(parse, async (runtime, output, error) =>
        {
            if (!TryParseReason(parse.GetValue(reason), out var code))
            {
                await error.WriteLineAsync("error: --reason must be subject-request, retention-expired or recorded-in-error (a code, never free text).");
                return CliHost.Failed;
            }

            var erasure = new PupilErasure(runtime, new UpnHasher());
            var outcome = await erasure.EraseAsync(parse.GetValue(upn)!, code, parse.GetValue(basis)!, new PrivacyRequest(parse.GetValue(by)!), ct);
            await output.WriteLineAsync(outcome.AlreadyErased
                ? $"Pupil {outcome.PupilId} was already erased; nothing changed."
                : $"Erased pupil {outcome.PupilId}: register details removed, {outcome.TextsRedacted} typed reason(s) redacted, erasure recorded.");
            return CliHost.Ok;
        }, ct));
        return command;
    }

    private static Command Text()
    {
        var eventId = new Argument<Guid>("EVENT_ID") { Description = "The event holding the personal free text (from careers audit)." };
        var fields = new Option<string[]>("--field")
        {
            Description = "JSON path of the text to redact: reason or details.title (repeatable).",
            Required = true,
            AllowMultipleArgumentsPerToken = true,
        };
        var reason = new Option<string>("--reason") { Description = "recorded-in-error (default) or subject-request.", DefaultValueFactory = _ => "recorded-in-error" };
        var by = ByOption();
        var command = new Command("text", "Redact personal free text of a sealed event; the ledger keeps its sealed hash and careers verify still passes.")
        {
            eventId, fields, reason, by,
        };
        command.SetAction((parse, ct) => RuntimeHost.RunAsync(parse, async (runtime, output, error) =>
        {
            if (!TryParseReason(parse.GetValue(reason), out var code))
            {
                await error.WriteLineAsync("error: --reason must be recorded-in-error, subject-request or retention-expired.");
                return CliHost.Failed;
            }

            var erasure = new PupilErasure(runtime, new UpnHasher());
            var done = await erasure.RedactAsync(parse.GetValue(eventId), null, parse.GetValue(fields)!, code, new PrivacyRequest(parse.GetValue(by)!), ct);
            await output.WriteLineAsync(done ? $"Redacted {string.Join(", ", parse.GetValue(fields)!)} of event {parse.GetValue(eventId)}." : "Already redacted; nothing changed.");
            return CliHost.Ok;
        }, ct));
        return command;
    }
}
