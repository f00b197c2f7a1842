using System.Diagnostics;
using CareersCompliance.Domain.Rules;
using CareersCompliance.Testing.Time;
using NodaTime;
using static CareersCompliance.Domain.Tests.Rules.World;

namespace CareersCompliance.Domain.Tests.Rules;

[CollectionDefinition(nameof(ReportPerformanceTests), DisableParallelization = true)]
public sealed class ReportPerformanceRunsAlone;

/// <summary>Runs alone so other tests do not share its cores.</summary>
[Collection(nameof(ReportPerformanceTests))]
public sealed class ReportPerformanceTests
{
    [Fact]
    public void school_report_for_1200_pupils_computes_in_well_under_50_ms()
    {
        var w = new World();
        var random = new Random(7);
        var pupils = Enumerable.Range(0, 1200).Select(i => w.Pupil(7 + (i % 7), 2025)).ToArray();
        for (var i = 0; i < 120; i++)
        {
            var date = new LocalDate(2025, 9, 1).PlusDays(random.Next(0, 180));
            var attendees = pupils.Where(_ => random.Next(0, 10) == 0).ToArray();
            w.Activity(Details(date, providers: [i % 2 == 0 ? A : B]), attendees);
        }

        var evidence = w.Evidence();
        var timings = new List<(double Wall, double Cpu)>();
        SchoolReport? report = null;
        using var process = Process.GetCurrentProcess();
        for (var run = 0; run < 20; run++)
        {
            process.Refresh();
            var cpu = process.TotalProcessorTime;
            var watch = Stopwatch.StartNew();
            report = ComplianceRules.EvaluateSchool(evidence, RuleSettings.Default, 1.March(2026), Instant.MaxValue);
            watch.Stop();
            process.Refresh();
            timings.Add((watch.Elapsed.TotalMilliseconds, (process.TotalProcessorTime - cpu).TotalMilliseconds));
        }

        // Why CPU time: on a shared build machine wall time mostly measures waiting for a core.
        var best = timings.Skip(3).Min(t => Math.Min(t.Wall, t.Cpu));
        report!.Pupils.Should().HaveCount(1200);
        best.Should().BeLessThan(50, $"a warmed-up 1,200-pupil report must compute in well under 50 ms (wall/cpu ms: {string.Join("; ", timings.Select(t => $"{t.Wall:F0}/{t.Cpu:F0}"))})");
    }
}
