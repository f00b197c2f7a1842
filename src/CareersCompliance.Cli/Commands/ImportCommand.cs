using System.CommandLine;
using CareersCompliance.Application.Import;
using CareersCompliance.Application.Recording;

namespace CareersCompliance.Cli.Commands;

/// <summary><c>careers import DIR</c> or <c>careers import KIND FILE</c>: MIS files into events (contracts/import-formats.md).</summary>
public static class ImportCommand
{
    public const int Refused = 2;

    public static Command Create()
    {
        var targets = new Argument<string[]>("target")
        {
            Description = "A directory holding contract files (schools.csv ... destinations.csv), or a KIND and a FILE.",
            Arity = new ArgumentArity(1, 2),
        };
        var partial = new Option<bool>("--partial") { Description = "Keep the valid rows of a file that has refused rows." };
        var user = new Option<string>("--user")
        {
            Description = "Who is importing (recorded on every event).",
            DefaultValueFactory = _ => Environment.GetEnvironmentVariable("CAREERS_USER") ?? Environment.UserName,
        };
        var errors = new Option<string?>("--errors") { Description = "Write refused rows to this CSV file (file,line,column,value,reason)." };
        var command = new Command("import", "Import MIS export files; a file is all or nothing unless --partial. Exit 2 when anything was refused.")
        {
            targets, partial, user, errors,
        };
        command.SetAction((parse, ct) => RuntimeHost.RunAsync(parse, async (runtime, output, error) =>
        {
            var progress = ImportProgressBar.ForConsole(error);
            var request = new ImportRequest(parse.GetValue(user) ?? "cli", parse.GetValue(partial), Guid.CreateVersion7()) { Progress = progress };
            var outcomes = await RunAsync(runtime, parse.GetValue(targets) ?? [], request, error, ct);
            progress.Finish();
            if (outcomes is null)
            {
                return CliHost.Failed;
            }

            foreach (var o in outcomes)
            {
                await Report(o, output, error);
            }

            if (parse.GetValue(errors) is { } errorFile)
            {
                RefusedRowsReport.Write(errorFile, outcomes.SelectMany(o => o.AllErrors));
                await output.WriteLineAsync($"Refused rows written to {errorFile}.");
            }

            return outcomes.Count == 0 || outcomes.Any(o => o.Refused || o.AllErrors.Any()) ? Refused : CliHost.Ok;
        }, ct));
        return command;
    }

    /// <summary>Imports a directory or one file; null (after saying why) when the arguments name nothing importable.</summary>
    private static async Task<IReadOnlyList<FileImportOutcome>?> RunAsync(CareersCompliance.Application.CareersRuntime runtime, string[] args,
        ImportRequest request, TextWriter error, CancellationToken ct)
    {
        if (args.Length == 1)
        {
            if (!Directory.Exists(args[0]))
            {
                await error.WriteLineAsync($"error: '{args[0]}' is not a directory; give a directory, or a KIND and a FILE.");
                return null;
            }

            var listing = ImportFiles.Discover(args[0]);
            foreach (var ignored in listing.IgnoredCsvFiles)
            {
                await error.WriteLineAsync($"warning: {ignored} is not a contract file name and was not imported.");
            }

            if (listing.Files.Count == 0)
            {
                await error.WriteLineAsync($"error: '{args[0]}' holds none of the contract files ({string.Join(", ", ImportFiles.ContractOrder.Select(ImportFiles.FileName))}).");
                return [];
            }

            return await runtime.Importer.ImportDirectoryAsync(args[0], request, ct);
        }
        else
        {
            if (!ImportFiles.TryParseKind(args[0], out var kind))
            {
                await error.WriteLineAsync($"error: {ImportFiles.UnknownKindMessage(args[0])}");
                return null;
            }

            if (!File.Exists(args[1]))
            {
                await error.WriteLineAsync($"error: file '{args[1]}' does not exist.");
                return null;
            }

            return [await runtime.Importer.ImportFileAsync(kind, args[1], request, null, ct)];
        }
    }

    private static async Task Report(FileImportOutcome o, TextWriter output, TextWriter error)
    {
        var v = o.Validation;
        foreach (var w in v.Warnings)
        {
            await error.WriteLineAsync($"warning: {w}");
        }

        foreach (var e in o.AllErrors.Take(200))
        {
            await error.WriteLineAsync($"refused: {e}");
        }

        var errorCount = v.ErrorCount + o.RuleErrors.Count;
        if (errorCount > 200)
        {
            await error.WriteLineAsync($"... and {errorCount - 200} more refused row(s); use --errors FILE for the full list.");
        }

        var verdict = o.Written
            ? $"imported: {o.EventsAppended} event(s) appended" + (o.EventsAppended == 0 ? " (nothing new)" : "")
            : "REFUSED: nothing written" + (v.FileRefused ? "" : " (fix the rows above, or use --partial to keep the valid ones)");
        await output.WriteLineAsync($"{v.FileName}: {v.RowsRead} row(s) read, {v.RowsAccepted} valid, {errorCount} refused; {verdict}. sha256 {v.Sha256}");
    }
}
