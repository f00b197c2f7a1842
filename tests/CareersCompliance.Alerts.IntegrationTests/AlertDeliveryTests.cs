using System.Diagnostics;
using System.Text;
using CareersCompliance.Application.Alerts;
using CareersCompliance.Domain.Alerts;
using CareersCompliance.EventStore.Hosting;
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
        Lease = TimeSpan.FromSeconds(1),
    };

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

        var pass = await w.Alerts.CreateDispatcher().RunOnceAsync(Ct);

        var queued = await w.CountAsync("SELECT count(*) FROM es.outbox", Ct);
        pass.Delivered.Should().Be((int)queued).And.BeGreaterThan(0);
        smtp.Messages.Should().HaveCount((int)queued).And.OnlyContain(m => m.Tls && m.Authenticated && m.To == "director@trust.example");
        var mail = smtp.Messages.Select(m => Decode(m.Data)).Single(t => t.Contains("pal-pupils-short", StringComparison.Ordinal));
        mail.Should().Contain("What is wrong: 3 of 3 pupil(s)").And.Contain("Where: school 100001, trust T1")
            .And.Contain("How long is left: 44 day(s), until 2026-02-28").And.Contain("School page: https://careers.example/schools/100001");
        (await w.CountAsync("SELECT count(*) FROM es.events WHERE event_type = 'alert_delivered'", Ct)).Should().Be(queued);
        (await w.CountAsync("SELECT count(*) FROM es.events WHERE data::text LIKE '%director@trust.example%'", Ct))
            .Should().Be(0, "addresses are personal data and stay out of the audit trail");
        (await w.Alerts.Subscriptions.GetAsync(sub.Id, Ct)).Should().NotBeNull();
    }

    [Fact]
    public async Task an_smtp_login_the_server_refuses_goes_to_the_dead_letters_at_once_and_no_mail_is_sent()
    {
        await using var smtp = new LoopbackSmtpServer("alerts", "s3cret");
        var options = Fast with { Smtp = Smtp(smtp) with { Password = "wrong" } };
        await using var w = await AlertWorld.CreateAsync("smtp-login", FakeClock.FromUtc(2026, 1, 15, 7, 0, 0), options, Ct);
        var queued = await QueueEmailAlertsAsync(w);

        var pass = await w.Alerts.CreateDispatcher().RunOnceAsync(Ct);

        pass.DeadLettered.Should().Be(queued, "the same credentials would be refused again: an operator must fix them and replay");
        smtp.Messages.Should().BeEmpty();
        (await w.Alerts.DeadLettersAsync(Ct)).Should().OnlyContain(d => d.LastError!.Contains("refused the login", StringComparison.Ordinal));
    }

    [Fact]
    public async Task a_server_whose_certificate_is_not_the_pinned_one_gets_no_mail_and_the_alert_is_retried()
    {
        await using var smtp = new LoopbackSmtpServer("alerts", "s3cret");
        // Why a long backoff: a pass re-leases rows that come due again, and a TLS handshake on a busy machine outlasts 100 ms.
        var options = Fast with
        {
            Smtp = Smtp(smtp) with { PinnedCertificateSha256 = new string('0', 64) },
            BackoffBase = TimeSpan.FromMinutes(1),
            BackoffCap = TimeSpan.FromMinutes(1),
        };
        await using var w = await AlertWorld.CreateAsync("smtp-pin", FakeClock.FromUtc(2026, 1, 15, 7, 0, 0), options, Ct);
        var queued = await QueueEmailAlertsAsync(w);

        var pass = await w.Alerts.CreateDispatcher().RunOnceAsync(Ct);

        pass.Retried.Should().Be(queued);
        smtp.Messages.Should().BeEmpty("the credentials and the message go only to the pinned server");
        (await w.Alerts.DeadLettersAsync(Ct)).Should().BeEmpty();
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
        var queued = (int)await w.CountAsync("SELECT count(*) FROM es.outbox", Ct);
        var dispatcher = w.Alerts.CreateDispatcher();

        var whileDown = await dispatcher.RunOnceAsync(Ct);
        receiver.Start();
        var deadline = Stopwatch.StartNew();
        while (receiver.Applied.Count < queued && deadline.Elapsed < TimeSpan.FromSeconds(20))
        {
            await Task.Delay(150, Ct);
            await dispatcher.RunOnceAsync(Ct);
        }

        whileDown.Retried.Should().Be(queued);
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
        var dispatcher = w.Alerts.CreateDispatcher();
        var queued = (int)await w.CountAsync("SELECT count(*) FROM es.outbox", Ct);

        await dispatcher.RunOnceAsync(Ct);
        await Task.Delay(700, Ct);
        var second = await dispatcher.RunOnceAsync(Ct);

        second.DeadLettered.Should().Be(queued);
        var dead = await w.Alerts.DeadLettersAsync(Ct);
        dead.Should().HaveCount(queued).And.OnlyContain(d => d.Attempts == 2 && d.LastError!.Contains("503", StringComparison.Ordinal));
        receiver.FailWith = 0;
        foreach (var d in dead)
        {
            (await w.Alerts.ReplayAsync(d.Id.ToString()[..13], new Domain.Common.ActorId("operator-1"), Ct)).Should().Be(d.DedupeKey);
        }

        (await dispatcher.RunOnceAsync(Ct)).Delivered.Should().Be(queued);
        receiver.Applied.Keys.Should().BeEquivalentTo(dead.Select(d => d.DedupeKey));
        (await w.CountAsync("SELECT count(*) FROM alerts.replays", Ct)).Should().Be(queued);
    }

    [Fact]
    public async Task a_dispatcher_killed_mid_batch_loses_nothing_and_no_key_is_applied_twice()
    {
        await using var receiver = new WebhookReceiver(Secret, () => DateTimeOffset.UtcNow.ToUnixTimeSeconds()) { Delay = TimeSpan.FromMilliseconds(60) };
        receiver.Start();
        await using var w = await AlertWorld.CreateAsync("kill", FakeClock.FromUtc(2026, 1, 15, 7, 0, 0), Fast, Ct);
        await w.ImportOneEncounterAsync(Ct);
        for (var i = 0; i < 6; i++)
        {
            await w.Alerts.Subscriptions.AddAsync(AlertChannel.Webhook, receiver.Url, Secret, AlertWorld.Trust, [], AlertSeverity.Info, DeliveryMode.Immediate, "test", Ct);
        }

        await w.Alerts.Processor.EvaluateAsync(null, Ct);
        var keys = await KeysAsync(w);
        keys.Count.Should().BeGreaterThan(20);

        using (var first = StartCli(w.ConnectionString, "alerts", "dispatch"))
        {
            var waited = Stopwatch.StartNew();
            while (receiver.Applied.Count < 5 && waited.Elapsed < TimeSpan.FromSeconds(30))
            {
                await Task.Delay(20, Ct);
            }

            first.Kill();
            await first.WaitForExitAsync(Ct);
        }

        var afterKill = receiver.Applied.Count;
        afterKill.Should().BeInRange(5, keys.Count - 1, "the dispatcher was killed mid-batch");
        await Task.Delay(TimeSpan.FromSeconds(1.5), Ct);
        using (var second = StartCli(w.ConnectionString, "alerts", "dispatch", "--once"))
        {
            await second.WaitForExitAsync(Ct).WaitAsync(TimeSpan.FromSeconds(60), Ct);
            second.ExitCode.Should().Be(0, await second.StandardError.ReadToEndAsync(Ct));
        }

        receiver.Applied.Keys.Should().BeEquivalentTo(keys, "every alert is delivered after the restart");
        receiver.Applied.Values.Should().OnlyContain(n => n == 1, "the receiver never applies a key twice");
        (await w.CountAsync("SELECT count(*) FROM es.outbox WHERE status <> 'delivered'", Ct)).Should().Be(0);
        (await w.CountAsync("SELECT count(DISTINCT data->>'idempotencyKey') FROM es.events WHERE event_type = 'alert_delivered'", Ct))
            .Should().Be(keys.Count);
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

    private static async Task<HashSet<string>> KeysAsync(AlertWorld w)
    {
        await using var command = w.Runtime.Owner.CreateCommand("SELECT dedupe_key FROM es.outbox UNION ALL SELECT dedupe_key FROM es.dead_letters");
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
        start.Environment["CAREERS_ALERTS_LEASE_MS"] = "1000";
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
        return (int)await w.CountAsync("SELECT count(*) FROM es.outbox", Ct);
    }
}
