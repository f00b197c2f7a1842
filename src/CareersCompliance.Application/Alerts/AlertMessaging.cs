using System.Text.Json;
using JasperFx;
using JasperFx.CodeGeneration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using CareersCompliance.Application.Recording;
using Wolverine;
using Wolverine.ErrorHandling;
using Wolverine.Postgresql;
using Wolverine.Runtime;

namespace CareersCompliance.Application.Alerts;

/// <summary>
/// The product's Wolverine: the recording commands' handlers (<see cref="RecordingMessages"/>), invoked in process by
/// the forms and the API, and alert delivery: a durable local queue of <see cref="DeliverAlert"/> messages in PostgreSQL (schema
/// wolverine, migration 0095), retries with exponential backoff, dead letters after <see cref="AlertOptions.MaxAttempts"/>,
/// and Wolverine's node registry so any number of hosts share the work and a dead host's messages move to a live one.
/// </summary>
public static class AlertMessaging
{
    public const string Schema = "wolverine";

    public const string Queue = "alert-deliveries";

    public const string ScheduleQueue = "alert-schedule";

    /// <summary>Registers Wolverine and the alert centre over the container's <see cref="CareersRuntime"/>.</summary>
    public static IServiceCollection AddAlertDelivery(this IServiceCollection services, AlertOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        services.AddSingleton(options);
        services.AddSingleton(sp => sp.GetRequiredService<CareersRuntime>().Commands);
        services.AddSingleton(sp => new AlertCenter(sp.GetRequiredService<CareersRuntime>(), options, sp.GetRequiredService<IWolverineRuntime>()));
        services.AddWolverine(opts => Configure(opts, options));
        // Registered after Wolverine, so it starts once Wolverine's queues are listening.
        services.AddHostedService<LegacyDeliveryMove>();
        return services;
    }

    /// <summary>A host running only alert delivery over an open runtime: for the CLI and tests.</summary>
    public static async Task<IHost> StartHostAsync(CareersRuntime runtime, AlertOptions options, CancellationToken ct)
    {
        var host = BuildHost(runtime, options);
        await host.StartAsync(ct);
        return host;
    }

    /// <summary>The same host, built and not started: the code generator reads its handler chains from it.</summary>
    public static IHost BuildHost(CareersRuntime runtime, AlertOptions options, Action<WolverineOptions>? adjust = null)
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        // Why no logging: a failed attempt is recorded as a retry or a dead letter, which the CLI reports itself.
        builder.Logging.ClearProviders();
        builder.Services.AddSingleton(runtime);
        builder.Services.AddAlertDelivery(options);
        if (adjust is not null)
        {
            builder.Services.ConfigureWolverine(adjust);
        }

        return builder.Build();
    }

    private static void Configure(WolverineOptions opts, AlertOptions options)
    {
        opts.ServiceName = "careers";
        opts.ApplicationAssembly = typeof(AlertMessaging).Assembly;
        // Why static: the handlers' adapters are generated ahead of time into Internal/Generated (ops/codegen, checked
        // by a test), so no process compiles them with Roslyn when it starts or first sends a command.
        opts.CodeGeneration.TypeLoadMode = TypeLoadMode.Static;
        opts.Discovery.DisableConventionalDiscovery().IncludeType<DeliverAlertHandler>().IncludeType<EvaluateAlertsDailyHandler>();
        foreach (var handler in RecordingMessages.Handlers)
        {
            opts.Discovery.IncludeType(handler);
        }

        opts.PersistMessagesWithPostgresqlUsingDataSourceFromContainer(sp => sp.GetRequiredService<CareersRuntime>().App, Schema);
        // Why none: migration 0095 owns the schema; the application role may not create tables.
        opts.AutoBuildMessageStorageOnStartup = AutoCreate.None;
        opts.UseSystemTextJsonForSerialization(json => json.PropertyNamingPolicy = JsonNamingPolicy.CamelCase);
        opts.PublishMessage<DeliverAlert>().ToLocalQueue(Queue).UseDurableInbox().MaximumParallelMessages(options.BatchSize);
        opts.PublishMessage<EvaluateAlertsDaily>().ToLocalQueue(ScheduleQueue).UseDurableInbox().Sequential();

        opts.OnException<SubscriptionRemovedException>().MoveToErrorQueue();
        opts.OnException<DeliveryFailedException>(e => e.Permanent).MoveToErrorQueue();
        var delays = Enumerable.Range(1, Math.Clamp(options.MaxAttempts, 1, AlertOptions.MaxAttemptsLimit) - 1).Select(options.Backoff).ToArray();
        if (delays.Length == 0)
        {
            opts.Policies.OnAnyException().MoveToErrorQueue();
        }
        else
        {
            // Why scheduled rather than in-process retries: the wait survives a restart, and the slot serves other messages meanwhile.
            opts.Policies.OnAnyException().ScheduleRetry(delays).Then.MoveToErrorQueue();
        }

        opts.Durability.Mode = DurabilityMode.Balanced;
        // Why poll at the base backoff at most: a scheduled retry is picked up by this poll, so it sets the shortest wait.
        var poll = TimeSpan.FromMilliseconds(Math.Clamp(options.BackoffBase.TotalMilliseconds, 100, 5000));
        opts.Durability.ScheduledJobPollingTime = poll;
        opts.Durability.ScheduledJobFirstExecution = poll;
        opts.Durability.StaleNodeTimeout = options.NodeTimeout;
        opts.Durability.HealthCheckPollingTime = options.NodeTimeout / 4;
        opts.Durability.FirstHealthCheckExecution = TimeSpan.FromMilliseconds(200);
        opts.Durability.NodeReassignmentPollingTime = options.NodeTimeout / 4;
    }
}

/// <summary>At start, queues on Wolverine what the hand-written outbox still had pending (migration 0095); a no-op after that.</summary>
internal sealed partial class LegacyDeliveryMove(AlertCenter alerts, ILogger<LegacyDeliveryMove> logger) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        try
        {
            if (await alerts.QueueLegacyDeliveriesAsync(cancellationToken) is > 0 and var moved)
            {
                LogMoved(logger, moved);
            }
        }
        catch (Npgsql.NpgsqlException e)
        {
            // Why not fail the host: the rows stay where they are, and the next host to start moves them.
            LogNotMoved(logger, e);
        }
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    [LoggerMessage(Level = LogLevel.Information, Message = "Queued {Count} delivery(ies) left pending by the old outbox")]
    private static partial void LogMoved(ILogger logger, int count);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not queue the deliveries left pending by the old outbox; the next start tries again")]
    private static partial void LogNotMoved(ILogger logger, Exception exception);
}
