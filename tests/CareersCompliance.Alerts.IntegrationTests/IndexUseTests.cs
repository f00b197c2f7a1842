using CareersCompliance.Application.Alerts;
using CareersCompliance.Application.Reports;
using CareersCompliance.Domain.Common;
using CareersCompliance.Domain.Rules;
using NodaTime;
using NodaTime.Testing;
using Npgsql;

namespace CareersCompliance.Alerts.IntegrationTests;

/// <summary>
/// Issue 13: the application never scans the events table. Its sessions run with sequential scans priced out, so the
/// planner takes an index wherever one serves the query (on a table this small it would rightly prefer a scan); any
/// sequential scan of es.mt_events left in PostgreSQL's statistics is then a query no index serves.
/// </summary>
public sealed class IndexUseTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task imports_reports_and_an_alert_evaluation_read_the_events_only_through_indexes()
    {
        await using var w = await AlertWorld.CreateAsync("indexuse", FakeClock.FromUtc(2026, 1, 15, 7, 0, 0), AlertOptions.Default, Ct,
            serverOptions: "-c enable_seqscan=off");
        var before = await SequentialScansOfEventsAsync(w);

        await w.ImportOneEncounterAsync(Ct);
        await w.Alerts.Processor.EvaluateAsync(null, Ct);
        await w.ImportSecondEncounterAsync(Ct);
        await w.Alerts.Processor.EvaluateAsync(null, Ct);
        var query = new ReportQuery(new LocalDate(2026, 3, 1), null, RuleSettings.Default);
        await w.Runtime.Reports.SchoolAsync(new SchoolUrn(AlertWorld.Urn), query, Ct);
        await w.Runtime.Reports.TrustAsync(new TrustId(AlertWorld.Trust), query, Ct);

        (await SequentialScansOfEventsAsync(w)).Should().Be(before, "every query of the events goes through an index or a read model");
    }

    /// <summary>The counter once every session has ended: a backend writes its statistics when it exits.</summary>
    private static async Task<long> SequentialScansOfEventsAsync(AlertWorld w)
    {
        w.Runtime.App.Clear();
        w.Runtime.Owner.Clear();
        var plain = new NpgsqlConnectionStringBuilder(w.ConnectionString) { Options = null, Pooling = false }.ConnectionString;
        long last = -1;
        for (var attempt = 0; attempt < 20; attempt++)
        {
            await Task.Delay(TimeSpan.FromMilliseconds(250), Ct);
            await using var connection = new NpgsqlConnection(plain);
            await connection.OpenAsync(Ct);
            await using var command = new NpgsqlCommand(
                "SELECT coalesce(seq_scan, 0) FROM pg_stat_user_tables WHERE relid = 'es.mt_events'::regclass", connection);
            var now = (long)(await command.ExecuteScalarAsync(Ct))!;
            if (now == last)
            {
                return now;
            }

            last = now;
        }

        return last;
    }
}
