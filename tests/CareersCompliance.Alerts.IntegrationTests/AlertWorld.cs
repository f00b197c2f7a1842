using System.Text;
using CareersCompliance.Application;
using CareersCompliance.Application.Alerts;
using CareersCompliance.Application.Import;
using CareersCompliance.Application.Recording;
using CareersCompliance.Testing.Postgres;
using NodaTime.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Npgsql;

namespace CareersCompliance.Alerts.IntegrationTests;

/// <summary>A fresh database per test, a runtime on a fake clock, and small MIS exports: one school of trust T1 with three Year 9 pupils.</summary>
internal sealed class AlertWorld : IAsyncDisposable
{
    public const string Urn = "100001";
    public const string Trust = "T1";

    private static readonly string[] Pupils = [Upn.Create("820200101001"), Upn.Create("820200101002"), Upn.Create("820200101003")];

    private readonly string _root = Path.Combine(Path.GetTempPath(), "careers-alerts-" + Guid.NewGuid().ToString("N"));

    private readonly bool _dropOnDispose;

    private AlertWorld(string connectionString, FakeClock clock, CareersRuntime runtime, IHost host, bool dropOnDispose)
    {
        _dropOnDispose = dropOnDispose;
        ConnectionString = connectionString;
        Clock = clock;
        Runtime = runtime;
        Host = host;
        Alerts = host.Services.GetRequiredService<AlertCenter>();
    }

    /// <summary>The alert host: Wolverine delivering on this world's database, as the web host and <c>careers alerts dispatch</c> do.</summary>
    public IHost Host { get; }

    public string ConnectionString { get; }

    public FakeClock Clock { get; }

    public CareersRuntime Runtime { get; }

    public AlertCenter Alerts { get; }

    /// <summary>A fresh database cloned from the migrated template, and a runtime on it.</summary>
    /// <param name="label">A readable part of the database name.</param>
    /// <param name="clock">The runtime's clock.</param>
    /// <param name="options">The alert options.</param>
    /// <param name="ct">Cancels the set-up.</param>
    /// <param name="serverOptions">Settings for every session of the runtime (e.g. <c>-c enable_seqscan=off</c>), or null.</param>
    /// <param name="dropOnDispose">False to keep the database for another process (the caller drops it).</param>
    /// <returns>The world; dispose it to drop the database.</returns>
    public static async Task<AlertWorld> CreateAsync(string label, FakeClock clock, AlertOptions options, CancellationToken ct,
        string? serverOptions = null, bool dropOnDispose = true)
    {
        var created = await PostgresTemplate.CreateDatabaseAsync(label, ct);
        var connectionString = serverOptions is null ? created : new NpgsqlConnectionStringBuilder(created) { Options = serverOptions }.ConnectionString;
        var runtime = CareersRuntime.Create(connectionString, clock);
        return new(connectionString, clock, runtime, await AlertMessaging.StartHostAsync(runtime, options, ct), dropOnDispose);
    }

    /// <summary>One qualifying provider encounter for Year 9 in the autumn: every pupil is one short, one occasion short.</summary>
    public Task ImportOneEncounterAsync(CancellationToken ct) => ImportAsync("baseline", ct,
        ("schools.csv", ["urn,name,trust_id,trust_name,lowest_year,highest_year,school_type,school_day_start,school_day_end",
            $"{Urn},Test Academy,{Trust},Test Trust,7,13,academy,08:30,15:30"]),
        ("providers.csv", ["provider_id,name,kind,offers_technical", "10000001,North College,fe_college,true", "10000002,South Training,itp,true"]),
        ("pupils.csv", ["upn,school_urn,forename,surname,date_of_birth,year_group,academic_year,admission_date",
            .. Pupils.Select((u, i) => $"{u},{Urn},Pupil{i},Test,2011-10-0{i + 1},9,2025/26,2024-09-01")]),
        ("activities.csv", [Header, $"ACT-1,{Urn},provider_encounter,2025-10-10,10:00,11:00,in_person,10000001,,{Checklist},9,College talk"]),
        ("attendance.csv", ["activity_id,upn,attended", .. Pupils.Select(u => $"ACT-1,{u},true")]));

    /// <summary>A second encounter with another provider that every pupil attended: the phase 1 conditions clear.</summary>
    public Task ImportSecondEncounterAsync(CancellationToken ct) => ImportAsync("second", ct,
        ("activities.csv", [Header, $"ACT-2,{Urn},provider_encounter,2026-01-20,10:00,11:00,in_person,10000002,,{Checklist},9,Apprenticeships"]),
        ("attendance.csv", ["activity_id,upn,attended", .. Pupils.Select(u => $"ACT-2,{u},true")]));

    public async Task<long> CountAsync(string sql, CancellationToken ct)
    {
        await using var command = Runtime.Owner.CreateCommand(sql);
        return Convert.ToInt64(await command.ExecuteScalarAsync(ct), System.Globalization.CultureInfo.InvariantCulture);
    }

    public async ValueTask DisposeAsync()
    {
        await Host.StopAsync(CancellationToken.None);
        Host.Dispose();
        await Runtime.DisposeAsync();
        if (_dropOnDispose)
        {
            NpgsqlConnection.ClearAllPools();
            await PostgresTemplate.DropDatabaseAsync(ConnectionString);
        }

        try
        {
            Directory.Delete(_root, recursive: true);
        }
        catch (IOException)
        {
            // A leftover temp folder is harmless.
        }
    }

    private const string Header = "activity_id,school_urn,kind,date,start_time,end_time,delivery_mode,provider_ids,adviser_id,checklist,year_groups,title";
    private const string Checklist = "provider_info;careers;learning_like;questions";

    private async Task ImportAsync(string folder, CancellationToken ct, params (string Name, string[] Lines)[] files)
    {
        var dir = Path.Combine(_root, folder);
        Directory.CreateDirectory(dir);
        foreach (var (name, lines) in files)
        {
            await File.WriteAllTextAsync(Path.Combine(dir, name), string.Join("\n", lines) + "\n", new UTF8Encoding(false), ct);
        }

        var outcomes = await Runtime.Importer.ImportDirectoryAsync(dir, new ImportRequest("careers.leader@test", false, Guid.CreateVersion7()), ct);
        outcomes.Should().OnlyContain(o => o.Written && !o.AllErrors.Any());
    }
}
