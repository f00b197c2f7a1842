using System.CommandLine;
using System.Text.Json;
using CareersCompliance.Application.Evidence;
using CareersCompliance.EventStore.Sealing;
using CareersCompliance.EventStore.Verification;

namespace CareersCompliance.Cli.Commands;

/// <summary><c>careers verify</c>: recomputes every hash chain and checks signed checkpoints; exit 2 on any mismatch.</summary>
public static class VerifyCommand
{
    private sealed record Options(Option<FileInfo?> Checkpoints, Option<bool> Json, Option<bool> Incremental, Option<FileInfo?> Export,
        Option<bool> RequireSealed);

    public static Command Create()
    {
        var o = new Options(
            new("--checkpoints") { Description = "An exported checkpoint file (JSON lines) to check against the database." },
            new("--json") { Description = "Print the report as JSON." },
            new("--from-checkpoint") { Description = "Start after the latest valid signed checkpoint in the database instead of position 1." },
            new("--export")
            {
                Description = "An evidence export (CSV or PDF) to check: its SHA-256 seal, and that the ledger positions it names still carry the same chain hashes.",
            },
            new("--require-sealed") { Description = "Fail (exit 2) when committed events are not sealed yet, so the verification did not cover them." });
        var command = new Command("verify", "Verify the ledger's hash chains, the events they cover and signed checkpoints.")
        {
            o.Checkpoints, o.Json, o.Incremental, o.Export, o.RequireSealed,
        };
        command.SetAction((parse, ct) => CliHost.RunAsync(parse, services => RunAsync(parse, o, services, ct), ct));
        return command;
    }

    private static async Task<int> RunAsync(ParseResult parse, Options o, CliServices services, CancellationToken ct)
    {
        var verifier = new LedgerVerifier(services.Owner);
        var started = System.Diagnostics.Stopwatch.StartNew();
        var report = await verifier.VerifyAsync(parse.GetValue(o.Incremental), ct);
        var file = parse.GetValue(o.Checkpoints);
        var (checkedCount, checkpointProblems) = file is null ? (0, []) : await CheckExportAsync(verifier, file, ct);
        var exportFile = parse.GetValue(o.Export);
        checkpointProblems.AddRange(exportFile is null ? [] : await CheckEvidenceExportAsync(verifier, exportFile, ct));
        // Why count them: the chains cover sealed events only, and a reader must not take "verified" to include the rest.
        using var sealer = new LedgerSealer(services.App);
        var unsealed = await sealer.GetUnsealedCountAsync(ct);
        var ok = report.Ok && checkpointProblems.Count == 0 && (unsealed == 0 || !parse.GetValue(o.RequireSealed));
        if (parse.GetValue(o.Json))
        {
            await services.Out.WriteLineAsync(JsonSerializer.Serialize(new
            {
                ok,
                verifiedFrom = report.VerifiedFrom,
                verifiedUpTo = report.VerifiedUpTo,
                unsealed,
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

        if (!parse.GetValue(o.Json))
        {
            await (unsealed == 0 || !parse.GetValue(o.RequireSealed) ? services.Out : services.Error).WriteLineAsync(Unsealed(unsealed));
        }

        foreach (var problem in parse.GetValue(o.Json) ? [] : checkpointProblems)
        {
            await services.Error.WriteLineAsync("CHECKPOINT MISMATCH: " + problem);
        }

        if (!parse.GetValue(o.Json))
        {
            await services.Out.WriteAsync(Confirmations(file, checkedCount, exportFile, checkpointProblems.Count == 0));
        }

        return ok ? CliHost.Ok : CliHost.VerificationFailed;
    }

    private static string Unsealed(long count) => count == 0
        ? "Every committed event is sealed."
        : $"{count} committed event(s) are not sealed yet, so not covered above; run 'careers seal' to seal them.";

    private static string Confirmations(FileInfo? checkpointFile, int checkedCount, FileInfo? exportFile, bool ok)
    {
        var text = new System.Text.StringBuilder();
        if (checkpointFile is not null && ok)
        {
            text.AppendLine(System.Globalization.CultureInfo.InvariantCulture, $"{checkedCount} signed checkpoint(s) in {checkpointFile.Name} verified against the database.");
        }

        if (exportFile is not null && ok)
        {
            text.AppendLine(System.Globalization.CultureInfo.InvariantCulture, $"Export {exportFile.Name}: SHA-256 seal matches its content, and the ledger positions it names match the database.");
        }

        return text.ToString();
    }

    private static async Task<List<string>> CheckEvidenceExportAsync(LedgerVerifier verifier, FileInfo file, CancellationToken ct)
    {
        if (!file.Exists)
        {
            return [$"export {file.Name}: no such file"];
        }

        if (ExportSeal.Read(await File.ReadAllBytesAsync(file.FullName, ct)) is not { } seal)
        {
            return [$"export {file.Name}: no careers-export seal on its last line"];
        }

        if (!seal.DigestMatches)
        {
            return [$"export {file.Name}: content SHA-256 {seal.ActualSha256} differs from the sealed {seal.ClaimedSha256} (the file was changed)"];
        }

        var problems = new List<string>();
        var anchor = seal.Anchor;
        var named = new List<(long Position, string Hash, string What)> { (anchor.HeadPosition, anchor.HeadChainHash, "ledger head") };
        if (anchor.CheckpointPosition is { } cp)
        {
            named.Add((cp, anchor.CheckpointChainHash ?? "", "checkpoint"));
        }

        var chains = await verifier.ChainHashesAtAsync([.. named.Where(n => n.Position > 0).Select(n => n.Position)], ct);
        foreach (var (position, hash, what) in named.Where(n => n.Position > 0))
        {
            if (!chains.TryGetValue(position, out var chain))
            {
                problems.Add($"export {file.Name}: the {what} position {position} is not in this ledger");
            }
            else if (!string.Equals(Convert.ToHexStringLower(chain), hash, StringComparison.Ordinal))
            {
                problems.Add($"export {file.Name}: the {what} at position {position} has chain hash {Convert.ToHexStringLower(chain)}, the export names {hash}");
            }
        }

        return problems;
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
