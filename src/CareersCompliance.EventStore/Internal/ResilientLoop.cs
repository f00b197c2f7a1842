using Npgsql;

namespace CareersCompliance.EventStore.Internal;

/// <summary>
/// Keeps a background loop (the sealer, the projection daemon) alive through database outages: a transient fault ends the
/// current run, is reported, and the run starts again (new connections, new LISTEN) after a delay that grows while the
/// outage lasts. Other faults end the loop; they need a person.
/// </summary>
internal static class ResilientLoop
{
    private static readonly TimeSpan FirstDelay = TimeSpan.FromMilliseconds(250);
    private static readonly TimeSpan MaxDelay = TimeSpan.FromSeconds(5);

    /// <summary>Runs <paramref name="run"/> until cancelled; <paramref name="run"/> returns only when cancelled.</summary>
    public static async Task RunAsync(NpgsqlDataSource dataSource, Func<CancellationToken, Task> run, Action<Exception, TimeSpan>? onTransientFault,
        CancellationToken ct)
    {
        var delay = TimeSpan.Zero;
        while (!ct.IsCancellationRequested)
        {
            var started = System.Diagnostics.Stopwatch.StartNew();
            try
            {
                await run(ct).ConfigureAwait(false);
                return;
            }
            catch (OperationCanceledException) when (ct.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e) when (DatabaseFaults.IsTransient(e))
            {
                // Why reset after a long healthy run: a new outage should be retried promptly, not at the last outage's pace.
                delay = started.Elapsed > MaxDelay || delay == TimeSpan.Zero ? FirstDelay : TimeSpan.FromTicks(Math.Min(delay.Ticks * 2, MaxDelay.Ticks));
                onTransientFault?.Invoke(e, delay);
                if (DatabaseFaults.IsConnectionLost(e))
                {
                    // Why: the idle pooled connections died with the server; new ones are opened when it is back.
                    dataSource.Clear();
                }
            }

            try
            {
                await Task.Delay(delay, ct).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    /// <summary>Runs <paramref name="work"/> whenever <paramref name="channel"/> is notified, and at least every
    /// <paramref name="poll"/>; again at once while it reports progress. Each run of the loop LISTENs on a fresh connection.</summary>
    public static Task ListenAsync(NpgsqlDataSource dataSource, string channel, TimeSpan poll, Func<CancellationToken, Task<long>> work,
        Action<Exception, TimeSpan>? onTransientFault, CancellationToken ct) =>
        RunAsync(dataSource, async token =>
        {
            var listener = await dataSource.OpenConnectionAsync(token).ConfigureAwait(false);
            await using var listenerScope = listener.ConfigureAwait(false);
            var listen = new NpgsqlCommand($"LISTEN {channel}", listener);
            await using (listen.ConfigureAwait(false))
            {
                await listen.ExecuteNonQueryAsync(token).ConfigureAwait(false);
            }

            while (!token.IsCancellationRequested)
            {
                if (await work(token).ConfigureAwait(false) == 0)
                {
                    await listener.WaitAsync(poll, token).ConfigureAwait(false);
                }
            }
        }, onTransientFault, ct);
}
