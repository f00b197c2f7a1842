using CareersCompliance.Application.Commands;
using CareersCompliance.Domain.Common;
using CareersCompliance.EventStore;
using NodaTime;

namespace CareersCompliance.Cli.Commands;

/// <summary>
/// What the school-fact record verbs share: reading their options into problems that each say what to fix, the command
/// context of a school fact recorded at the terminal, and the one-line answer.
/// </summary>
internal static class RecordInput
{
    public static T Problem<T>(List<string> problems, string text)
    {
        problems.Add(text);
        return default!;
    }

    public static SchoolUrn Urn(string? text, List<string> problems) =>
        SchoolUrn.IsValid(text) ? new SchoolUrn(text!) : Problem<SchoolUrn>(problems, $"--school '{text}' is not a 6-digit URN.");

    /// <summary>A date option; with <paramref name="past"/>, a date after today is refused (record what has happened).</summary>
    public static LocalDate Date(string? text, string option, List<string> problems, bool past)
    {
        if (!RuntimeHost.TryParseDate(text, out var date))
        {
            return Problem<LocalDate>(problems, $"{option} '{text}' is not a date; use YYYY-MM-DD.");
        }

        return past && date > RuntimeHost.Today ? Problem<LocalDate>(problems, $"{option} {Text(date)} is in the future; record what has happened.") : date;
    }

    public static CommandContext Context(string user, SchoolUrn urn, LocalDate date, string command) =>
        new(new EventActor(user, "careers-leader"), new EventSource(SourceKind.System), new TenantRef("*", urn.Value), Guid.CreateVersion7(),
            ValidDate: date, Command: command);

    /// <summary>Writes each problem as an error line; true when there was any.</summary>
    public static async Task<bool> FailedAsync(List<string> problems, TextWriter error)
    {
        foreach (var p in problems)
        {
            await error.WriteLineAsync($"error: {p}");
        }

        return problems.Count > 0;
    }

    public static Task WriteAsync(TextWriter output, int appended, string what) =>
        output.WriteLineAsync(appended > 0 ? $"recorded: {what}" : $"already recorded: {what}; nothing changed");

    public static string Text(LocalDate date) => Application.Reports.ReportRendering.Date(date);
}
