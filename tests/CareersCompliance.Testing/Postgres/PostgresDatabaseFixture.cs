using CareersCompliance.EventStore.Hosting;
using Npgsql;

namespace CareersCompliance.Testing.Postgres;

/// <summary>
/// A class fixture: a fresh database cloned from the migrated template, with the owner and application data sources.
/// Fails (never skips) when PostgreSQL cannot be reached.
/// </summary>
public class PostgresDatabaseFixture : IAsyncLifetime
{
    private string? _connectionString;
    private NpgsqlDataSource? _app;
    private NpgsqlDataSource? _owner;
    private NpgsqlDataSource? _sealing;

    /// <summary>The owner's connection string of this fixture's database.</summary>
    public string ConnectionString => _connectionString ?? throw new InvalidOperationException("The fixture is not initialised.");

    /// <summary>A data source acting as the application role (careers_app).</summary>
    public NpgsqlDataSource App => _app ?? throw new InvalidOperationException("The fixture is not initialised.");

    /// <summary>A data source acting as the sealer's role (careers_sealer), the only one that writes the ledger.</summary>
    public NpgsqlDataSource Sealing => _sealing ?? throw new InvalidOperationException("The fixture is not initialised.");

    /// <summary>A data source acting as the owner (the test server's superuser).</summary>
    public NpgsqlDataSource Owner => _owner ?? throw new InvalidOperationException("The fixture is not initialised.");

    /// <inheritdoc />
    public async ValueTask InitializeAsync()
    {
        _connectionString = await PostgresTemplate.CreateDatabaseAsync(GetType().Name, CancellationToken.None);
        _app = EventStoreDataSources.CreateApplication(_connectionString);
        _owner = EventStoreDataSources.CreateOwner(_connectionString);
        _sealing = EventStoreDataSources.CreateSealer(_connectionString);
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        if (_app is not null)
        {
            await _app.DisposeAsync();
        }

        if (_owner is not null)
        {
            await _owner.DisposeAsync();
        }

        if (_sealing is not null)
        {
            await _sealing.DisposeAsync();
        }

        if (_connectionString is not null)
        {
            await PostgresTemplate.DropDatabaseAsync(_connectionString);
        }

        GC.SuppressFinalize(this);
    }
}
