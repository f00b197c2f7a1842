using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using CareersCompliance.Application;
using CareersCompliance.Application.Alerts;
using CareersCompliance.Domain.Alerts;
using CareersCompliance.Domain.Common;
using CareersCompliance.Projections.Alerts;
using Microsoft.Extensions.DependencyInjection;
using NodaTime;

namespace CareersCompliance.Cli.Commands;

/// <summary>
/// <c>careers alerts list|show|ack|resolve|evaluate|dispatch|dead-letters|subscribe|unsubscribe|subscriptions|settings</c>:
/// non-compliance alerts, their delivery through the outbox, and who receives them. SMTP and delivery settings come from
/// CAREERS_SMTP_* and CAREERS_ALERTS_* (src/CareersCompliance.Application/Alerts/README.md).
/// </summary>
public static class AlertsCommand
{
    private static readonly Option<string> By = new("--by")
    {
        Description = "Who acts (recorded as the actor id; default: the OS user).",
        DefaultValueFactory = _ => Environment.UserName,
    };

    public static Command Create() => new("alerts", "Non-compliance alerts: evaluate, deliver, acknowledge, subscribe.")
    {
        List(), Show(), Ack(), Resolve(), Evaluate(), Dispatch(), DeadLetters(), Subscribe(), Unsubscribe(), Subscriptions(), Settings(),
    };

    // Why a host only where needed: raising alerts for subscribers and reading dead letters run on Wolverine, which takes a
    // second or two to start; listing, acknowledging and subscribing do not need it.
    private static Task<int> RunAsync(ParseResult parse, Func<AlertCenter, CareersRuntime, TextWriter, TextWriter, Task<int>> body, CancellationToken ct,
        bool delivery = false, bool deliverHere = true) =>
        RuntimeHost.RunAsync(parse, async (runtime, output, error) =>
        {
            var options = AlertOptions.FromEnvironment() with { DeliverFromThisProcess = deliverHere };

            var host = delivery ? await AlertMessaging.StartHostAsync(runtime, options, ct) : null;
            using var own = host is null ? new AlertCenter(runtime, options) : null;
            try
            {
                return await body(own ?? host!.Services.GetRequiredService<AlertCenter>(), runtime, output, error);
            }
            catch (ArgumentException e)
            {
                await error.WriteLineAsync($"error: {e.Message}");
                return CliHost.Failed;
            }
            finally
            {
                if (host is not null)
                {
                    // Why stop rather than just exit: Wolverine hands deliveries this process has not finished to other hosts.
                    await host.StopAsync(CancellationToken.None);
                    host.Dispose();
                }
            }
        }, ct);

    private static Command List()
    {
        var status = new Option<string>("--status") { Description = "open (default), acknowledged, resolved or all.", DefaultValueFactory = _ => "open" };
        var trust = new Option<string?>("--trust") { Description = "Only this trust's alerts." };
        var json = new Option<bool>("--json") { Description = "JSON output for scripts." };
        var command = new Command("list", "Alerts, most severe and soonest deadline first.") { status, trust, json };
        command.SetAction((parse, ct) => RunAsync(parse, async (alerts, _, output, _) =>
        {
            var s = parse.GetValue(status);
            var items = await alerts.List.ListAsync(string.Equals(s, "all", StringComparison.OrdinalIgnoreCase) ? null : s?.ToLowerInvariant(),
                parse.GetValue(trust), ct);
            if (parse.GetValue(json))
            {
                await output.WriteLineAsync(JsonSerializer.Serialize(items.Select(Json), CliHost.Json));
                return CliHost.Ok;
            }

            foreach (var a in items)
            {
                var left = a.DaysLeft is { } d ? $"{d,4}d" : "    -";
                await output.WriteLineAsync(
                    $"{a.AlertId.ToString()[..8]}  {a.Severity,-8} {a.Status,-12} {left}  {a.Subject}\n          {a.Detail}");
            }

            await output.WriteLineAsync($"{items.Count} alert(s).");
            return CliHost.Ok;
        }, ct));
        return command;
    }

    private static Command Show()
    {
        var id = new Argument<string>("id") { Description = "The alert id (or its first 8 characters)." };
        var command = new Command("show", "One alert with its whole history: raised, delivered, acknowledged, resolved.") { id };
        command.SetAction((parse, ct) => RunAsync(parse, async (alerts, _, output, error) =>
        {
            var alert = await alerts.List.FindAsync(parse.GetValue(id)!, ct);
            if (alert is null)
            {
                await error.WriteLineAsync($"error: no alert id starts with '{parse.GetValue(id)}'.");
                return CliHost.Failed;
            }

            await output.WriteLineAsync(JsonSerializer.Serialize(Json(alert), CliHost.Json));
            foreach (var e in await alerts.HistoryAsync(alert.AlertId, ct))
            {
                await output.WriteLineAsync($"{e.Version,3} {e.RecordedAt} {e.EventType,-20} by {e.Metadata.Actor.UserId}: {Describe(e.Data)}");
            }

            return CliHost.Ok;
        }, ct));
        return command;
    }

    private static Command Ack()
    {
        var id = new Argument<string>("id") { Description = "The alert id (or its first 8 characters)." };
        var note = new Option<string?>("--note") { Description = "What is being done about it (recorded)." };
        var command = new Command("ack", "Acknowledge an open alert, with a note.") { id, note, By };
        command.SetAction((parse, ct) => RunAsync(parse, async (alerts, _, output, _) =>
        {
            var a = await alerts.AcknowledgeAsync(parse.GetValue(id)!, parse.GetValue(note), new ActorId(parse.GetValue(By)!), ct);
            await output.WriteLineAsync($"Alert {a.AlertId} is {a.Status} (by {a.AcknowledgedBy}).");
            return CliHost.Ok;
        }, ct));
        return command;
    }

    private static Command Resolve()
    {
        var id = new Argument<string>("id") { Description = "The alert id (or its first 8 characters)." };
        var note = new Option<string?>("--note") { Description = "Why it is resolved (recorded)." };
        var command = new Command("resolve", "Resolve an alert by hand (it is re-raised if the condition is found again).") { id, note, By };
        command.SetAction((parse, ct) => RunAsync(parse, async (alerts, _, output, _) =>
        {
            var a = await alerts.ResolveAsync(parse.GetValue(id)!, parse.GetValue(note), new ActorId(parse.GetValue(By)!), ct);
            await output.WriteLineAsync($"Alert {a.AlertId} is {a.Status}.");
            return CliHost.Ok;
        }, ct));
        return command;
    }

    private static Command Evaluate()
    {
        var asOf = new Option<string?>("--as-of") { Description = "Evaluate as of this date (YYYY-MM-DD); default today in Europe/London." };
        var command = new Command("evaluate", "Run every alert rule: raise new alerts, resolve cleared ones, compose daily digests.") { asOf };
        command.SetAction((parse, ct) => RunAsync(parse, async (alerts, _, output, error) =>
        {
            LocalDate? date = null;
            if (parse.GetValue(asOf) is { } text)
            {
                if (!RuntimeHost.TryParseDate(text, out var d))
                {
                    await error.WriteLineAsync($"error: --as-of '{text}' is not a date; use YYYY-MM-DD.");
                    return CliHost.Failed;
                }

                date = d;
            }

            var s = await alerts.Processor.EvaluateAsync(date, ct);
            var digests = await alerts.ComposeDigestsAsync(s.AsOf, ct);
            await output.WriteLineAsync(
                $"As of {s.AsOf}: {s.Conditions} condition(s); raised {s.Raised}, re-raised {s.ReRaised}, resolved {s.Resolved}, still open {s.StillOpen}; {digests} digest(s) queued.");
            return CliHost.Ok;
        }, ct, delivery: true, deliverHere: false)); // Why queue only: evaluation is a batch job; the dispatchers deliver.
        return command;
    }

    private static Command Dispatch()
    {
        var once = new Option<bool>("--once") { Description = "Deliver what is due now and exit (default: keep running)." };
        var command = new Command("dispatch", "Deliver queued alerts by e-mail and webhook (any number of dispatchers may run).") { once };
        command.SetAction((parse, ct) => RunAsync(parse, async (alerts, _, output, error) =>
        {
            if (parse.GetValue(once))
            {
                // Why this bound: a delivery a dead host held comes back once the host is taken for dead (the node timeout, seen at
                // the next health checks) and the leader hands its work on.
                var drained = await alerts.WaitUntilNothingDueAsync((alerts.Options.NodeTimeout * 3) + TimeSpan.FromSeconds(30), ct);
                await output.WriteLineAsync(Summary(alerts.Deliveries));
                if (!drained)
                {
                    await error.WriteLineAsync("warning: some deliveries were still due when dispatch stopped waiting; they stay queued.");
                }

                return CliHost.Ok;
            }

            await output.WriteLineAsync("Dispatching; Ctrl+C stops.");
            var last = alerts.Deliveries;
            try
            {
                while (!ct.IsCancellationRequested)
                {
                    await Task.Delay(TimeSpan.FromSeconds(1), ct);
                    if (alerts.Deliveries != last)
                    {
                        last = alerts.Deliveries;
                        await output.WriteLineAsync(Summary(last));
                    }
                }
            }
            catch (OperationCanceledException) when (ct.IsCancellationRequested)
            {
                await output.WriteLineAsync("Stopped.");
            }

            return CliHost.Ok;
        }, ct, delivery: true));
        return command;
    }

    private static string Summary(DispatchSummary s) => $"Delivered {s.Delivered}, retrying {s.Retried}, dead-lettered {s.DeadLettered}.";

    private static Command DeadLetters()
    {
        var replay = new Option<string?>("--replay") { Description = "Move this dead letter (id or prefix) back to the outbox." };
        var command = new Command("dead-letters", "Deliveries that failed for good; replay one after fixing the cause.") { replay, By };
        command.SetAction((parse, ct) => RunAsync(parse, async (alerts, _, output, error) =>
        {
            if (parse.GetValue(replay) is { } id)
            {
                var key = await alerts.ReplayAsync(id, new ActorId(parse.GetValue(By)!), ct);
                if (key is null)
                {
                    await error.WriteLineAsync($"error: no single dead letter id starts with '{id}'.");
                    return CliHost.Failed;
                }

                await output.WriteLineAsync($"Replayed {key}; it is queued for delivery again.");
                return CliHost.Ok;
            }

            var dead = await alerts.DeadLettersAsync(ct);
            foreach (var d in dead)
            {
                await output.WriteLineAsync($"{d.Id}  {d.DeadAt}  attempts {d.Attempts}  {d.Kind}  {d.DedupeKey}\n      {d.LastError}");
            }

            await output.WriteLineAsync($"{dead.Count} dead letter(s).");
            return CliHost.Ok;
        }, ct, delivery: true));
        return command;
    }

    private static Command Subscribe()
    {
        var email = new Option<string?>("--email") { Description = "Deliver by e-mail to this address." };
        var webhook = new Option<string?>("--webhook") { Description = "Deliver to this https URL (signed, see the Alerts README)." };
        var secret = new Option<string?>("--secret") { Description = "The webhook's HMAC key (default: generated and printed once)." };
        var trust = new Option<string?>("--trust") { Description = "Only this trust (default: everything, operations alerts included)." };
        var schools = new Option<string[]>("--school") { Description = "Only these schools of the trust (repeatable).", AllowMultipleArgumentsPerToken = true };
        var severity = new Option<string>("--min-severity") { Description = "info (default), warning or critical.", DefaultValueFactory = _ => "info" };
        var digest = new Option<bool>("--digest") { Description = "One daily digest instead of immediate delivery." };
        var command = new Command("subscribe", "Add a recipient of alerts.") { email, webhook, secret, trust, schools, severity, digest, By };
        command.SetAction((parse, ct) => RunAsync(parse, async (alerts, _, output, error) =>
        {
            var (e, w) = (parse.GetValue(email), parse.GetValue(webhook));
            if ((e is null) == (w is null) || !Enum.TryParse<AlertSeverity>(parse.GetValue(severity), ignoreCase: true, out var min))
            {
                await error.WriteLineAsync("error: give exactly one of --email or --webhook, and --min-severity info, warning or critical.");
                return CliHost.Failed;
            }

            var s = await alerts.Subscriptions.AddAsync(e is null ? AlertChannel.Webhook : AlertChannel.Email, (e ?? w)!, parse.GetValue(secret),
                parse.GetValue(trust), parse.GetValue(schools) ?? [], min, parse.GetValue(digest) ? DeliveryMode.Digest : DeliveryMode.Immediate,
                parse.GetValue(By)!, ct);
            await output.WriteLineAsync($"Subscription {s.Id} added.");
            if (s.Channel == AlertChannel.Webhook && parse.GetValue(secret) is null)
            {
                await output.WriteLineAsync($"Webhook secret (shown once): {s.Secret}");
            }

            return CliHost.Ok;
        }, ct));
        return command;
    }

    private static Command Unsubscribe()
    {
        var id = new Argument<Guid>("id") { Description = "The subscription id." };
        var command = new Command("unsubscribe", "Remove a recipient (its address is erased).") { id };
        command.SetAction((parse, ct) => RunAsync(parse, async (alerts, _, output, error) =>
        {
            if (!await alerts.Subscriptions.RemoveAsync(parse.GetValue(id), ct))
            {
                await error.WriteLineAsync($"error: no subscription {parse.GetValue(id)}.");
                return CliHost.Failed;
            }

            await output.WriteLineAsync($"Subscription {parse.GetValue(id)} removed.");
            return CliHost.Ok;
        }, ct));
        return command;
    }

    private static Command Subscriptions()
    {
        var command = new Command("subscriptions", "Who receives which alerts, how.");
        command.SetAction((parse, ct) => RunAsync(parse, async (alerts, _, output, _) =>
        {
            var all = await alerts.Subscriptions.ListAsync(ct);
            foreach (var s in all)
            {
                var scope = s.TrustId is null ? "everything" : s.SchoolUrns.Count == 0 ? $"trust {s.TrustId}" : $"trust {s.TrustId} schools {string.Join(',', s.SchoolUrns)}";
                await output.WriteLineAsync($"{s.Id}  {s.Channel,-7} {s.Address}  {scope}  >= {s.MinSeverity}  {s.Mode}");
            }

            await output.WriteLineAsync($"{all.Count} subscription(s).");
            return CliHost.Ok;
        }, ct));
        return command;
    }

    private static Command Settings()
    {
        var trust = new Option<string>("--trust") { Description = "The trust.", Required = true };
        var horizon = new Option<int?>("--horizon-days") { Description = "Days before a deadline from which it is alerted (default 60)." };
        var triage = new Option<int?>("--referral-triage-days") { Description = "Referral triage service level in days (default 5)." };
        var seen = new Option<int?>("--referral-seen-days") { Description = "Referral seen service level in days (default 20)." };
        var command = new Command("settings", "Show or change a trust's alert horizon and referral service levels.") { trust, horizon, triage, seen };
        command.SetAction((parse, ct) => RunAsync(parse, async (alerts, _, output, _) =>
        {
            var t = new TrustId(parse.GetValue(trust)!);
            if (parse.GetValue(horizon) is not null || parse.GetValue(triage) is not null || parse.GetValue(seen) is not null)
            {
                await alerts.Sources.SetSettingsAsync(t, parse.GetValue(horizon), parse.GetValue(triage), parse.GetValue(seen), ct);
            }

            var s = await alerts.Sources.SettingsAsync(t, ct);
            await output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
                $"Trust {t}: horizon {s.HorizonDays} day(s), referral triage {s.ReferralTriageDays} day(s), seen {s.ReferralSeenDays} day(s)."));
            return CliHost.Ok;
        }, ct));
        return command;
    }

    private static object Json(AlertListItem a) => new
    {
        a.AlertId,
        a.DedupeKey,
        a.Rule,
        Severity = a.Severity.ToString(),
        a.TrustId,
        a.SchoolUrn,
        a.Subject,
        a.Detail,
        a.Count,
        Deadline = a.Deadline?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
        a.DaysLeft,
        a.Status,
        a.Occurrence,
        RaisedAt = Iso(a.RaisedAt),
        FirstRaisedAt = Iso(a.FirstRaisedAt),
        a.AcknowledgedBy,
        a.AcknowledgedNote,
        ResolvedAt = a.ResolvedAt is { } r ? Iso(r) : null,
        a.Resolution,
        a.Deliveries,
    };

    private static string Iso(Instant i) => NodaTime.Text.InstantPattern.ExtendedIso.Format(i);

    private static string Describe(object data) => data switch
    {
        AlertEvent.AlertRaised e => $"{e.Severity} {e.Detail}",
        AlertEvent.AlertReRaised e => $"occurrence {e.Occurrence}: {e.Detail}",
        AlertEvent.AlertDelivered e => $"occurrence {e.Occurrence} by {e.Channel} to subscription {e.SubscriptionId}",
        AlertEvent.AlertAcknowledged e => e.Note ?? "",
        AlertEvent.AlertResolved e => $"{e.Resolution} {e.Note}",
        _ => "",
    };
}
