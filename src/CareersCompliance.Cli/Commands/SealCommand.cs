using System.CommandLine;
using CareersCompliance.EventStore.Hosting;
using CareersCompliance.EventStore.Sealing;
using CareersCompliance.EventStore.Verification;
using NodaTime;

namespace CareersCompliance.Cli.Commands;

/// <summary><c>careers seal</c>: seals every committed event once, then signs a ledger checkpoint.</summary>
public static class SealCommand
{
    public static Command Create()
    {
        var timeout = new Option<int>("--timeout-seconds") { Description = "How long to wait for open transactions.", DefaultValueFactory = _ => 60 };
        var noCheckpoint = new Option<bool>("--no-checkpoint") { Description = "Seal only; do not sign a checkpoint." };
        var command = new Command("seal", "Seal committed events into the hash-chained ledger and sign a checkpoint.") { timeout, noCheckpoint };
        command.SetAction((parse, ct) => CliHost.RunAsync(parse, async services =>
        {
            await using var sealing = EventStoreDataSources.CreateSealer(services.ConnectionString);
            using var sealer = new LedgerSealer(sealing);
            var count = await sealer.SealCommittedAsync(TimeSpan.FromSeconds(parse.GetValue(timeout)), ct);
            var head = await sealer.GetHeadAsync(ct);
            await services.Out.WriteLineAsync($"Sealed {count} event(s); ledger head is position {head.Position}.");
            if (!parse.GetValue(noCheckpoint))
            {
                using var signer = CheckpointSigner.LoadOrCreate();
                var file = CheckpointSigner.DefaultExportFile();
                var checkpoint = await signer.CheckpointAsync(services.Owner, file, SystemClock.Instance.GetCurrentInstant(), ct);
                await services.Out.WriteLineAsync(checkpoint is null
                    ? "No new checkpoint (ledger empty or head already signed)."
                    : $"Signed checkpoint at position {checkpoint.Position} with key {checkpoint.KeyId}; appended to {file}.");
            }

            return CliHost.Ok;
        }, ct));
        return command;
    }
}
