using CareersCompliance.Application;

namespace CareersCompliance.Web.Hosting;

/// <summary>
/// Runs the sealer and the projection daemon for as long as the host runs, so pages read current projections
/// (Careers:RunLedgerWorker=false turns it off, for tests that seal themselves). Each rides out database outages by
/// itself; a fault that needs a person (a broken chain) is logged and the loop is tried again every half minute, so
/// the host never goes on serving while silently no longer sealing.
/// </summary>
internal sealed partial class LedgerWorker(CareersRuntime runtime, IConfiguration configuration, ILogger<LedgerWorker> logger) : BackgroundService
{
    private static readonly TimeSpan RetryAfterFault = TimeSpan.FromSeconds(30);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!configuration.GetValue("Careers:RunLedgerWorker", defaultValue: true))
        {
            return;
        }

        await Task.WhenAll(
            SuperviseAsync("sealer", ct => runtime.Sealer.RunAsync(ct, (e, delay) => LogOutage(logger, "sealer", delay, e)), stoppingToken),
            SuperviseAsync("projection daemon", ct => runtime.Daemon.RunAsync(ct, (e, delay) => LogOutage(logger, "projection daemon", delay, e)), stoppingToken));
    }

    private async Task SuperviseAsync(string name, Func<CancellationToken, Task> run, CancellationToken ct)
    {
        while (!ct.IsCancellationRequested)
        {
            try
            {
                await run(ct);
                return;
            }
            catch (OperationCanceledException) when (ct.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e)
            {
                LogStopped(logger, name, RetryAfterFault, e);
            }

            try
            {
                await Task.Delay(RetryAfterFault, ct);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "The {Worker} lost the database; reconnecting in {Delay}")]
    private static partial void LogOutage(ILogger logger, string worker, TimeSpan delay, Exception exception);

    [LoggerMessage(Level = LogLevel.Error, Message = "The {Worker} stopped on a fault that needs attention; trying again in {Delay}")]
    private static partial void LogStopped(ILogger logger, string worker, TimeSpan delay, Exception exception);
}
