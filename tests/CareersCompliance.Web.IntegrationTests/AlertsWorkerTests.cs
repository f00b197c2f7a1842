using System.Diagnostics;
using System.Text;
using CareersCompliance.Application;
using CareersCompliance.Application.Alerts;
using CareersCompliance.Application.Import;
using CareersCompliance.Application.Recording;
using CareersCompliance.Testing.Postgres;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using NodaTime;
using NodaTime.Testing;
using Npgsql;

namespace CareersCompliance.Web.IntegrationTests;

/// <summary>The web host's alerts worker raises an alert by itself once an import makes a condition true.</summary>
public sealed class AlertsWorkerTests
{
    private const string Urn = "100901";

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task the_worker_raises_an_alert_after_an_import_leaves_pupils_short_of_encounters_before_the_window_closes()
    {
        // 15 January 2026: the phase 1 window (28 February) closes within the 60-day horizon.
        var clock = FakeClock.FromUtc(2026, 1, 15, 7, 0, 0);
        var connectionString = await PostgresTemplate.CreateDatabaseAsync(nameof(AlertsWorkerTests), Ct);
        var folder = Path.Combine(Path.GetTempPath(), $"careers-alerts-worker-{Guid.NewGuid():N}");
        try
        {
            await using (var factory = new WorkerFactory(connectionString, clock))
            {
                var alerts = factory.Services.GetRequiredService<AlertCenter>();
                var runtime = factory.Services.GetRequiredService<CareersRuntime>();
                (await alerts.List.ListAsync(null, null, Ct)).Should().BeEmpty("nothing is wrong in an empty database");

                await ImportAsync(runtime, folder);

                var raised = await WaitForAsync(alerts, $"pal-pupils-short:{Urn}:p1:2026-02-28");
                raised.Count.Should().Be(3);
                raised.DaysLeft.Should().Be(44);
                raised.TrustId.Should().Be("T9");
                await using var scheduled = runtime.Owner.CreateCommand(
                    "SELECT count(*) FROM wolverine.wolverine_incoming_envelopes WHERE message_type = 'evaluate-alerts-daily' AND status = 'Scheduled'");
                (await scheduled.ExecuteScalarAsync(Ct)).Should().Be(1L,
                    "the worker scheduled the daily run once, for the next 00:05 by the wall clock, and it does not run over and over");
            }
        }
        finally
        {
            NpgsqlConnection.ClearAllPools();
            await PostgresTemplate.DropDatabaseAsync(connectionString);
            if (Directory.Exists(folder))
            {
                Directory.Delete(folder, recursive: true);
            }
        }
    }

    private static async Task<Projections.Alerts.AlertListItem> WaitForAsync(AlertCenter alerts, string dedupeKey)
    {
        var waited = Stopwatch.StartNew();
        while (waited.Elapsed < TimeSpan.FromSeconds(60))
        {
            if ((await alerts.List.ListAsync("open", null, Ct)).FirstOrDefault(a => string.Equals(a.DedupeKey, dedupeKey, StringComparison.Ordinal)) is { } found)
            {
                return found;
            }

            await Task.Delay(200, Ct);
        }

        throw new TimeoutException($"The worker raised no alert {dedupeKey} within 60 seconds.");
    }

    private static async Task ImportAsync(CareersRuntime runtime, string folder)
    {
        string[] pupils = [Upn.Create("820900101001"), Upn.Create("820900101002"), Upn.Create("820900101003")];
        const string header = "activity_id,school_urn,kind,date,start_time,end_time,delivery_mode,provider_ids,adviser_id,checklist,year_groups,title";
        (string Name, string[] Lines)[] files =
        [
            ("schools.csv", ["urn,name,trust_id,trust_name,lowest_year,highest_year,school_type,school_day_start,school_day_end",
                $"{Urn},Worker Academy,T9,Worker Trust,7,13,academy,08:30,15:30"]),
            ("providers.csv", ["provider_id,name,kind,offers_technical", "10000001,North College,fe_college,true"]),
            ("pupils.csv", ["upn,school_urn,forename,surname,date_of_birth,year_group,academic_year,admission_date",
                .. pupils.Select((u, i) => $"{u},{Urn},Pupil{i},Test,2011-10-0{i + 1},9,2025/26,2024-09-01")]),
            ("activities.csv", [header, $"ACT-1,{Urn},provider_encounter,2025-10-10,10:00,11:00,in_person,10000001,,provider_info;careers;learning_like;questions,9,College talk"]),
            ("attendance.csv", ["activity_id,upn,attended", .. pupils.Select(u => $"ACT-1,{u},true")]),
        ];
        Directory.CreateDirectory(folder);
        foreach (var (name, lines) in files)
        {
            await File.WriteAllTextAsync(Path.Combine(folder, name), string.Join("\n", lines) + "\n", new UTF8Encoding(false), Ct);
        }

        var outcomes = await runtime.Importer.ImportDirectoryAsync(folder, new ImportRequest("careers.leader@test", false, Guid.CreateVersion7()), Ct);
        outcomes.Should().OnlyContain(o => o.Written && !o.AllErrors.Any());
    }

    /// <summary>The real host on a fresh database and a fake clock, with the ledger and alerts workers on and a short debounce.</summary>
    private sealed class WorkerFactory(string connectionString, IClock clock) : WebApplicationFactory<Program>
    {
        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            builder.UseSetting("ConnectionStrings:Careers", connectionString);
            builder.UseSetting("Careers:RunLedgerWorker", "true");
            builder.UseSetting("Careers:RunAlertsWorker", "true");
            builder.UseSetting("Careers:Alerts:PollMilliseconds", "200");
            builder.UseSetting("Careers:Alerts:DebounceMilliseconds", "300");
            builder.ConfigureTestServices(services => services.AddSingleton(clock));
        }
    }
}
