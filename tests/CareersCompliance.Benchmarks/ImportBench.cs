using System.Diagnostics;
using System.Globalization;
using CareersCompliance.Application;
using CareersCompliance.Application.Audit;
using CareersCompliance.Application.Demo;
using CareersCompliance.Application.Recording;
using CareersCompliance.Application.Reports;
using CareersCompliance.Domain.Common;
using CareersCompliance.Domain.Rules;
using CareersCompliance.EventStore.Hosting;
using CareersCompliance.EventStore.Schema;
using NodaTime;
using Npgsql;

namespace CareersCompliance.Benchmarks;

/// <summary>
/// Issue 4's benchmark: a generated trust (20 schools, 24,000 pupils, three academic years, over a million events)
/// imported by the application's importer in a child process (so its peak RSS is the importer's own), projections
/// caught up, then every report run repeatedly. Prints name=value lines; drops its database afterwards.
/// </summary>
public static class ImportBench
{
    private const string Database = "careers_bench_import";

    public static async Task<int> RunAsync(string[] args, CancellationToken ct)
    {
        if (args is ["child", var childDir, var childCs])
        {
            return await ImportInThisProcessAsync(childDir, childCs, ct);
        }

        if (args is ["reports", var existingCs, var urn, var trust])
        {
            return await ReportsOnlyAsync(existingCs, urn, trust, ct);
        }

        var schools = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 20;
        var pupils = args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 24_000;
        var repetitions = args.Length > 2 ? int.Parse(args[2], CultureInfo.InvariantCulture) : 40;
        var adminCs = await DatabaseLocator.ResolveAsync(Environment.GetEnvironmentVariable("CAREERS_BENCH_DB"), "CAREERS_BENCH_ADMIN_DB", "careers", ct);
        var admin = new NpgsqlConnectionStringBuilder(adminCs) { Pooling = false }.ConnectionString;
        var cs = new NpgsqlConnectionStringBuilder(adminCs) { Database = Database }.ConnectionString;
        var dir = Path.Combine(Path.GetTempPath(), "careers-bench-import-" + Guid.NewGuid().ToString("N"));
        var report = new Report();
        await ExecuteAsync(admin, $"DROP DATABASE IF EXISTS {Database} WITH (FORCE)", ct);
        await ExecuteAsync(admin, $"CREATE DATABASE {Database}", ct);
        try
        {
            await Migrator.MigrateAsync(cs, ct);
            var generated = Stopwatch.StartNew();
            var demo = DemoGenerator.Write(dir, new DemoOptions { Schools = schools, Pupils = pupils, Today = new LocalDate(2026, 7, 20), WriteCorrections = false });
            await Console.Error.WriteLineAsync($"generated {demo.RowsPerFile.Values.Sum()} rows in {generated.Elapsed.TotalSeconds:F1} s; importing");
            var child = await ImportInChildAsync(dir, cs, ct);
            report.Add("import_events", child["events"]);
            report.Add("import_seconds", child["seconds"]);
            report.Add("import_events_per_s", child["events"] / child["seconds"]);
            report.Add("peak_rss_mb", child["peak_rss_mb"]);

            await using var runtime = CareersRuntime.Create(cs, SystemClock.Instance);
            var sealing = Stopwatch.StartNew();
            var sealedEvents = await runtime.Sealer.SealCommittedAsync(TimeSpan.FromMinutes(5), ct);
            report.Add("seal_events_per_s", sealedEvents / sealing.Elapsed.TotalSeconds);
            var catchUp = Stopwatch.StartNew();
            await runtime.Daemon.CatchUpAsync(ct);
            report.Add("projection_catchup_events_per_s", sealedEvents / catchUp.Elapsed.TotalSeconds);

            await MeasureReportsAsync(runtime, demo, repetitions, report, ct);
            await OneShotCli.MeasureAsync(cs, demo, report, ct);
        }
        finally
        {
            NpgsqlConnection.ClearAllPools();
            await ExecuteAsync(admin, $"DROP DATABASE IF EXISTS {Database} WITH (FORCE)", ct);
            Directory.Delete(dir, recursive: true);
        }

        report.Print();
        return 0;
    }

    /// <summary>The report half alone, against a database imported and caught up before (for profiling).</summary>
    private static async Task<int> ReportsOnlyAsync(string cs, string urn, string trust, CancellationToken ct)
    {
        await using var runtime = CareersRuntime.Create(cs, SystemClock.Instance);
        var report = new Report();
        var none = new Dictionary<string, long>(StringComparer.Ordinal);
        var demo = new DemoSummary("", new LocalDate(2026, 7, 20), none, [], [new DemoSchool(urn, "", trust, 7, 11, 1_200, HasGaps: false)], null, none);
        await MeasureReportsAsync(runtime, demo, 20, report, ct);
        report.Print();
        return 0;
    }

    private static async Task MeasureReportsAsync(CareersRuntime runtime, DemoSummary demo, int repetitions, Report report, CancellationToken ct)
    {
        // The school nearest 1,200 pupils on roll, and its trust; reports as of the generator's last day.
        var school = demo.Schools.OrderBy(s => Math.Abs(s.Roll - 1_200)).First();
        var query = new ReportQuery(demo.Today, null, RuleSettings.Default);
        report.Add("report_school_roll", school.Roll);
        SchoolReport? last = null;
        var schoolMs = await TimeAsync(repetitions, async () =>
        {
            last = await runtime.Reports.SchoolAsync(new SchoolUrn(school.Urn), query, ct);
            _ = ReportRendering.SchoolJson(last).ToJsonString();
        });
        report.Add("report_school_pupils", last!.Pupils.Count);
        report.Add("report_school_p50_ms", Phases.Percentile(schoolMs, 0.50));
        report.Add("report_school_p95_ms", Phases.Percentile(schoolMs, 0.95));
        var evidence = await runtime.Reports.Evidence.LoadSchoolAsync(new SchoolUrn(school.Urn), withBirthDates: false, ct);
        var knownAt = await runtime.Reports.Evidence.RecordClockAsync(ct);
        report.Add("report_school_events", evidence.PupilEvents.Count + evidence.ActivityEvents.Count + evidence.SchoolEvents.Count);
        var rulesMs = await TimeAsync(repetitions, () =>
        {
            _ = ComplianceRules.EvaluateSchool(evidence, query.Settings, query.AsOf, knownAt);
            return Task.CompletedTask;
        });
        report.Add("report_school_rules_p50_ms", Phases.Percentile(rulesMs, 0.50));

        var trustMs = await TimeAsync(Math.Max(5, repetitions / 4), async () =>
            _ = ReportRendering.TrustJson(await runtime.Reports.TrustAsync(new TrustId(school.TrustId), query, ct)).ToJsonString());
        report.Add("report_trust_schools", demo.Schools.Count(s => string.Equals(s.TrustId, school.TrustId, StringComparison.Ordinal)));
        report.Add("report_trust_p50_ms", Phases.Percentile(trustMs, 0.50));
        report.Add("report_trust_p95_ms", Phases.Percentile(trustMs, 0.95));

        var timelines = new EvidenceTimeline(runtime.App);
        var pupils = last.Pupils.Select(p => p.PupilId).ToList();
        var random = new Random(7);
        var timelineMs = await TimeAsync(repetitions * 2, async () =>
        {
            var timeline = await timelines.ForPupilAsync(pupils[random.Next(pupils.Count)], "bench", new TimelineQuery(), ct);
            _ = AuditRendering.TimelineJson(timeline).ToJsonString();
        });
        report.Add("timeline_pupil_p50_ms", Phases.Percentile(timelineMs, 0.50));
        report.Add("timeline_pupil_p95_ms", Phases.Percentile(timelineMs, 0.95));
    }

    /// <summary>Two warm-up runs, then <paramref name="count"/> timed ones (milliseconds each).</summary>
    private static async Task<List<double>> TimeAsync(int count, Func<Task> run)
    {
        await run();
        await run();
        var times = new List<double>(count);
        for (var i = 0; i < count; i++)
        {
            var watch = Stopwatch.StartNew();
            await run();
            times.Add(watch.Elapsed.TotalMilliseconds);
        }

        return times;
    }

    private static async Task<Dictionary<string, double>> ImportInChildAsync(string dir, string cs, CancellationToken ct)
    {
        var start = new ProcessStartInfo(Environment.ProcessPath!) { RedirectStandardOutput = true, UseShellExecute = false };
        foreach (var arg in new[] { typeof(ImportBench).Assembly.Location, "import", "child", dir, cs })
        {
            start.ArgumentList.Add(arg);
        }

        using var process = Process.Start(start)!;
        var output = await process.StandardOutput.ReadToEndAsync(ct);
        await process.WaitForExitAsync(ct);
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"the import child failed ({process.ExitCode}): {output}");
        }

        return output.Split((char[])['\n', ' '], StringSplitOptions.RemoveEmptyEntries)
            .Select(p => p.Split('='))
            .Where(p => p.Length == 2)
            .ToDictionary(p => p[0], p => double.Parse(p[1], CultureInfo.InvariantCulture), StringComparer.Ordinal);
    }

    /// <summary>The child: the application's importer over the whole directory, as <c>careers import DIR</c> runs it.</summary>
    private static async Task<int> ImportInThisProcessAsync(string dir, string cs, CancellationToken ct)
    {
        await using var runtime = CareersRuntime.Create(cs, SystemClock.Instance);
        var watch = Stopwatch.StartNew();
        var outcomes = await runtime.Importer.ImportDirectoryAsync(dir, new ImportRequest("bench", Partial: false, Guid.CreateVersion7()), ct);
        var seconds = watch.Elapsed.TotalSeconds;
        if (outcomes.Any(o => !o.Written))
        {
            await Console.Error.WriteLineAsync(string.Join(Environment.NewLine, outcomes.SelectMany(o => o.AllErrors).Take(20)));
            return 1;
        }

        var events = outcomes.Sum(o => o.EventsAppended);
        var peak = Process.GetCurrentProcess().PeakWorkingSet64 / 1024.0 / 1024.0;
        await Console.Out.WriteLineAsync(FormattableString.Invariant($"events={events} seconds={seconds:F3} peak_rss_mb={peak:F1}"));
        return 0;
    }

    private static async Task ExecuteAsync(string cs, string sql, CancellationToken ct)
    {
        await using var connection = new NpgsqlConnection(cs);
        await connection.OpenAsync(ct);
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync(ct);
    }
}
