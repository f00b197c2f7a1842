using System.Diagnostics;
using System.Text;
using CareersCompliance.Application.Alerts;
using CareersCompliance.Domain.Alerts;
using CareersCompliance.Application;
using CareersCompliance.EventStore.Hosting;
using CareersCompliance.Testing.Postgres;
using NodaTime.Testing;

namespace CareersCompliance.Alerts.IntegrationTests;

/// <summary>Delivery through the outbox to real peers on loopback: an SMTP server and a webhook receiver, with faults.</summary>
public sealed class AlertDeliveryTests
{
    private const string Secret = "test-webhook-secret";

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static AlertOptions Fast => AlertOptions.Default with
    {
        VerifyLedger = false,
        BaseUrl = new Uri("https://careers.example/"),
        BackoffBase = TimeSpan.FromMilliseconds(100),
        BackoffCap = TimeSpan.FromMilliseconds(400),
        NodeTimeout = TimeSpan.FromSeconds(3),
    };

    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task an_email_reaches_the_smtp_server_over_starttls_saying_what_where_and_how_long()
    {
        await using var smtp = new LoopbackSmtpServer("alerts", "s3cret");
        var options = Fast with { Smtp = Smtp(smtp) };
        await using var w = await AlertWorld.CreateAsync("smtp", FakeClock.FromUtc(2026, 1, 15, 7, 0, 0), options, Ct);
        await w.ImportOneEncounterAsync(Ct);
        var sub = await w.Alerts.Subscriptions.AddAsync(AlertChannel.Email, "director@trust.example", null, AlertWorld.Trust, [AlertWorld.Urn],
            AlertSeverity.Warning, DeliveryMode.Immediate, "test", Ct);
        await w.Alerts.Processor.EvaluateAsync(null, Ct);

        (await w.Alerts.WaitUntilNothingDueAsync(Patience, Ct)).Should().BeTrue();

        var queued = (await KeysAsync(w)).Count;
        w.Alerts.Deliveries.Delivered.Should().Be(queued).And.BeGreaterThan(0);
        smtp.Messages.Should().HaveCount(queued).And.OnlyContain(m => m.Tls && m.Authenticated && m.To == "director@trust.example");
        var mail = smtp.Messages.Select(m => Decode(m.Data)).Single(t => t.Contains("pal-pupils-short", StringComparison.Ordinal));
        mail.Should().Contain("What is wrong: 3 of 3 pupil(s)").And.Contain("Where: school 100001, trust T1")
            .And.Contain("How long is left: 44 day(s), until 2026-02-28").And.Contain("School page: https://careers.example/schools/100001");
        (await w.CountAsync("SELECT count(*) FROM es.events WHERE event_type = 'alert_delivered'", Ct)).Should().Be(queued);
        (await w.CountAsync("SELECT count(*) FROM es.events WHERE data::text LIKE '%director@trust.example%'", Ct))
            .Should().Be(0, "addresses are personal data and stay out of the audit trail");
        (await w.CountAsync("SELECT count(*) FROM wolverine.wolverine_incoming_envelopes WHERE position(convert_to('director@trust.example', 'UTF8') IN body) > 0", Ct))
            .Should().Be(0, "the queue names the subscription, never its address");
        (await w.Alerts.Subscriptions.GetAsync(sub.Id, Ct)).Should().NotBeNull();
    }

    [Fact]
    public async Task an_smtp_login_the_server_refuses_goes_to_the_dead_letters_at_once_and_no_mail_is_sent()
    {
        await using var smtp = new LoopbackSmtpServer("alerts", "s3cret");
        var options = Fast with { Smtp = Smtp(smtp) with { Password = "wrong" } };
        await using var w = await AlertWorld.CreateAsync("smtp-login", FakeClock.FromUtc(2026, 1, 15, 7, 0, 0), options, Ct);
        var queued = await QueueEmailAlertsAsync(w);

        await WaitForAsync(async () => (await w.Alerts.DeadLettersAsync(Ct)).Count >= queued);

        w.Alerts.Deliveries.DeadLettered.Should().Be(queued, "the same credentials would be refused again: an operator must fix them and replay");
        w.Alerts.Deliveries.Retried.Should().Be(0);
        smtp.Messages.Should().BeEmpty();
        (await w.Alerts.DeadLettersAsync(Ct)).Should().HaveCount(queued).And.OnlyContain(d => d.LastError!.Contains("refused the login", StringComparison.Ordinal));
    }

    [Fact]
    public async Task a_server_whose_certificate_is_not_the_pinned_one_gets_no_mail_and_the_alert_is_retried()
    {
        await using var smtp = new LoopbackSmtpServer("alerts", "s3cret");
        // Why a long backoff: the test looks between the first attempt and the retry.
        var options = Fast with
        {
            Smtp = Smtp(smtp) with { PinnedCertificateSha256 = new string('0', 64) },
            BackoffBase = TimeSpan.FromMinutes(1),
            BackoffCap = TimeSpan.FromMinutes(1),
        };
        await using var w = await AlertWorld.CreateAsync("smtp-pin", FakeClock.FromUtc(2026, 1, 15, 7, 0, 0), options, Ct);
        var queued = await QueueEmailAlertsAsync(w);

        (await w.Alerts.WaitUntilNothingDueAsync(Patience, Ct)).Should().BeTrue();

        w.Alerts.Deliveries.Retried.Should().Be(queued);
        smtp.Messages.Should().BeEmpty("the credentials and the message go only to the pinned server");
        (await w.Alerts.DeadLettersAsync(Ct)).Should().BeEmpty();
        (await w.CountAsync("SELECT count(*) FROM wolverine.wolverine_incoming_envelopes WHERE status = 'Scheduled' AND execution_time > now()", Ct))
            .Should().Be(queued, "each waits for its retry in the durable inbox, where a restart finds it");
    }

    [Fact]
    public async Task a_receiver_down_for_a_while_gets_every_alert_once_it_returns()
    {
        var clock = FakeClock.FromUtc(2026, 1, 15, 7, 0, 0);
        await using var receiver = new WebhookReceiver(Secret, () => clock.GetCurrentInstant().ToUnixTimeSeconds());
        await using var w = await AlertWorld.CreateAsync("down", clock, Fast, Ct);
        await w.ImportOneEncounterAsync(Ct);
        await w.Alerts.Subscriptions.AddAsync(AlertChannel.Webhook, receiver.Url, Secret, AlertWorld.Trust, [], AlertSeverity.Info, DeliveryMode.Immediate, "test", Ct);
        await w.Alerts.Processor.EvaluateAsync(null, Ct);
        var queued = (await KeysAsync(w)).Count;

        await WaitForAsync(() => w.Alerts.Deliveries.Retried >= queued);
        receiver.Start();
        await WaitForAsync(() => receiver.Applied.Count >= queued);

        receiver.Applied.Keys.Should().BeEquivalentTo(await KeysAsync(w));
        receiver.Applied.Values.Should().OnlyContain(n => n == 1);
        receiver.BadSignatures.Should().Be(0);
        (await w.Alerts.DeadLettersAsync(Ct)).Should().BeEmpty();
    }

    [Fact]
    public async Task a_delivery_refused_too_often_is_dead_lettered_and_an_operator_replay_delivers_it()
    {
        var clock = FakeClock.FromUtc(2026, 1, 15, 7, 0, 0);
        await using var receiver = new WebhookReceiver(Secret, () => clock.GetCurrentInstant().ToUnixTimeSeconds()) { FailWith = 503 };
        receiver.Start();
        await using var w = await AlertWorld.CreateAsync("dead", clock, Fast with { MaxAttempts = 2 }, Ct);
        await w.ImportOneEncounterAsync(Ct);
        await w.Alerts.Subscriptions.AddAsync(AlertChannel.Webhook, receiver.Url, Secret, AlertWorld.Trust, [], AlertSeverity.Critical, DeliveryMode.Immediate, "test", Ct);
        await w.Alerts.Processor.EvaluateAsync(null, Ct);
        var queued = (await KeysAsync(w)).Count;

        await WaitForAsync(async () => (await w.Alerts.DeadLettersAsync(Ct)).Count >= queued);

        w.Alerts.Deliveries.Retried.Should().Be(queued, "each was tried once more after a backoff");
        var dead = await w.Alerts.DeadLettersAsync(Ct);
        dead.Should().HaveCount(queued).And.OnlyContain(d => d.LastError!.Contains("503", StringComparison.Ordinal));
        receiver.FailWith = 0;
        foreach (var d in dead)
        {
            (await w.Alerts.ReplayAsync(d.Id.ToString()[..13], new Domain.Common.ActorId("operator-1"), Ct)).Should().Be(d.DedupeKey);
        }

        await WaitForAsync(() => receiver.Applied.Count >= queued);
        (await w.Alerts.WaitUntilNothingDueAsync(Patience, Ct)).Should().BeTrue();
        receiver.Applied.Keys.Should().BeEquivalentTo(dead.Select(d => d.DedupeKey));
        (await w.Alerts.DeadLettersAsync(Ct)).Should().BeEmpty();
        (await w.CountAsync("SELECT count(*) FROM alerts.replays WHERE replayed_by = 'operator-1'", Ct)).Should().Be(queued);
    }

    [Fact]
    public async Task more_dead_letters_than_one_page_are_all_listed_for_the_operator()
    {
        var clock = FakeClock.FromUtc(2026, 1, 15, 7, 0, 0);
        await using var receiver = new WebhookReceiver(Secret, () => clock.GetCurrentInstant().ToUnixTimeSeconds()) { FailWith = 410 };
        receiver.Start();
        await using var w = await AlertWorld.CreateAsync("many-dead", clock, Fast, Ct);
        await w.ImportOneEncounterAsync(Ct);
        for (var i = 0; i < 12; i++)
        {
            await w.Alerts.Subscriptions.AddAsync(AlertChannel.Webhook, receiver.Url, Secret, AlertWorld.Trust, [], AlertSeverity.Info, DeliveryMode.Immediate, "test", Ct);
        }

        await w.Alerts.Processor.EvaluateAsync(null, Ct);
        var keys = await KeysAsync(w);
        keys.Count.Should().BeGreaterThan(100, "more than Wolverine answers in one page");

        await WaitForAsync(async () => (await w.Alerts.DeadLettersAsync(Ct)).Count >= keys.Count);

        (await w.Alerts.DeadLettersAsync(Ct)).Select(d => d.DedupeKey).Should().BeEquivalentTo(keys, "a 410 is permanent: every delivery is dead at once");
    }

    [Fact]
    public async Task a_dispatcher_killed_mid_batch_loses_nothing_and_no_key_is_applied_twice()
    {
        await using var receiver = new WebhookReceiver(Secret, () => DateTimeOffset.UtcNow.ToUnixTimeSeconds()) { Delay = TimeSpan.FromMilliseconds(60) };
        receiver.Start();
        var keys = await QueueWithoutDeliveringAsync(receiver);

        using (var first = StartCli(keys.ConnectionString, "alerts", "dispatch"))
        {
            var waited = Stopwatch.StartNew();
            while (receiver.Applied.Count < 5 && waited.Elapsed < TimeSpan.FromSeconds(60))
            {
                await Task.Delay(20, Ct);
            }

            first.Kill();
            await first.WaitForExitAsync(Ct);
        }

        var afterKill = receiver.Applied.Count;
        afterKill.Should().BeInRange(5, keys.Keys.Count - 1, "the dispatcher was killed mid-batch");
        var recovery = Stopwatch.StartNew();
        using (var second = StartCli(keys.ConnectionString, "alerts", "dispatch", "--once"))
        {
            await second.WaitForExitAsync(Ct).WaitAsync(TimeSpan.FromSeconds(90), Ct);
            var errors = await second.StandardError.ReadToEndAsync(Ct);
            second.ExitCode.Should().Be(0, errors);
            errors.Should().BeEmpty("the second dispatcher finds nothing left due when it exits");
        }

        TestContext.Current.TestOutputHelper?.WriteLine($"{afterKill} of {keys.Keys.Count} delivered before the kill; the rest within {recovery.Elapsed.TotalSeconds:0.0} s");

        receiver.Applied.Keys.Should().BeEquivalentTo(keys.Keys, "every alert is delivered after the restart");
        receiver.Applied.Values.Should().OnlyContain(n => n == 1, "the receiver never applies a key twice");
        await using var check = CareersRuntime.Create(keys.ConnectionString, NodaTime.SystemClock.Instance);
        await using (var count = check.Owner.CreateCommand(
                         "SELECT count(DISTINCT data->>'idempotencyKey') FROM es.events WHERE event_type = 'alert_delivered'"))
        {
            (await count.ExecuteScalarAsync(Ct)).Should().Be((long)keys.Keys.Count);
        }

        await PostgresTemplate.DropDatabaseAsync(keys.ConnectionString);
    }

    [Fact]
    public async Task deliveries_the_old_outbox_left_pending_are_delivered_and_its_dead_letters_can_be_replayed()
    {
        var clock = FakeClock.FromUtc(2026, 1, 15, 7, 0, 0);
        await using var receiver = new WebhookReceiver(Secret, () => clock.GetCurrentInstant().ToUnixTimeSeconds());
        receiver.Start();
        await using var w = await AlertWorld.CreateAsync("legacy", clock, Fast, Ct);
        var sub = await w.Alerts.Subscriptions.AddAsync(AlertChannel.Webhook, receiver.Url, Secret, AlertWorld.Trust, [], AlertSeverity.Info,
            DeliveryMode.Immediate, "test", Ct);
        await w.ImportOneEncounterAsync(Ct);
        // Rows as migration 0095 leaves them: one the old dispatcher had pending, one it had dead-lettered.
        await w.CountAsync($"""
            WITH a AS (SELECT gen_random_uuid() AS id)
            INSERT INTO alerts.legacy_deliveries (id, subscription_id, dedupe_key, payload, dead, attempts, last_error, exception_type, dead_at)
            VALUES ('{Guid.NewGuid()}', '{sub.Id}', 'old-pending#1:{sub.Id}', '{LegacyPayload}', false, 1, 'timeout', NULL, NULL),
                   ('{Guid.NewGuid()}', '{sub.Id}', 'old-dead#1:{sub.Id}', '{LegacyPayload}', true, 8, '503 Service Unavailable', 'max-attempts', now())
            RETURNING 1
            """, Ct);

        (await w.Alerts.QueueLegacyDeliveriesAsync(Ct)).Should().Be(1);
        await WaitForAsync(() => receiver.Applied.ContainsKey($"old-pending#1:{sub.Id}"));
        var dead = (await w.Alerts.DeadLettersAsync(Ct)).Should().ContainSingle().Subject;
        dead.DedupeKey.Should().Be($"old-dead#1:{sub.Id}");
        dead.Kind.Should().Be("max-attempts");
        (await w.Alerts.ReplayAsync(dead.Id.ToString()[..8], new Domain.Common.ActorId("operator-1"), Ct)).Should().Be(dead.DedupeKey);
        await WaitForAsync(() => receiver.Applied.ContainsKey(dead.DedupeKey));

        (await w.Alerts.DeadLettersAsync(Ct)).Should().BeEmpty();
        (await w.CountAsync("SELECT count(*) FROM alerts.legacy_deliveries", Ct)).Should().Be(0);
        receiver.Applied.Values.Should().OnlyContain(n => n == 1);
    }

    private const string LegacyPayload = """{"kind": "alert", "alertId": "5b0d3b9e-6a55-4c1e-9a53-1d0c3e7e8f01", "occurrence": 1, "dedupeKey": "old", "rule": "pal-pupils-short", "severity": 2, "trustId": "T1", "schoolUrn": "100001", "subject": "Year 9 short of encounters", "detail": "3 of 3 pupil(s)", "count": 3, "deadline": "2026-02-28", "daysLeft": 44, "raisedAt": "2026-01-15T07:00:00Z"}""";

    private static Task WaitForAsync(Func<bool> condition) => WaitForAsync(() => Task.FromResult(condition()));

    private static async Task WaitForAsync(Func<Task<bool>> condition)
    {
        var waited = Stopwatch.StartNew();
        while (!await condition())
        {
            waited.Elapsed.Should().BeLessThan(Patience, "the condition should hold well within that");
            await Task.Delay(50, Ct);
        }
    }

    /// <summary>
    /// A database with alerts for six webhook subscriptions queued and not delivered, as <c>careers alerts evaluate</c> leaves
    /// them: raised by a host that only queues, then stops, handing them to whichever dispatcher runs next.
    /// </summary>
    private static async Task<(string ConnectionString, HashSet<string> Keys)> QueueWithoutDeliveringAsync(WebhookReceiver receiver)
    {
        var clock = FakeClock.FromUtc(2026, 1, 15, 7, 0, 0);
        var w = await AlertWorld.CreateAsync("kill", clock, Fast with { DeliverFromThisProcess = false }, Ct, dropOnDispose: false);
        await using (w)
        {
            await w.ImportOneEncounterAsync(Ct);
            for (var i = 0; i < 6; i++)
            {
                await w.Alerts.Subscriptions.AddAsync(AlertChannel.Webhook, receiver.Url, Secret, AlertWorld.Trust, [], AlertSeverity.Info,
                    DeliveryMode.Immediate, "test", Ct);
            }

            await w.Alerts.Processor.EvaluateAsync(null, Ct);
            var keys = await KeysAsync(w);
            keys.Count.Should().BeGreaterThan(20);
            receiver.Applied.Should().BeEmpty("this host only queues");
            return (w.ConnectionString, keys);
        }
    }

    // STARTTLS required, AUTH with the server's credentials, and its self-signed certificate pinned.
    private static SmtpOptions Smtp(LoopbackSmtpServer smtp) => new()
    {
        Host = "127.0.0.1",
        Port = smtp.Port,
        Tls = SmtpTls.Required,
        UserName = "alerts",
        Password = "s3cret",
        PinnedCertificateSha256 = smtp.CertificateSha256,
    };

    /// <summary>The idempotency keys the alerts raised call for: one per alert occurrence and matching immediate subscription.</summary>
    private static async Task<HashSet<string>> KeysAsync(AlertWorld w)
    {
        await using var command = w.Runtime.Owner.CreateCommand("""
            SELECT a.dedupe_key || '#' || a.occurrence || ':' || s.subscription_id
            FROM rm.alerts a JOIN alerts.subscriptions s ON s.mode = 'immediate' AND s.min_severity <= a.severity
             AND (s.trust_id IS NULL OR (s.trust_id = a.trust_id AND (cardinality(s.school_urns) = 0 OR a.school_urn = ANY (s.school_urns))))
            """);
        var keys = new HashSet<string>(StringComparer.Ordinal);
        await using var reader = await command.ExecuteReaderAsync(Ct);
        while (await reader.ReadAsync(Ct))
        {
            keys.Add(reader.GetString(0));
        }

        return keys;
    }

    private static Process StartCli(string connectionString, params string[] args)
    {
        var config = AppContext.BaseDirectory.Contains("/Release/", StringComparison.Ordinal) ? "Release" : "Debug";
        var dll = Path.Combine(DatabaseLocator.FindRepositoryRoot(), "src", "CareersCompliance.Cli", "bin", config, "net10.0", "careers.dll");
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        start.ArgumentList.Add(dll);
        foreach (var a in args)
        {
            start.ArgumentList.Add(a);
        }

        start.ArgumentList.Add("--connection-string");
        start.ArgumentList.Add(connectionString);
        start.Environment["CAREERS_ALERTS_NODE_TIMEOUT_MS"] = "3000";
        start.Environment["CAREERS_ALERTS_BACKOFF_BASE_MS"] = "200";
        start.Environment["CAREERS_ALERTS_BATCH_SIZE"] = "10";
        return Process.Start(start) ?? throw new InvalidOperationException("could not start the CLI");
    }

    private static string Decode(string data)
    {
        var body = data[(data.IndexOf("\n\n", StringComparison.Ordinal) + 2)..];
        return Encoding.UTF8.GetString(Convert.FromBase64String(body.Replace("\n", "", StringComparison.Ordinal)));
    }

    /// <summary>One encounter imported, a director subscribed by e-mail, the alerts evaluated: how many mails are queued.</summary>
    private static async Task<int> QueueEmailAlertsAsync(AlertWorld w)
    {
        await w.ImportOneEncounterAsync(Ct);
        await w.Alerts.Subscriptions.AddAsync(AlertChannel.Email, "director@trust.example", null, AlertWorld.Trust, [AlertWorld.Urn],
            AlertSeverity.Warning, DeliveryMode.Immediate, "test", Ct);
        await w.Alerts.Processor.EvaluateAsync(null, Ct);
        return (await KeysAsync(w)).Count;
    }
}
