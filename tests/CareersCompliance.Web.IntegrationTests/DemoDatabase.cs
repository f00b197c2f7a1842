using CareersCompliance.Application;
using CareersCompliance.Application.Accounts;
using CareersCompliance.Application.Demo;
using CareersCompliance.Application.Import;
using CareersCompliance.Application.Recording;
using CareersCompliance.EventStore;
using CareersCompliance.Testing.Postgres;
using NodaTime;

namespace CareersCompliance.Web.IntegrationTests;

/// <summary>
/// One fresh database for the web tests, loaded with a small demo (three trusts, four schools) and one account per role.
/// Fails, never skips, when PostgreSQL is unreachable.
/// </summary>
public sealed class DemoDatabase : IAsyncLifetime
{
    private CareersRuntime? _runtime;

    public string ConnectionString { get; private set; } = "";

    public CareersRuntime Runtime => _runtime ?? throw new InvalidOperationException("Not initialised");

    public AccountService Accounts { get; private set; } = null!;

    public DirectorySnapshot Directory { get; private set; } = null!;

    /// <summary>The demo accounts with their passwords.</summary>
    public IReadOnlyDictionary<string, string> Passwords { get; private set; } = new Dictionary<string, string>(StringComparer.Ordinal);

    public string LltSchool => Directory.SchoolsOf("LLT").OrderBy(s => s.Urn, StringComparer.Ordinal).First().Urn;

    public string LltOtherSchool => Directory.SchoolsOf("LLT").OrderBy(s => s.Urn, StringComparer.Ordinal).Last().Urn;

    public string JtmatSchool => Directory.SchoolsOf("JTMAT")[0].Urn;

    /// <summary>The school the demo inspector's grant covers.</summary>
    public string InspectedSchool { get; private set; } = "";

    public async ValueTask InitializeAsync()
    {
        var ct = CancellationToken.None;
        ConnectionString = await PostgresTemplate.CreateDatabaseAsync(nameof(DemoDatabase), ct);
        _runtime = CareersRuntime.Create(ConnectionString, SystemClock.Instance);
        var today = SystemClock.Instance.GetCurrentInstant().InZone(DateTimeZoneProviders.Tzdb["Europe/London"]).Date;
        var current = AcademicYear.Containing(today);
        var folder = Path.Combine(Path.GetTempPath(), $"careers-web-tests-{Guid.NewGuid():N}");
        var summary = DemoGenerator.Write(folder, new DemoOptions
        {
            Seed = 7,
            Pupils = 240,
            Schools = 4,
            Today = today,
            WriteCorrections = false,
            AcademicYears = [new(current.StartYear - 2), new(current.StartYear - 1), current],
        });
        await _runtime.Importer.ImportDirectoryAsync(summary.Directory, new ImportRequest("demo-seed", Partial: false, Guid.CreateVersion7()), ct);
        await DemoSchoolFacts.RecordAsync(summary, _runtime.Commands, _runtime.Staff, _runtime.Clock.GetCurrentInstant(), ct);
        await DemoAccessRequests.RecordAsync(summary, _runtime.Commands, _runtime.Clock.GetCurrentInstant(), ct);
        await _runtime.CatchUpAsync(ct);
        await DemoSendTransitions.RecordAsync(summary, _runtime.Reports, _runtime.Pupils, _runtime.Commands, _runtime.Clock.GetCurrentInstant(), ct);
        await DemoDestinations.RecordAsync(summary, _runtime.Reports, _runtime.Pupils, _runtime.Commands, _runtime.Clock.GetCurrentInstant(), ct);
        await _runtime.CatchUpAsync(ct);
        System.IO.Directory.Delete(folder, recursive: true);

        Accounts = new AccountService(_runtime.App, SystemClock.Instance);
        Directory = await new SchoolDirectory(new StreamSetReader(_runtime.App, _runtime.Registry)).LoadAsync(today, ct);
        var demo = await new DemoAccounts(Accounts, SystemClock.Instance).EnsureAsync(Directory, resetPasswords: false, ct);
        Passwords = demo.ToDictionary(a => a.Username, a => a.Password!, StringComparer.Ordinal);
        var inspector = await Accounts.FindAsync("inspector", ct);
        InspectedSchool = (await Accounts.ActiveGrantsAsync(inspector!.AccountId, ct)).Single().SchoolUrn;
    }

    public async ValueTask DisposeAsync()
    {
        if (_runtime is not null)
        {
            await _runtime.DisposeAsync();
        }

        if (ConnectionString.Length > 0)
        {
            await PostgresTemplate.DropDatabaseAsync(ConnectionString);
        }
    }
}

[CollectionDefinition(Name)]
public sealed class WebTests : ICollectionFixture<DemoDatabase>
{
    public const string Name = "web";
}
