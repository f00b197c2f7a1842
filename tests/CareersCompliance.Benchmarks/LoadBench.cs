using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Headers;
using System.Text.RegularExpressions;
using Npgsql;

namespace CareersCompliance.Benchmarks;

/// <summary>
/// ops/bench/load: concurrent web readers (trust dashboard, school and pupil pages, report and pupils APIs) with bearer tokens
/// against a host on 127.0.0.1, and careers leaders recording activities through the CLI import, for a bounded time;
/// then every accepted recording must be in the sealed ledger and <c>careers verify</c> must pass.
/// </summary>
public static partial class LoadBench
{
    // args: load BASE_URL CLI_DLL SECONDS READERS LEADERS   (CAREERS_DB names the database the host uses)
    public static async Task<int> RunAsync(string[] args)
    {
        var baseUrl = new Uri(args[1]);
        if (!baseUrl.IsLoopback || !string.Equals(baseUrl.Host, "127.0.0.1", StringComparison.Ordinal))
        {
            throw new ArgumentException("The load bench targets 127.0.0.1 only.", nameof(args));
        }

        var cli = args[2];
        var seconds = double.Parse(args[3], CultureInfo.InvariantCulture);
        var readers = int.Parse(args[4], CultureInfo.InvariantCulture);
        var leaders = int.Parse(args[5], CultureInfo.InvariantCulture);
        var cs = Environment.GetEnvironmentVariable("CAREERS_DB") ?? throw new InvalidOperationException("Set CAREERS_DB.");
        var world = await World.LoadAsync(cs, cli);
        var timings = new ConcurrentDictionary<string, ConcurrentBag<double>>(StringComparer.Ordinal);
        var failures = new ConcurrentDictionary<string, int>(StringComparer.Ordinal);
        var accepted = new ConcurrentBag<string>();
        using var http = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = readers + 4 }) { BaseAddress = baseUrl, Timeout = TimeSpan.FromSeconds(30) };
        var stopAt = Stopwatch.StartNew();
        var duration = TimeSpan.FromSeconds(seconds);
        var tasks = new List<Task>();
        for (var r = 0; r < readers; r++)
        {
            var seed = r;
            tasks.Add(Task.Run(() => ReadLoopAsync(http, world, seed, () => stopAt.Elapsed < duration, timings, failures)));
        }

        for (var l = 0; l < leaders; l++)
        {
            var leader = l;
            tasks.Add(Task.Run(() => RecordLoopAsync(cs, cli, world, leader, () => stopAt.Elapsed < duration, timings, failures, accepted)));
        }

        await Task.WhenAll(tasks);
        var elapsed = stopAt.Elapsed.TotalSeconds;
        var report = new Report();
        AddEndpointFigures(report, timings, failures, elapsed);
        report.Add("readers", readers);
        report.Add("leaders", leaders);
        report.Add("seconds", elapsed);
        report.Add("recordings_accepted", accepted.Count);
        var missing = await MissingFromLedgerAsync(cs, cli, [.. accepted]);
        report.Add("recordings_missing_from_ledger", missing);
        var verify = await RunCliAsync(cs, cli, "verify");
        report.Add("verify_ok", verify.Code == 0 ? 1 : 0);
        report.Add("failed_total", failures.Values.Sum());
        report.Print();
        return missing == 0 && verify.Code == 0 && failures.IsEmpty ? 0 : 1;
    }

    private static void AddEndpointFigures(Report report, ConcurrentDictionary<string, ConcurrentBag<double>> timings,
        ConcurrentDictionary<string, int> failures, double elapsed)
    {
        foreach (var (endpoint, values) in timings.OrderBy(t => t.Key, StringComparer.Ordinal))
        {
            var sorted = values.ToList();
            report.Add($"{endpoint}_requests", sorted.Count);
            report.Add($"{endpoint}_per_s", sorted.Count / elapsed);
            report.Add($"{endpoint}_p50_ms", Phases.Percentile(sorted, 0.50));
            report.Add($"{endpoint}_p95_ms", Phases.Percentile(sorted, 0.95));
            report.Add($"{endpoint}_p99_ms", Phases.Percentile(sorted, 0.99));
            report.Add($"{endpoint}_failed", failures.GetValueOrDefault(endpoint));
        }
    }

    private static async Task ReadLoopAsync(HttpClient http, World world, int seed, Func<bool> running,
        ConcurrentDictionary<string, ConcurrentBag<double>> timings, ConcurrentDictionary<string, int> failures)
    {
        var random = new Random(seed);
        while (running())
        {
            var (trust, token) = world.Directors[random.Next(world.Directors.Count)];
            var schools = world.SchoolsByTrust[trust];
            var urn = schools[random.Next(schools.Count)];
            var pupils = world.PupilsBySchool[urn];
            var pupil = pupils[random.Next(pupils.Count)];
            var (name, path) = random.Next(5) switch
            {
                0 => ("trust_dashboard", $"/trusts/{trust}"),
                1 => ("school_page", $"/schools/{urn}"),
                2 => ("pupil_page", $"/schools/{urn}/pupils/{pupil}"),
                3 => ("school_report_api", $"/api/schools/{urn}/report"),
                _ => ("trust_report_api", $"/api/trusts/{trust}/report"),
            };
            using var request = new HttpRequestMessage(HttpMethod.Get, path);
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
            var watch = Stopwatch.StartNew();
            try
            {
                using var response = await http.SendAsync(request);
                await response.Content.ReadAsByteArrayAsync();
                if (!response.IsSuccessStatusCode)
                {
                    failures.AddOrUpdate(name, 1, (_, n) => n + 1);
                    await Console.Error.WriteLineAsync($"GET {path}: {(int)response.StatusCode} after {watch.ElapsedMilliseconds} ms");
                    continue;
                }
            }
            catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
            {
                failures.AddOrUpdate(name, 1, (_, n) => n + 1);
                await Console.Error.WriteLineAsync($"GET {path}: {e.GetType().Name} after {watch.ElapsedMilliseconds} ms");
                continue;
            }

            timings.GetOrAdd(name, _ => []).Add(watch.Elapsed.TotalMilliseconds);
        }
    }

    /// <summary>A leader records a new provider encounter for their school and who attended it: one small import per command.</summary>
    private static async Task RecordLoopAsync(string cs, string cli, World world, int leader, Func<bool> running,
        ConcurrentDictionary<string, ConcurrentBag<double>> timings, ConcurrentDictionary<string, int> failures, ConcurrentBag<string> accepted)
    {
        var (urn, user) = world.Leaders[leader % world.Leaders.Count];
        var dir = Directory.CreateTempSubdirectory("careers-load-").FullName;
        try
        {
            for (var n = 1; running(); n++)
            {
                var id = $"LOAD-{leader}-{n}";
                var pupils = world.UpnsBySchool[urn].Skip(n * 5 % Math.Max(1, world.UpnsBySchool[urn].Count - 5)).Take(5);
                await File.WriteAllTextAsync(Path.Combine(dir, "activities.csv"),
                    "activity_id,school_urn,kind,date,start_time,end_time,delivery_mode,provider_ids,adviser_id,checklist,year_groups,title\n" +
                    $"{id},{urn},provider_encounter,{world.Today},10:00,11:00,in_person,{world.Provider},,provider_info;careers;learning_like;questions,,Load test encounter {n}\n");
                await File.WriteAllTextAsync(Path.Combine(dir, "attendance.csv"),
                    "activity_id,upn,attended\n" + string.Concat(pupils.Select(p => $"{id},{p},true\n")));
                var watch = Stopwatch.StartNew();
                var run = await RunCliAsync(cs, cli, "import", dir, "--user", user);
                if (run.Code == 0)
                {
                    accepted.Add(id);
                    timings.GetOrAdd("leader_import_cli", _ => []).Add(watch.Elapsed.TotalMilliseconds);
                }
                else
                {
                    failures.AddOrUpdate("leader_import_cli", 1, (_, k) => k + 1);
                    await Console.Error.WriteLineAsync($"import {id} failed: {run.Error}");
                }
            }
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    private static async Task<int> MissingFromLedgerAsync(string cs, string cli, string[] activityIds)
    {
        await RunCliAsync(cs, cli, "seal");
        await using var connection = new NpgsqlConnection(cs);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("""
            SELECT count(DISTINCT e.data->>'activityId') FROM es.ledger l JOIN es.events e ON e.seq_id = l.seq_id
            WHERE e.event_type = 'activity_recorded' AND e.data->>'activityId' = ANY($1)
            """, connection);
        command.Parameters.Add(new NpgsqlParameter<string[]> { TypedValue = activityIds });
        return activityIds.Length - (int)(long)(await command.ExecuteScalarAsync())!;
    }

    internal static async Task<(int Code, string Out, string Error)> RunCliAsync(string cs, string cli, params string[] args)
    {
        var info = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        info.ArgumentList.Add(cli);
        foreach (var a in args)
        {
            info.ArgumentList.Add(a);
        }

        info.Environment["CAREERS_DB"] = cs;
        using var process = Process.Start(info)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        using var limit = new CancellationTokenSource(TimeSpan.FromMinutes(5));
        await process.WaitForExitAsync(limit.Token);
        return (process.ExitCode, await output, await error);
    }

    [GeneratedRegex("Token \\(shown once\\): (?<token>\\S+)", RegexOptions.None, matchTimeoutMilliseconds: 1000)]
    private static partial Regex TokenLine();

    private sealed record World(
        IReadOnlyList<(string Trust, string Token)> Directors,
        IReadOnlyDictionary<string, List<string>> SchoolsByTrust,
        IReadOnlyDictionary<string, List<Guid>> PupilsBySchool,
        IReadOnlyDictionary<string, List<string>> UpnsBySchool,
        IReadOnlyList<(string Urn, string User)> Leaders,
        string Provider,
        string Today)
    {
        public static async Task<World> LoadAsync(string cs, string cli)
        {
            await using var connection = new NpgsqlConnection(cs);
            await connection.OpenAsync();
            var accounts = await RowsAsync(connection, "SELECT username, role, coalesce(scope_id, '') FROM app.accounts WHERE disabled_at IS NULL");
            var directors = new List<(string, string)>();
            foreach (var a in accounts.Where(a => string.Equals(a[1], "trust-director", StringComparison.Ordinal)))
            {
                var run = await RunCliAsync(cs, cli, "users", "token", a[0], "--name", "load-bench", "--expires-days", "1");
                directors.Add((a[2], TokenLine().Match(run.Out).Groups["token"].Value));
            }

            var schools = await RowsAsync(connection, """
                SELECT DISTINCT data->>'urn', data->>'trustId' FROM es.events WHERE event_type = 'school_joined_trust'
                """);
            var pupils = await RowsAsync(connection, """
                SELECT e.data->>'schoolUrn', e.data->>'pupilId', p.upn FROM es.events e JOIN pii.pupils p ON p.pupil_id = (e.data->>'pupilId')::uuid
                WHERE e.event_type = 'pupil_enrolled' AND p.upn IS NOT NULL
                """);
            var provider = (await RowsAsync(connection, "SELECT data->>'providerId' FROM es.events WHERE event_type = 'provider_registered' LIMIT 1"))[0][0];
            var today = (await RowsAsync(connection, "SELECT max(data->'details'->>'date') FROM es.events WHERE event_type = 'activity_recorded'"))[0][0];
            var leaders = accounts.Where(a => string.Equals(a[1], "careers-leader", StringComparison.Ordinal)).Select(a => (a[2], a[0])).ToList();
            return new World(
                directors,
                schools.GroupBy(s => s[1], StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.Select(s => s[0]).ToList(), StringComparer.Ordinal),
                pupils.GroupBy(p => p[0], StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.Select(p => Guid.Parse(p[1])).ToList(), StringComparer.Ordinal),
                pupils.GroupBy(p => p[0], StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.Select(p => p[2]).ToList(), StringComparer.Ordinal),
                leaders,
                provider,
                today);
        }

        private static async Task<List<string[]>> RowsAsync(NpgsqlConnection connection, string sql)
        {
            await using var command = new NpgsqlCommand(sql, connection);
            await using var reader = await command.ExecuteReaderAsync();
            var rows = new List<string[]>();
            while (await reader.ReadAsync())
            {
                rows.Add([.. Enumerable.Range(0, reader.FieldCount).Select(i => reader.IsDBNull(i) ? "" : reader.GetValue(i).ToString()!)]);
            }

            return rows;
        }
    }
}
