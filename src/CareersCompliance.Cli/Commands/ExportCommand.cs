using System.CommandLine;
using CareersCompliance.Application.Privacy;
using CareersCompliance.Domain.Common;

namespace CareersCompliance.Cli.Commands;

/// <summary><c>careers export la</c>: pupil information for the local authority under ESA 2008 s14, honouring objections.</summary>
public static class ExportCommand
{
    public static Command Create()
    {
        var school = new Option<string>("--school") { Description = "The school's URN (6 digits).", Required = true };
        var asOf = new Option<string?>("--as-of") { Description = "Pupils on roll on this date (YYYY-MM-DD); default today in Europe/London." };
        var outFile = new Option<string>("--out") { Description = "The CSV file to write.", Required = true };
        var by = EraseCommand.ByOption();
        var la = new Command("la", "CSV for the local authority: objectors get only name, address, date of birth and UPN; the export is recorded in the audit.")
        {
            school, asOf, outFile, by,
        };
        la.SetAction((parse, ct) => RuntimeHost.RunAsync(parse, async (runtime, output, error) =>
        {
            var urn = parse.GetValue(school);
            if (!SchoolUrn.IsValid(urn))
            {
                await error.WriteLineAsync($"error: --school '{urn}' is not a 6-digit URN.");
                return CliHost.Failed;
            }

            var date = RuntimeHost.Today;
            if (parse.GetValue(asOf) is { } text && !RuntimeHost.TryParseDate(text, out date))
            {
                await error.WriteLineAsync($"error: --as-of '{text}' is not a date; use YYYY-MM-DD.");
                return CliHost.Failed;
            }

            var result = await new LocalAuthorityExport(runtime).ExportAsync(new SchoolUrn(urn!), date, parse.GetValue(outFile)!,
                new PrivacyRequest(parse.GetValue(by)!), ct);
            await output.WriteLineAsync($"Wrote {result.Pupils} pupil(s), {result.PupilsWithObjection} with a sharing objection (basic details only), " +
                $"{result.ErasedLeftOut} erased left out; SHA-256 {result.FileSha256}; recorded in the audit.");
            return CliHost.Ok;
        }, ct));
        return new Command("export", "Exports of pupil information.") { la };
    }
}
