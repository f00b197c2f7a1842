using CareersCompliance.Application.Commands;
using CareersCompliance.Application.Pupils;
using CareersCompliance.Application.Recording;
using CareersCompliance.Application.Reports;
using CareersCompliance.Application.Serialization;
using CareersCompliance.Domain;
using CareersCompliance.EventStore;
using CareersCompliance.EventStore.Hosting;
using CareersCompliance.EventStore.Projections;
using CareersCompliance.EventStore.Sealing;
using CareersCompliance.EventStore.Serialization;
using CareersCompliance.Projections.Audit;
using CareersCompliance.Projections.SchoolStreams;
using CareersCompliance.Projections.Timelines;
using NodaTime;
using Npgsql;

namespace CareersCompliance.Application;

/// <summary>
/// The composition root shared by the CLI and the web host: one data source per role, the store, the command
/// handler, the registers, the importer and the reports, all over one injected clock.
/// </summary>
public sealed class CareersRuntime : IAsyncDisposable
{
    // Why one instance: System.Text.Json caches its per-type metadata on the options object.
    private static readonly System.Text.Json.JsonSerializerOptions EventJsonOptions = EventJson.Create(new ValueJsonConverterFactory());

    private readonly NpgsqlDataSource? _owner;

    private CareersRuntime(DatabaseLogins logins, IClock clock)
    {
        Logins = logins;
        Clock = clock;
        _owner = logins.Owner is { } owner ? EventStoreDataSources.CreateOwner(owner) : null;
        App = EventStoreDataSources.CreateApplication(logins.ForApplication);
        Sealing = EventStoreDataSources.CreateSealer(logins.ForSealer);
        Registry = CreateRegistry();
        Store = new PostgresEventStore(App, Registry);
        Commands = new StreamCommandHandler(Store);
        Pupils = new PupilRegister(App, new Privacy.UpnHasher());
        Staff = new StaffRegister(App);
        Sealer = new LedgerSealer(Sealing);
        Daemon = new ProjectionDaemon(App, Registry, Projections());
        Importer = new ImportRunner(Registry, Pupils, Staff, App, clock);
        Reports = new StandingReports(new EvidenceLoader(new StreamSetChangesReader(App, Registry), new SchoolStreamsQuery(App), Pupils, App));
    }

    /// <summary>The logins this runtime connects with.</summary>
    public DatabaseLogins Logins { get; }

    public IClock Clock { get; }

    /// <summary>Acts as the connecting (owner) role: migrations and operator actions only.</summary>
    /// <exception cref="InvalidOperationException">When this process was given the roles' own logins and no owner's.</exception>
    public NpgsqlDataSource Owner => _owner ?? throw new InvalidOperationException(
        "This process connects with the application's and the sealer's own logins and holds no owner login; run this as an operator with CAREERS_DB.");

    /// <summary>Whether this process holds the owner's login.</summary>
    public bool HasOwner => _owner is not null;

    /// <summary>Acts as careers_app, which may add events but never change them.</summary>
    public NpgsqlDataSource App { get; }

    /// <summary>Acts as careers_sealer, the only role that may write the ledger.</summary>
    public NpgsqlDataSource Sealing { get; }

    public EventTypeRegistry Registry { get; }

    public IEventStore Store { get; }

    public StreamCommandHandler Commands { get; }

    public PupilRegister Pupils { get; }

    public StaffRegister Staff { get; }

    public LedgerSealer Sealer { get; }

    public ProjectionDaemon Daemon { get; }

    public ImportRunner Importer { get; }

    public StandingReports Reports { get; }

    /// <summary>Opens the runtime on an explicit connection string, else CAREERS_DB, else the private cluster.</summary>
    public static async Task<CareersRuntime> OpenAsync(string? connectionString, IClock clock, CancellationToken ct) =>
        new(new DatabaseLogins(await DatabaseLocator.ResolveAsync(connectionString, ct)), clock);

    public static CareersRuntime Create(string connectionString, IClock clock) => new(new DatabaseLogins(connectionString), clock);

    /// <summary>Opens the runtime on explicit logins (a web host given the roles' own logins and no owner's).</summary>
    public static CareersRuntime Create(DatabaseLogins logins, IClock clock) => new(logins, clock);

    /// <summary>The stored event names, from the domain's explicit list; ids and academic years stored as plain strings.</summary>
    public static EventTypeRegistry CreateRegistry()
    {
        var registry = new EventTypeRegistry(EventJsonOptions);
        foreach (var (type, storedName) in EventTypes.All)
        {
            registry.Map(type, storedName);
        }

        return registry;
    }

    /// <summary>Every read model the daemon maintains.</summary>
    public static IReadOnlyList<IProjection> Projections() => [new SchoolStreamsProjection(), new AuditIndexProjection(), new EvidenceTimelineProjection()];

    /// <summary>Drops every pool's idle connections (they died with the server after a restart or failover).</summary>
    public void ClearPools()
    {
        App.Clear();
        Sealing.Clear();
        _owner?.Clear();
    }

    /// <summary>Seals what is committed and brings every projection up to the ledger head (read-your-writes for reports).</summary>
    public async Task CatchUpAsync(CancellationToken ct)
    {
        await Sealer.SealCommittedAsync(TimeSpan.FromSeconds(60), ct);
        await Daemon.CatchUpAsync(ct);
    }

    public async ValueTask DisposeAsync()
    {
        await App.DisposeAsync();
        await Sealing.DisposeAsync();
        if (_owner is not null)
        {
            await _owner.DisposeAsync();
        }
    }
}
