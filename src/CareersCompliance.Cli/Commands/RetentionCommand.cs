using System.CommandLine;
using CareersCompliance.Application.Privacy;
using CareersCompliance.Domain.Privacy;
using NodaTime;

namespace CareersCompliance.Cli.Commands;

/// <summary><c>careers retention run</c>: erases the pupils whose record classes have all expired (eventmodel/decisions/0031).</summary>
public static class RetentionCommand
{
    public static Command Create()
    {
        var dryRun = new Option<bool>("--dry-run") { Description = "Report what would be erased; change nothing." };
        var asOf = new Option<string?>("--as-of") { Description = "Judge expiry on this date (YYYY-MM-DD); default today in Europe/London." };
        var careers = new Option<int>("--careers-records-years") { Description = "Keep careers records to this birthday (default 25).", DefaultValueFactory = _ => 25 };
        var destinations = new Option<int>("--destinations-years")
        {
            Description = "Keep destinations this many years after leaving (default 3).",
            DefaultValueFactory = _ => 3,
        };
        var by = EraseCommand.ByOption();
        var run = new Command("run", "Erase what has expired and report counts and pupil ids (no personal data).") { dryRun, asOf, careers, destinations, by };
        run.SetAction((parse, ct) => RuntimeHost.RunAsync(parse, async (runtime, output, error) =>
        {
            var date = RuntimeHost.Today;
            if (parse.GetValue(asOf) is { } text && !RuntimeHost.TryParseDate(text, out date))
            {
                await error.WriteLineAsync($"error: --as-of '{text}' is not a date; use YYYY-MM-DD.");
                return CliHost.Failed;
            }

            if (parse.GetValue(careers) is < 1 or > 120 || parse.GetValue(destinations) is < 0 or > 120)
            {
                await error.WriteLineAsync("error: retention periods must be between 0 and 120 years (careers records at least 1).");
                return CliHost.Failed;
            }

            var policy = new RetentionPolicy(Period.FromYears(parse.GetValue(careers)), Period.FromYears(parse.GetValue(destinations)));
            var erasure = new PupilErasure(runtime, new UpnHasher());
            var report = await new RetentionRun(runtime, erasure).RunAsync(policy, date, parse.GetValue(dryRun), new PrivacyRequest(parse.GetValue(by)!), ct);
            await output.WriteLineAsync($"Retention as of {report.AsOf:yyyy-MM-dd}{(report.DryRun ? " (dry run: nothing changed)" : "")}:");
            foreach (var (verdict, count) in report.Counts)
            {
                await output.WriteLineAsync($"  {verdict,-18} {count}");
            }

            await output.WriteLineAsync($"  {"AlreadyErased",-18} {report.AlreadyErased}");
            await output.WriteLineAsync($"{(report.DryRun ? "Would erase" : "Erased")} {report.Erased.Count} pupil(s):");
            foreach (var id in report.Erased)
            {
                await output.WriteLineAsync($"  {id} [erased]");
            }

            return CliHost.Ok;
        }, ct));
        return new Command("retention", "Retention of personal data per record class.") { run };
    }
}
