using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.RegularExpressions;
using NodaTime;
using Npgsql;

namespace CareersCompliance.Resilience.IntegrationTests;

/// <summary>
/// PostgreSQL is shut down and started again under load, on a cluster of the test's own, while the web host runs with
/// its sealer, projection daemon and alert dispatcher. Nothing is restarted by hand but the database.
/// </summary>
public sealed partial class DatabaseRestartTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task a_restart_under_load_fails_requests_cleanly_then_the_host_daemon_and_dispatcher_recover_and_nothing_committed_is_lost()
    {
        using var bounded = CancellationTokenSource.CreateLinkedTokenSource(Ct);
        bounded.CancelAfter(TimeSpan.FromMinutes(5));
        var ct = bounded.Token;
        await using var cluster = await ThrowawayCluster.StartAsync(ct);
        var world = await World.SeedAsync(cluster.ConnectionString, ct);
        using var hook = new WebhookReceiver();
        (await CareersCli.RunAsync(cluster.ConnectionString, TimeSpan.FromMinutes(1), "alerts", "subscribe", "--webhook", hook.Url, "--trust", World.AlertingTrust))
            .ExitCode.Should().Be(0);
        await using var host = await WebHostProcess.StartAsync(cluster.ConnectionString, HostSettings, ct);
        var traffic = new Traffic(host.Address, world);
        using var stopLoad = CancellationTokenSource.CreateLinkedTokenSource(ct);
        var load = traffic.RunAsync(stopLoad.Token);

        // Before: the host works, and the dispatcher holds alerts the receiver has refused so far.
        await WaitForAsync(() => traffic.Count(Phase.Before, Endpoint.Record, 201) >= 3 && hook.Refused > 0, TimeSpan.FromSeconds(60), () => $"writes and a first delivery attempt ({hook.Refused} refused so far)\n{traffic.Summary()}", host);
        traffic.Phase = Phase.Outage;
        await cluster.StopAsync(ct);
        await Task.Delay(TimeSpan.FromSeconds(4), ct);
        await cluster.StartAgainAsync(ct);
        var back = Stopwatch.StartNew();
        traffic.Phase = Phase.After;
        hook.Accepting = true;
        await WaitForAsync(() => traffic.Count(Phase.After, Endpoint.Record, 201) >= 1, TimeSpan.FromSeconds(30), () => $"a write after the restart\n{traffic.Summary()}", host);
        var recoveredIn = back.Elapsed;
        traffic.Phase = Phase.Settled;
        await Task.Delay(TimeSpan.FromSeconds(3), ct);
        await stopLoad.CancelAsync();
        await load;

        await WaitForAsync(() => CaughtUpAsync(cluster.ConnectionString, ct), TimeSpan.FromSeconds(60), () => "sealing and projections to catch up", host);
        await WaitForAsync(async () => hook.Accepted > 0 && await ScalarAsync(cluster.ConnectionString,
            "SELECT count(*) FROM wolverine.wolverine_incoming_envelopes WHERE message_type = 'deliver-alert' AND status <> 'Handled'", ct) == 0,
            TimeSpan.FromSeconds(60), () => $"the delivery queue to drain ({hook.Accepted} accepted)", host);
        var verify = await CareersCli.RunAsync(cluster.ConnectionString, TimeSpan.FromMinutes(2), "verify");

        host.HasExited.Should().BeFalse("the host rode out the outage without being restarted");
        recoveredIn.Should().BeLessThan(TimeSpan.FromSeconds(30));
        AssertRequestsFailedCleanly(traffic);
        await AssertNothingLostAsync(cluster.ConnectionString, traffic, ct);
        hook.Accepted.Should().BeGreaterThan(0, "the dispatcher delivered the alerts that waited through the outage");
        verify.ExitCode.Should().Be(0, verify.Out + verify.Error);
        TestContext.Current.TestOutputHelper?.WriteLine($"Recovered {recoveredIn.TotalSeconds:0.0} s after the server was back; " +
            $"{hook.Refused} deliveries refused, {hook.Accepted} accepted.\n{traffic.Counts()}");
    }

    private static void AssertRequestsFailedCleanly(Traffic traffic)
    {
        traffic.Outcomes.Should().OnlyContain(o => o.Status == 200 || o.Status == 201 || o.Status == 503,
            "during an outage a request fails with 503, never a 500, a hang or a dropped connection:\n" + traffic.Describe());
        var failed = traffic.Outcomes.Where(o => o.Status == 503).ToList();
        failed.Should().NotBeEmpty("requests were made while the database was down");
        failed.Should().OnlyContain(o => o.Took < TimeSpan.FromSeconds(15), "a failure is quick, not a hang");
        failed.Where(o => o.Endpoint == Endpoint.Health).Should().OnlyContain(o => o.Body == "Unhealthy", "the readiness probe tells the load balancer");
        failed.Where(o => o.Endpoint != Endpoint.Health).Should().OnlyContain(o => o.RetryAfter != null, "people and clients are told when to retry");
        failed.Where(o => o.Endpoint == Endpoint.Record || o.Endpoint == Endpoint.Report)
            .Should().OnlyContain(o => o.Body.Contains("cannot reach its database", StringComparison.Ordinal), "API clients get a problem document");
        failed.Where(o => o.Endpoint == Endpoint.Page).Should().OnlyContain(o => o.Body.Contains("Sorry, the service cannot reach its database", StringComparison.Ordinal));
        traffic.Outcomes.Where(o => o.Phase == Phase.Settled).Should().OnlyContain(o => o.Status != 503, "once recovered, every request succeeds");
    }

    private static async Task AssertNothingLostAsync(string cs, Traffic traffic, CancellationToken ct)
    {
        var accepted = traffic.Outcomes.Where(o => o.CreatedId is not null).Select(o => o.CreatedId!).Distinct(StringComparer.Ordinal).ToArray();
        (await SealedActivitiesAsync(cs, accepted, ct)).Should().Be(accepted.Length, "every write answered 2xx is in the sealed ledger");
        (await ScalarAsync(cs, $"SELECT count(*) FROM es.events WHERE event_type = 'activity_recorded' AND data->'details'->>'title' = '{Title}'", ct))
            .Should().Be(accepted.Length, "a request that failed with 503 and was sent again with its key was recorded once, not twice");
        (await ScalarAsync(cs, "SELECT count(*) FROM es.checkpoints WHERE status <> 'running'", ct)).Should().Be(0, "no projection paused");
    }

    private static readonly Dictionary<string, string> HostSettings = new(StringComparer.Ordinal)
    {
        // Why raise the per-token limits: this test is about the outage; the limits have their own tests.
        ["Careers__Limits__TokenPerAccountPerMinute"] = "100000",
        ["Careers__Limits__TokenPerClientPerMinute"] = "100000",
        ["Careers__Alerts__PollMilliseconds"] = "300",
        ["Careers__Alerts__DebounceMilliseconds"] = "300",
        ["CAREERS_ALERTS_BACKOFF_BASE_MS"] = "200",
        ["CAREERS_ALERTS_BACKOFF_CAP_MS"] = "1000",
        ["CAREERS_ALERTS_MAX_ATTEMPTS"] = "25", // Wolverine's most: about 20 s of retries at these waits, past the outage
        ["Logging__LogLevel__Default"] = "Warning",
    };

    private static async Task<bool> CaughtUpAsync(string cs, CancellationToken ct) =>
        await ScalarAsync(cs, "SELECT (SELECT count(*) FROM es.events) - (SELECT count(*) FROM es.ledger)", ct) == 0
        && await ScalarAsync(cs, "SELECT count(*) FROM es.checkpoints WHERE position < (SELECT position FROM es.ledger_head WHERE id = 1)", ct) == 0;

    private static async Task<long> SealedActivitiesAsync(string cs, string[] ids, CancellationToken ct)
    {
        await using var connection = Unpooled(cs);
        await connection.OpenAsync(ct);
        await using var command = new NpgsqlCommand("""
            SELECT count(DISTINCT e.data->>'activityId') FROM es.ledger l JOIN es.events e ON e.seq_id = l.seq_id
            WHERE e.event_type = 'activity_recorded' AND e.data->>'activityId' = ANY($1)
            """, connection);
        command.Parameters.Add(new NpgsqlParameter<string[]> { TypedValue = ids });
        return (long)(await command.ExecuteScalarAsync(ct))!;
    }

    // Why unpooled: the test's own checks must not trip over connections the restart broke; the host is what is tested.
    private static NpgsqlConnection Unpooled(string cs) => new(new NpgsqlConnectionStringBuilder(cs) { Pooling = false }.ConnectionString);

    private static async Task<long> ScalarAsync(string cs, string sql, CancellationToken ct)
    {
        await using var connection = Unpooled(cs);
        await connection.OpenAsync(ct);
        await using var command = new NpgsqlCommand(sql, connection);
        return Convert.ToInt64(await command.ExecuteScalarAsync(ct), System.Globalization.CultureInfo.InvariantCulture);
    }

    private static Task WaitForAsync(Func<bool> done, TimeSpan limit, Func<string> what, WebHostProcess host) =>
        WaitForAsync(() => Task.FromResult(done()), limit, what, host);

    private static async Task WaitForAsync(Func<Task<bool>> done, TimeSpan limit, Func<string> what, WebHostProcess host)
    {
        var waited = Stopwatch.StartNew();
        while (!await done())
        {
            if (waited.Elapsed > limit)
            {
                throw new TimeoutException($"Waited {limit} for {what()}. Host log:\n{host.Log}");
            }

            await Task.Delay(100, Ct);
        }
    }

    private enum Phase
    {
        Before,
        Outage,
        After,
        Settled,
    }

    private enum Endpoint
    {
        Record,
        Report,
        Page,
        Health,
    }

    private const string Title = "Restart drill";

    /// <summary>A careers leader's client: the idempotency key of the recording it has not had an answer for yet.</summary>
    private sealed class Writer
    {
        public string? Key { get; set; }
    }

    private sealed record Outcome(Phase Phase, Endpoint Endpoint, int Status, TimeSpan Took, string Body, string? RetryAfter, string? CreatedId);

    /// <summary>A careers leader recording encounters and readers of the report, the school page and the health probe, in loops.</summary>
    private sealed class Traffic(Uri address, World world)
    {
        private readonly ConcurrentQueue<Outcome> _outcomes = new();

        public Phase Phase { get; set; } = Phase.Before;

        public IReadOnlyCollection<Outcome> Outcomes => _outcomes;

        public int Count(Phase phase, Endpoint endpoint, int status) => _outcomes.Count(o => o.Phase == phase && o.Endpoint == endpoint && o.Status == status);

        public string Counts() => string.Join('\n', _outcomes.GroupBy(o => (o.Phase, o.Endpoint, o.Status)).OrderBy(g => g.Key)
            .Select(g => $"{g.Key.Phase} {g.Key.Endpoint} {g.Key.Status}: {g.Count()}, slowest {g.Max(o => o.Took).TotalMilliseconds:0} ms"));

        public string Summary() => string.Join('\n', _outcomes.GroupBy(o => (o.Phase, o.Endpoint, o.Status))
            .Select(g => $"{g.Key.Phase} {g.Key.Endpoint} {g.Key.Status}: {g.Count()}, e.g. {g.First().Body}"));

        public string Describe() => string.Join('\n', _outcomes.Where(o => o.Status is not (200 or 201 or 503)).Take(10)
            .Select(o => $"{o.Phase} {o.Endpoint} {o.Status} after {o.Took.TotalMilliseconds:0} ms: {o.Body}"));

        public async Task RunAsync(CancellationToken ct)
        {
            using var http = new HttpClient { BaseAddress = address, Timeout = TimeSpan.FromSeconds(30) };
            var writers = new[] { new Writer(), new Writer() };
            await Task.WhenAll(
                LoopAsync(() => RecordAsync(http, writers[0], ct), ct),
                LoopAsync(() => RecordAsync(http, writers[1], ct), ct),
                LoopAsync(() => SendAsync(http, Endpoint.Report, $"/api/schools/{world.Urn}/report", ct), ct),
                LoopAsync(() => SendAsync(http, Endpoint.Page, $"/schools/{world.Urn}", ct), ct),
                LoopAsync(() => SendAsync(http, Endpoint.Health, "/health/ready", ct), ct));

            // A request cut off when the load stopped may have been recorded anyway: sending it once more with its key
            // finds out which activity it became, as any client would after a timeout.
            foreach (var writer in writers.Where(w => w.Key is not null))
            {
                await RecordAsync(http, writer, CancellationToken.None);
            }
        }

        private static async Task LoopAsync(Func<Task> step, CancellationToken ct)
        {
            while (!ct.IsCancellationRequested)
            {
                await step();
                await Task.Delay(25, CancellationToken.None);
            }
        }

        /// <summary>Records with an idempotency key, and after a failure sends the same key again until it is answered.</summary>
        private async Task RecordAsync(HttpClient http, Writer writer, CancellationToken ct)
        {
            writer.Key ??= Guid.NewGuid().ToString();
            var body = new
            {
                activity = new { kind = "EmployerEncounter", title = Title, date = world.Today, yearGroups = new[] { 10 }, checklist = new[] { "purpose", "two_way" } },
            };
            var status = await SendAsync(http, Endpoint.Record, $"/api/schools/{world.Urn}/activities", ct, JsonContent.Create(body), writer.Key);
            if (status is 200 or 201)
            {
                writer.Key = null;
            }
        }

        private async Task<int> SendAsync(HttpClient http, Endpoint endpoint, string path, CancellationToken ct, HttpContent? content = null,
            string? idempotencyKey = null)
        {
            var phase = Phase;
            var watch = Stopwatch.StartNew();
            using var request = new HttpRequestMessage(content is null ? HttpMethod.Get : HttpMethod.Post, path) { Content = content };
            if (idempotencyKey is not null)
            {
                request.Headers.Add("Idempotency-Key", idempotencyKey);
            }

            if (endpoint != Endpoint.Health)
            {
                // Why not on the probe: a load balancer's health probe carries no credentials.
                request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", world.Token);
            }

            try
            {
                using var response = await http.SendAsync(request, ct);
                var text = await response.Content.ReadAsStringAsync(CancellationToken.None);
                var recorded = endpoint == Endpoint.Record && response.IsSuccessStatusCode ? CreatedId().Match(text).Groups["id"].Value : null;
                _outcomes.Enqueue(new Outcome(phase, endpoint, (int)response.StatusCode, watch.Elapsed, text.Length > 600 ? text[..600] : text,
                    response.Headers.RetryAfter?.ToString(), recorded));
                return (int)response.StatusCode;
            }
            catch (OperationCanceledException) when (ct.IsCancellationRequested)
            {
                // The load stopped.
                return 0;
            }
            catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
            {
                _outcomes.Enqueue(new Outcome(phase, endpoint, 0, watch.Elapsed, e.Message, null, null));
                return 0;
            }
        }
    }

    [GeneratedRegex("\"id\"\\s*:\\s*\"(?<id>[^\"]+)\"", RegexOptions.None, matchTimeoutMilliseconds: 1000)]
    private static partial Regex CreatedId();

    /// <summary>The demo trusts, a careers leader's school and a bearer token.</summary>
    private sealed record World(string Urn, string Token, string Today)
    {
        /// <summary>The demo trust whose school has open alert conditions from the start (its policies are out of date).</summary>
        public const string AlertingTrust = "LAT";

        public static async Task<World> SeedAsync(string cs, CancellationToken ct)
        {
            var folder = Directory.CreateTempSubdirectory("careers-restart-demo-").FullName;
            try
            {
                string[][] steps = [["db", "migrate"], ["demo", "seed", "--schools", "3", "--pupils", "90", "--dir", folder], ["users", "demo"]];
                foreach (var args in steps)
                {
                    var run = await CareersCli.RunAsync(cs, TimeSpan.FromMinutes(2), args);
                    run.ExitCode.Should().Be(0, $"careers {string.Join(' ', args)}: {run.Error}");
                }
            }
            finally
            {
                Directory.Delete(folder, recursive: true);
            }

            await using var connection = new NpgsqlConnection(cs);
            await connection.OpenAsync(ct);
            var (leader, urn) = await FirstAsync(connection, "SELECT username, scope_id FROM app.accounts WHERE role = 'careers-leader' ORDER BY username", ct);
            var token = await CareersCli.RunAsync(cs, TimeSpan.FromMinutes(1), "users", "token", leader, "--name", "restart-drill", "--expires-days", "1");
            // Why yesterday: an encounter dated today could be "in the future" in Europe/London for part of the day.
            var today = SystemClock.Instance.GetCurrentInstant().InZone(DateTimeZoneProviders.Tzdb["Europe/London"]).Date.PlusDays(-1);
            return new World(urn, TokenLine().Match(token.Out).Groups["token"].Value, today.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture));
        }

        private static async Task<(string, string)> FirstAsync(NpgsqlConnection connection, string sql, CancellationToken ct)
        {
            await using var command = new NpgsqlCommand(sql, connection);
            await using var reader = await command.ExecuteReaderAsync(ct);
            (await reader.ReadAsync(ct)).Should().BeTrue(sql);
            return (reader.GetString(0), reader.GetString(1));
        }
    }

    [GeneratedRegex("Token \\(shown once\\): (?<token>\\S+)", RegexOptions.None, matchTimeoutMilliseconds: 1000)]
    private static partial Regex TokenLine();

    /// <summary>A webhook endpoint on loopback that refuses (503) until told to accept, counting both.</summary>
    private sealed class WebhookReceiver : IDisposable
    {
        private readonly HttpListener _listener = new();
        private int _accepted;
        private int _refused;

        public WebhookReceiver()
        {
            Url = $"http://127.0.0.1:{LoopbackPort.Free()}/hook/";
            _listener.Prefixes.Add(Url);
            _listener.Start();
            _ = Task.Run(ServeAsync);
        }

        public string Url { get; }

        private volatile bool _accepting;

        public bool Accepting
        {
            get => _accepting;
            set => _accepting = value;
        }

        public int Accepted => Volatile.Read(ref _accepted);

        public int Refused => Volatile.Read(ref _refused);

        public void Dispose() => _listener.Close();

        private async Task ServeAsync()
        {
            while (_listener.IsListening)
            {
                HttpListenerContext context;
                try
                {
                    context = await _listener.GetContextAsync();
                }
                catch (Exception e) when (e is HttpListenerException or ObjectDisposedException)
                {
                    return;
                }

                var accepting = _accepting;
                Interlocked.Increment(ref accepting ? ref _accepted : ref _refused);
                context.Response.StatusCode = accepting ? 200 : 503;
                context.Response.Close();
            }
        }
    }
}
