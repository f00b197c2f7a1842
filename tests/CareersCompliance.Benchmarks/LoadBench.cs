using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;
using Npgsql;

namespace CareersCompliance.Benchmarks;

/// <summary>
/// ops/bench/load: concurrent web readers (trust dashboard, school and pupil pages, report APIs) and careers leaders
/// recording provider encounters with their registers through the JSON API, all with bearer tokens against a host on
/// 127.0.0.1, for a bounded time; then every accepted recording must be in the sealed ledger and <c>careers verify</c> must pass.
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
            var leader = world.Leaders[l % world.Leaders.Count];
            var onRoll = await OnRollAsync(http, world, leader);
            tasks.Add(Task.Run(() => RecordLoopAsync(http, world, leader, onRoll, () => stopAt.Elapsed < duration, timings, failures, accepted)));
        }

        await Task.WhenAll(tasks);
        var elapsed = stopAt.Elapsed.TotalSeconds;
        await RunCliAsync(cs, cli, "seal");
        var report = new Report();
        AddEndpointFigures(report, timings, failures, elapsed);
        report.Add("readers", readers);
        report.Add("leaders", leaders);
        report.Add("seconds", elapsed);
        report.Add("recordings_accepted", accepted.Count);
        var missing = await MissingFromLedgerAsync(cs, [.. accepted]);
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

    /// <summary>The pupils on roll at the leader's school today, from the pupils API (by UPN) and the register (UPN to id).</summary>
    private static async Task<List<Guid>> OnRollAsync(HttpClient http, World world, Leader leader)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, $"/api/schools/{leader.Urn}/pupils");
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", leader.Token);
        using var response = await http.SendAsync(request);
        response.EnsureSuccessStatusCode();
        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        var upns = json.RootElement.GetProperty("pupils").EnumerateArray()
            .Where(p => p.GetProperty("onRoll").GetBoolean()).Select(p => p.GetProperty("upn").GetString()).ToHashSet(StringComparer.Ordinal);
        var ids = world.PupilsBySchool[leader.Urn];
        return [.. world.UpnsBySchool[leader.Urn].Select((upn, i) => (upn, i)).Where(p => upns.Contains(p.upn)).Select(p => ids[p.i])];
    }

    /// <summary>A leader records a provider encounter and its register of five pupils on roll: one API command per recording.</summary>
    private static async Task RecordLoopAsync(HttpClient http, World world, Leader leader, List<Guid> onRoll, Func<bool> running,
        ConcurrentDictionary<string, ConcurrentBag<double>> timings, ConcurrentDictionary<string, int> failures, ConcurrentBag<string> accepted)
    {
        const string name = "leader_record_api";
        for (var n = 1; running(); n++)
        {
            var register = onRoll.Skip(n * 5 % Math.Max(1, onRoll.Count - 5)).Take(5).Select(p => new { pupilId = p, attended = true });
            var body = new
            {
                activity = new
                {
                    kind = "ProviderEncounter",
                    title = $"Load test encounter {n}",
                    date = world.Today,
                    startTime = "10:00",
                    endTime = "11:00",
                    deliveryMode = "InPerson",
                    providerIds = new[] { world.Provider },
                    checklist = new[] { "provider_info", "careers", "learning_like", "questions" },
                },
                attendance = register.ToArray(),
            };
            using var request = new HttpRequestMessage(HttpMethod.Post, $"/api/schools/{leader.Urn}/activities") { Content = JsonContent.Create(body) };
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", leader.Token);
            var watch = Stopwatch.StartNew();
            try
            {
                using var response = await http.SendAsync(request);
                var text = await response.Content.ReadAsStringAsync();
                if (response.StatusCode == System.Net.HttpStatusCode.Created)
                {
                    accepted.Add(JsonDocument.Parse(text).RootElement.GetProperty("id").GetString()!);
                    timings.GetOrAdd(name, _ => []).Add(watch.Elapsed.TotalMilliseconds);
                    continue;
                }

                failures.AddOrUpdate(name, 1, (_, k) => k + 1);
                await Console.Error.WriteLineAsync($"POST activity: {(int)response.StatusCode} after {watch.ElapsedMilliseconds} ms: {text}");
            }
            catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
            {
                failures.AddOrUpdate(name, 1, (_, k) => k + 1);
                await Console.Error.WriteLineAsync($"POST activity: {e.GetType().Name} after {watch.ElapsedMilliseconds} ms");
            }
        }
    }

    private static async Task<int> MissingFromLedgerAsync(string cs, string[] activityIds)
    {
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

    private sealed record Leader(string Urn, string User, string Token);

    private sealed record World(
        IReadOnlyList<(string Trust, string Token)> Directors,
        IReadOnlyDictionary<string, List<string>> SchoolsByTrust,
        IReadOnlyDictionary<string, List<Guid>> PupilsBySchool,
        IReadOnlyDictionary<string, List<string>> UpnsBySchool,
        IReadOnlyList<Leader> Leaders,
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
            var leaders = new List<Leader>();
            foreach (var a in accounts.Where(a => string.Equals(a[1], "careers-leader", StringComparison.Ordinal)))
            {
                var run = await RunCliAsync(cs, cli, "users", "token", a[0], "--name", "load-bench", "--expires-days", "1");
                leaders.Add(new Leader(a[2], a[0], TokenLine().Match(run.Out).Groups["token"].Value));
            }

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
