using CareersCompliance.Application;

namespace CareersCompliance.Web.Hosting;

/// <summary>
/// Runs the sealer and the projection daemon for as long as the host runs, so pages read current projections
/// (Careers:RunLedgerWorker=false turns it off, for tests that seal themselves).
/// </summary>
internal sealed partial class LedgerWorker(CareersRuntime runtime, IConfiguration configuration, ILogger<LedgerWorker> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!configuration.GetValue("Careers:RunLedgerWorker", defaultValue: true))
        {
            return;
        }

        try
        {
            await Task.WhenAll(runtime.Sealer.RunAsync(stoppingToken), runtime.Daemon.RunAsync(stoppingToken));
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Shutting down.
        }
        catch (Exception e) when (e is Npgsql.NpgsqlException or InvalidOperationException)
        {
            // Why not rethrow: the pages still work from what is sealed; the CLI's 'projections status' shows the fault.
            LogStopped(logger, e);
        }
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "The sealer or projection daemon stopped")]
    private static partial void LogStopped(ILogger logger, Exception exception);
}
