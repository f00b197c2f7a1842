using Docker.DotNet.Models;
using DotNet.Testcontainers.Configurations;
using Npgsql;
using Testcontainers.PostgreSql;

namespace CareersCompliance.Testing.Postgres;

/// <summary>
/// The one PostgreSQL container of a test process: started on first use, shared by every test class (each clones its
/// own database from the migrated template), removed when the process exits.
/// </summary>
public static class TestDatabaseContainer
{
    /// <summary>The label on every test container; <c>ops/test</c> removes containers carrying it that a killed run left.</summary>
    public const string Label = "careers.test-db";

    private const string Owner = "careers";
    private const string Database = "careers_tests";

    /// <summary>Starts the container and returns the owner's connection string of its <c>careers_tests</c> database.</summary>
    /// <param name="image">The image (CAREERS_PG_IMAGE).</param>
    /// <param name="ct">Cancels the start.</param>
    /// <returns>The connection string, on 127.0.0.1 and the published port.</returns>
    /// <exception cref="InvalidOperationException">When Docker's engine does not answer or the container does not start.</exception>
    public static async Task<string> StartAsync(string image, CancellationToken ct)
    {
        // Why: the reaper (ryuk) needs an image from a registry, and none is reachable here; the exit hook below and
        // ops/test's sweep by label clean up instead.
        TestcontainersSettings.ResourceReaperEnabled = false;
        PostgreSqlContainer container;
        try
        {
            container = new PostgreSqlBuilder()
                .WithImage(image)
                .WithUsername(Owner)
                .WithPassword(Owner)
                .WithDatabase(Database)
                .WithLabel(Label, Environment.ProcessId.ToString(System.Globalization.CultureInfo.InvariantCulture))
                // Why: without the reaper, disposing only stops a container; Docker then removes it.
                .WithAutoRemove(true)
                .WithCreateParameterModifier(PublishOnLoopbackOnly)
                .Build();
            AppDomain.CurrentDomain.ProcessExit += (_, _) => Remove(container);
            await container.StartAsync(ct);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            throw new InvalidOperationException(
                $"Could not start a PostgreSQL container from {PostgresSettings.ImageVariable}={image}: {e.Message} " +
                "Start Docker's engine with ops/docker/ensure.sh and build the image with ops/postgres/image.", e);
        }

        return new NpgsqlConnectionStringBuilder
        {
            Host = "127.0.0.1",
            Port = container.GetMappedPublicPort(PostgreSqlBuilder.PostgreSqlPort),
            Database = Database,
            Username = Owner,
            Password = Owner,
        }.ConnectionString;
    }

    // Why: Testcontainers publishes on 0.0.0.0; a test database with a known password must not be reachable from outside.
    private static void PublishOnLoopbackOnly(CreateContainerParameters parameters)
    {
        foreach (var binding in parameters.HostConfig.PortBindings.Values.SelectMany(bindings => bindings))
        {
            binding.HostIP = "127.0.0.1";
        }
    }

    private static void Remove(PostgreSqlContainer container)
    {
        try
        {
#pragma warning disable VSTHRD002 // Why: ProcessExit handlers are synchronous and run with no synchronization context.
            container.DisposeAsync().AsTask().Wait(TimeSpan.FromSeconds(30));
#pragma warning restore VSTHRD002
        }
        catch (AggregateException)
        {
            // The process is ending; ops/test removes what is left by label.
        }
    }
}
