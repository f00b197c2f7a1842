using System.CommandLine;
using System.Text.Json;
using CareersCompliance.EventStore.Verification;

namespace CareersCompliance.Cli.Commands;

/// <summary><c>careers verify</c>: recomputes every hash chain and checks signed checkpoints; exit 2 on any mismatch.</summary>
public static class VerifyCommand
{
    public static Command Create()
    {
        var checkpoints = new Option<FileInfo?>("--checkpoints") { Description = "An exported checkpoint file (JSON lines) to check against the database." };
        var json = new Option<bool>("--json") { Description = "Print the report as JSON." };
        var incremental = new Option<bool>("--from-checkpoint")
        {
            Description = "Start after the latest valid signed checkpoint in the database instead of position 1.",
        };
        var command = new Command("verify", "Verify the ledger's hash chains, the events they cover and signed checkpoints.")
        {
            checkpoints, json, incremental,
        };
        command.SetAction((parse, ct) => CliHost.RunAsync(parse, async services =>
        {
            var verifier = new LedgerVerifier(services.Owner);
            var started = System.Diagnostics.Stopwatch.StartNew();
            var report = await verifier.VerifyAsync(parse.GetValue(incremental), ct);
            var file = parse.GetValue(checkpoints);
            var (checkedCount, checkpointProblems) = file is null ? (0, []) : await CheckExportAsync(verifier, file, ct);
            var ok = report.Ok && checkpointProblems.Count == 0;
            if (parse.GetValue(json))
            {
                await services.Out.WriteLineAsync(JsonSerializer.Serialize(new
                {
                    ok,
                    verifiedFrom = report.VerifiedFrom,
                    verifiedUpTo = report.VerifiedUpTo,
                    firstMismatch = report.Failure is null ? null : new { position = report.Failure.Position, kind = report.Failure.Kind.ToString(), detail = report.Failure.Detail },
                    checkpointsChecked = checkedCount,
                    checkpointProblems,
                    seconds = started.Elapsed.TotalSeconds,
                }, CliHost.Json));
            }
            else if (report.Failure is { } failure)
            {
                await services.Error.WriteLineAsync($"TAMPERING OR DAMAGE at position {failure.Position} ({failure.Kind}): {failure.Detail}");
            }
            else
            {
                await services.Out.WriteLineAsync($"Ledger verified: positions {report.VerifiedFrom}..{report.VerifiedUpTo} in {started.Elapsed.TotalSeconds:F1}s.");
            }

            foreach (var problem in parse.GetValue(json) ? [] : checkpointProblems)
            {
                await services.Error.WriteLineAsync("CHECKPOINT MISMATCH: " + problem);
            }

            if (file is not null && checkpointProblems.Count == 0 && !parse.GetValue(json))
            {
                await services.Out.WriteLineAsync($"{checkedCount} signed checkpoint(s) in {file.Name} verified against the database.");
            }

            return ok ? CliHost.Ok : CliHost.VerificationFailed;
        }, ct));
        return command;
    }

    private static async Task<(int Checked, List<string> Problems)> CheckExportAsync(LedgerVerifier verifier, FileInfo file, CancellationToken ct)
    {
        var problems = new List<string>();
        var exported = await CheckpointSigner.ReadExportAsync(file.FullName, ct);
        var chains = await verifier.ChainHashesAtAsync([.. exported.Select(c => c.Position)], ct);
        foreach (var c in exported)
        {
            if (!c.SignatureIsValid())
            {
                problems.Add($"checkpoint at position {c.Position}: signature does not verify");
            }
            else if (!chains.TryGetValue(c.Position, out var chain))
            {
                problems.Add($"checkpoint at position {c.Position}: the ledger has no such position");
            }
            else if (!string.Equals(Convert.ToHexStringLower(chain), c.ChainHash, StringComparison.Ordinal))
            {
                problems.Add($"checkpoint at position {c.Position}: database chain hash differs from the signed one");
            }
        }

        return (exported.Count, problems);
    }
}
