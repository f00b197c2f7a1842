using System.CommandLine;
using CareersCompliance.Application.Demo;
using CareersCompliance.Application.Import;
using CareersCompliance.Application.Recording;

namespace CareersCompliance.Cli.Commands;

/// <summary><c>careers demo seed</c>: generates the three demo trusts as MIS files and imports them, then a batch of corrections.</summary>
public static class DemoCommand
{
    public static Command Create()
    {
        var seed = new Option<int>("--seed") { Description = "Seed of the generator: the same seed and date give the same trusts.", DefaultValueFactory = _ => 1 };
        var pupils = new Option<int>("--pupils") { Description = "Pupils on roll across all schools.", DefaultValueFactory = _ => 1_500 };
        var schools = new Option<int>("--schools") { Description = "Number of schools (at least 3).", DefaultValueFactory = _ => 6 };
        var today = new Option<string?>("--today") { Description = "The generator's today (YYYY-MM-DD): activity up to this date; default today." };
        var dir = new Option<string?>("--dir") { Description = "Where to write the generated CSV files and keep them (default: a temporary folder, deleted after the import)." };
        var generateOnly = new Option<bool>("--generate-only") { Description = "Write the files and stop; import nothing." };
        var command = new Command("seed", "Generate and import a realistic demo: three trusts from the seed policies, three academic years.")
        {
            seed, pupils, schools, today, dir, generateOnly,
        };
        command.SetAction(async (parse, ct) =>
        {
            var error = parse.InvocationConfiguration.Error;
            var output = parse.InvocationConfiguration.Output;
            var date = RuntimeHost.Today;
            if (parse.GetValue(today) is { } t && !RuntimeHost.TryParseDate(t, out date))
            {
                await error.WriteLineAsync($"error: --today '{t}' is not a date; use YYYY-MM-DD.");
                return CliHost.Failed;
            }

            if (parse.GetValue(schools) < 3 || parse.GetValue(pupils) < parse.GetValue(schools) * 20)
            {
                await error.WriteLineAsync("error: --schools must be at least 3 (one per trust) and --pupils at least 20 per school.");
                return CliHost.Failed;
            }

            var current = AcademicYear.Containing(date);
            var options = new DemoOptions
            {
                Seed = parse.GetValue(seed),
                Pupils = parse.GetValue(pupils),
                Schools = parse.GetValue(schools),
                AcademicYears = [new(current.StartYear - 2), new(current.StartYear - 1), current],
                Today = date,
            };
            var folder = parse.GetValue(dir) ?? Path.Combine(Path.GetTempPath(), $"careers-demo-{options.Seed}-{Guid.NewGuid():N}");
            var summary = DemoGenerator.Write(folder, options);
            await output.WriteLineAsync($"Generated {summary.Schools.Count} schools in {summary.Trusts.Count} trusts into {summary.Directory} " +
                $"({string.Join(", ", summary.RowsPerFile.Select(kv => $"{kv.Key} {kv.Value}"))}).");
            if (parse.GetValue(generateOnly))
            {
                return CliHost.Ok;
            }

            try
            {
                return await RuntimeHost.RunAsync(parse, (runtime, o, e) => ImportAsync(runtime, summary, o, e, ct), ct);
            }
            finally
            {
                // Why delete a folder we chose: once imported, the files are in the ledger; a folder the user named is theirs to keep.
                if (parse.GetValue(dir) is null)
                {
                    Directory.Delete(folder, recursive: true);
                }
            }
        });
        return new Command("demo", "Demo data.") { command };
    }

    private static async Task<int> ImportAsync(CareersCompliance.Application.CareersRuntime runtime, DemoSummary summary, TextWriter o, TextWriter e,
        CancellationToken ct)
    {
        var request = new ImportRequest("demo-seed", Partial: false, Guid.CreateVersion7());
        var outcomes = new List<FileImportOutcome>(await runtime.Importer.ImportDirectoryAsync(summary.Directory, request, ct));
        if (summary.CorrectionsDirectory is { } corrections)
        {
            // Why a later batch: corrections must be recorded after what they correct, as in real life.
            outcomes.AddRange(await runtime.Importer.ImportDirectoryAsync(corrections,
                request with { CorrelationId = Guid.CreateVersion7() }, ct));
        }

        foreach (var outcome in outcomes)
        {
            var v = outcome.Validation;
            await o.WriteLineAsync($"  {v.FileName}: {v.RowsAccepted} row(s), {outcome.EventsAppended} event(s)" + (outcome.Written ? "" : " REFUSED"));
            foreach (var err in outcome.AllErrors.Take(5))
            {
                await e.WriteLineAsync($"  refused: {err}");
            }
        }

        var facts = await DemoSchoolFacts.RecordAsync(summary, runtime.Commands, runtime.Staff, runtime.Clock.GetCurrentInstant(), ct);
        await o.WriteLineAsync($"  school facts (careers leaders, publications, policy statements, reviews, programme backing, feedback, parent engagement): {facts} event(s)");
        await runtime.CatchUpAsync(ct);
        var send = await DemoSendTransitions.RecordAsync(summary, runtime.Reports, runtime.Pupils, runtime.Commands, runtime.Clock.GetCurrentInstant(), ct);
        var access = await DemoAccessRequests.RecordAsync(summary, runtime.Commands, runtime.Clock.GetCurrentInstant(), ct);
        var destinations = await DemoDestinations.RecordAsync(summary, runtime.Reports, runtime.Pupils, runtime.Commands, runtime.Clock.GetCurrentInstant(), ct);
        await o.WriteLineAsync($"  provider access requests and answers: {access} event(s)");
        await o.WriteLineAsync($"  SEND transitions (EHC plan reviews, post-16 placements named, special schools' PAL flexibility): {send} event(s)");
        await o.WriteLineAsync($"  September Guarantee offers, early leavers from the sixth form and their notices: {destinations} event(s)");
        await runtime.CatchUpAsync(ct);
        foreach (var tr in summary.Trusts)
        {
            await o.WriteLineAsync($"Trust {tr.TrustId}: {tr.Name}, {tr.Schools} school(s): " +
                string.Join(", ", summary.Schools.Where(s => string.Equals(s.TrustId, tr.TrustId, StringComparison.Ordinal)).Select(s => $"{s.Urn} {s.Name}")));
        }
        return outcomes.All(x => x.Written && !x.AllErrors.Any()) ? CliHost.Ok : ImportCommand.Refused;
    }
}
