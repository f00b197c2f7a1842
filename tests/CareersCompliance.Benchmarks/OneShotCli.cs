using System.Diagnostics;
using System.Globalization;
using CareersCompliance.Application.Demo;

namespace CareersCompliance.Benchmarks;

/// <summary>
/// What a person at a terminal waits for: each CLI answer as its own process (start-up, JIT, connecting, loading the
/// evidence, rendering), for every CLI build named in CAREERS_BENCH_CLIS ("name=path/careers.dll;name=..."), so the
/// builds are compared in the same run against the same database. Median of three runs after one unmeasured run.
/// </summary>
internal static class OneShotCli
{
    private const int Runs = 3;

    public static async Task MeasureAsync(string cs, DemoSummary demo, Report report, CancellationToken ct)
    {
        var builds = (Environment.GetEnvironmentVariable("CAREERS_BENCH_CLIS") ?? "")
            .Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(b => b.Split('=', 2))
            .Where(b => b.Length == 2 && File.Exists(b[1]))
            .ToList();
        if (builds.Count == 0)
        {
            await Console.Error.WriteLineAsync("no CLI builds in CAREERS_BENCH_CLIS; one-shot figures skipped");
            return;
        }

        var school = demo.Schools.OrderBy(s => Math.Abs(s.Roll - 1_200)).First();
        var asOf = demo.Today.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        var pupil = FirstPupilOf(demo, school.Urn);
        var answers = new (string Name, string[] Args)[]
        {
            ("report_school", ["report", "school", "--school", school.Urn, "--as-of", asOf, "--format", "json"]),
            ("report_trust", ["report", "trust", "--trust", school.TrustId, "--as-of", asOf, "--format", "json"]),
            ("timeline_pupil", ["timeline", "pupil", pupil, "--format", "json"]),
            ("verify", ["verify"]),
        };
        foreach (var (build, dll) in builds.Select(b => (b[0], b[1])))
        {
            foreach (var (name, args) in answers)
            {
                await RunAsync(dll, cs, args, ct);
                var seconds = new List<double>();
                for (var i = 0; i < Runs; i++)
                {
                    seconds.Add(await RunAsync(dll, cs, args, ct));
                }

                report.Add($"oneshot_{name}_{build}_s", seconds.Order().ElementAt(Runs / 2));
            }
        }
    }

    private static string FirstPupilOf(DemoSummary demo, string urn)
    {
        var lines = File.ReadLines(Path.Combine(demo.Directory, "pupils.csv")).Select(l => l.Split(',')).ToList();
        var upn = Array.IndexOf(lines[0], "upn");
        var school = Array.IndexOf(lines[0], "school_urn");
        return lines.Skip(1).First(f => string.Equals(f[school], urn, StringComparison.Ordinal))[upn];
    }

    private static async Task<double> RunAsync(string dll, string cs, string[] args, CancellationToken ct)
    {
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        start.ArgumentList.Add(dll);
        foreach (var a in args)
        {
            start.ArgumentList.Add(a);
        }

        start.Environment["CAREERS_DB"] = cs;
        var watch = Stopwatch.StartNew();
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync(ct);
        var error = process.StandardError.ReadToEndAsync(ct);
        await process.WaitForExitAsync(ct);
        var seconds = watch.Elapsed.TotalSeconds;
        _ = await output;
        return process.ExitCode == 0
            ? seconds
            : throw new InvalidOperationException($"careers {string.Join(' ', args)} failed ({process.ExitCode}): {await error}");
    }
}
