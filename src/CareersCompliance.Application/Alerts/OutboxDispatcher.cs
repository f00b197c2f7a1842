using System.Security.Cryptography;
using System.Text.Json;
using CareersCompliance.Application.Commands;
using CareersCompliance.Domain.Alerts;
using Npgsql;
using NpgsqlTypes;

namespace CareersCompliance.Application.Alerts;

/// <summary>What one dispatch pass did.</summary>
public sealed record DispatchSummary(int Delivered, int Retried, int DeadLettered);

/// <summary>
/// A competing outbox dispatcher (design 7.5): leases due rows with FOR UPDATE SKIP LOCKED, delivers each over its
/// subscription's channel with the row's dedupe key as Idempotency-Key, records AlertDelivered through the command handler,
/// retries with exponential backoff and jitter, and dead-letters after <see cref="AlertOptions.MaxAttempts"/>. Expired
/// leases (a dispatcher that died) return to pending. No leader: any number may run against one database.
/// </summary>
public sealed class OutboxDispatcher(CareersRuntime runtime, StreamCommandHandler commands, SubscriptionStore subscriptions,
    IReadOnlyList<IAlertChannel> channels, AlertOptions options, string owner)
{
    private static readonly Domain.Common.ActorId Dispatcher = new("system:alert-dispatcher");

    public string Owner => owner;

    /// <summary>Delivers everything due now, batch after batch, and returns when nothing due is left.</summary>
    public async Task<DispatchSummary> RunOnceAsync(CancellationToken ct)
    {
        int delivered = 0, retried = 0, dead = 0;
        await ReleaseExpiredLeasesAsync(ct);
        // Why a pass delivers only what was due when it began: a row that comes due again during the pass (a short backoff
        // behind a receiver that is down) waits for the next pass instead of being retried at once in this one.
        var passStarted = await DatabaseNowAsync(ct);
        while (true)
        {
            var rows = await LeaseAsync(passStarted, ct);
            if (rows.Count == 0)
            {
                return new DispatchSummary(delivered, retried, dead);
            }

            foreach (var row in rows)
            {
                switch (await DeliverAsync(row, ct))
                {
                    case Outcome.Delivered: delivered++; break;
                    case Outcome.Retry: retried++; break;
                    default: dead++; break;
                }
            }
        }
    }

    /// <summary>Runs until cancelled: a pass, then waits for an outbox NOTIFY or the poll interval.</summary>
    public async Task RunAsync(Action<DispatchSummary>? onPass, CancellationToken ct)
    {
        await using var listener = await runtime.App.OpenConnectionAsync(ct);
        await using (var listen = new NpgsqlCommand("LISTEN alerts_outbox", listener))
        {
            await listen.ExecuteNonQueryAsync(ct);
        }

        while (!ct.IsCancellationRequested)
        {
            var summary = await RunOnceAsync(ct);
            if (summary.Delivered + summary.Retried + summary.DeadLettered > 0)
            {
                onPass?.Invoke(summary);
            }

            await listener.WaitAsync(options.PollInterval, ct);
        }
    }

    private enum Outcome
    {
        Delivered,
        Retry,
        Dead,
    }

    private sealed record Row(Guid Id, string DedupeKey, string Destination, JsonElement Payload, int Attempts);

    private async Task<DateTime> DatabaseNowAsync(CancellationToken ct)
    {
        await using var command = runtime.App.CreateCommand("SELECT now()");
        return (DateTime)(await command.ExecuteScalarAsync(ct))!;
    }

    private async Task<IReadOnlyList<Row>> LeaseAsync(DateTime dueBy, CancellationToken ct)
    {
        await using var command = runtime.App.CreateCommand("""
            UPDATE es.outbox SET status = 'leased', lease_owner = $1, lease_until = now() + $2, attempts = attempts + 1
            WHERE id IN (SELECT id FROM es.outbox
                         WHERE status = 'pending' AND next_attempt_at <= $4 AND coalesce(deliver_at, now()) <= now()
                         ORDER BY next_attempt_at FOR UPDATE SKIP LOCKED LIMIT $3)
            RETURNING id, dedupe_key, destination, payload::text, attempts
            """);
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = owner });
        command.Parameters.Add(new NpgsqlParameter<TimeSpan> { TypedValue = options.Lease, NpgsqlDbType = NpgsqlDbType.Interval });
        command.Parameters.Add(new NpgsqlParameter<int> { TypedValue = options.BatchSize });
        command.Parameters.Add(new NpgsqlParameter<DateTime> { TypedValue = dueBy, NpgsqlDbType = NpgsqlDbType.TimestampTz });
        var rows = new List<Row>();
        await using var reader = await command.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct))
        {
            rows.Add(new Row(reader.GetGuid(0), reader.GetString(1), reader.GetString(2), JsonDocument.Parse(reader.GetString(3)).RootElement,
                reader.GetInt32(4)));
        }

        return rows;
    }

    private async Task<Outcome> DeliverAsync(Row row, CancellationToken ct)
    {
        var subscription = Guid.TryParse(row.Destination, out var subscriptionId) ? await subscriptions.GetAsync(subscriptionId, ct) : null;
        if (subscription is null)
        {
            await DeadLetterAsync(row, "The subscription was removed.", nameof(InvalidOperationException), ct);
            return Outcome.Dead;
        }

        var channel = channels.First(c => c.Channel == subscription.Channel);
        var message = AlertTemplates.Render(row.Payload, row.DedupeKey, options.BaseUrl);
        try
        {
            await channel.SendAsync(new AlertDelivery(row.DedupeKey, subscription, message, runtime.Clock.GetCurrentInstant()), ct);
        }
        catch (DeliveryFailedException e)
        {
            return await FailAsync(row, e.Message, e.Permanent, ct);
        }

        await RecordDeliveredAsync(row, subscription, ct);
        await using var done = runtime.App.CreateCommand(
            "UPDATE es.outbox SET status = 'delivered', delivered_at = now(), lease_owner = NULL, lease_until = NULL WHERE id = $1");
        done.Parameters.Add(new NpgsqlParameter<Guid> { TypedValue = row.Id });
        await done.ExecuteNonQueryAsync(ct);
        return Outcome.Delivered;
    }

    // Why record before marking the row delivered: if the process dies in between, the row is delivered again with the same
    // Idempotency-Key (the receiver drops it) and the decider ignores the repeated delivery; the other order could lose the record.
    private async Task RecordDeliveredAsync(Row row, AlertSubscription subscription, CancellationToken ct)
    {
        var items = row.Payload.TryGetProperty("items", out var list) ? [.. list.EnumerateArray()] : new[] { row.Payload };
        foreach (var item in items)
        {
            var id = new AlertId(item.GetProperty("alertId").GetGuid());
            var occurrence = item.GetProperty("occurrence").GetInt32();
            var trust = item.TryGetProperty("trustId", out var t) && t.ValueKind == JsonValueKind.String ? new Domain.Common.TrustId(t.GetString()!) : (Domain.Common.TrustId?)null;
            var school = item.TryGetProperty("schoolUrn", out var s) && s.ValueKind == JsonValueKind.String ? new Domain.Common.SchoolUrn(s.GetString()!) : (Domain.Common.SchoolUrn?)null;
            var now = runtime.Clock.GetCurrentInstant();
            await commands.HandleAsync(AlertStreams.Alert, AlertStreams.For(id),
                st => RecordAlertDelivery.Decide(st, new RecordAlertDelivery(id, occurrence, subscription.Channel, subscription.Id, row.DedupeKey, now)),
                NonComplianceAlertProcessor.Context(trust, school, null, "record-alert-delivery", Dispatcher), ct);
        }
    }

    private async Task<Outcome> FailAsync(Row row, string error, bool permanent, CancellationToken ct)
    {
        if (permanent || row.Attempts >= options.MaxAttempts)
        {
            await DeadLetterAsync(row, error, permanent ? "permanent" : "max-attempts", ct);
            return Outcome.Dead;
        }

        await using var retry = runtime.App.CreateCommand("""
            UPDATE es.outbox SET status = 'pending', lease_owner = NULL, lease_until = NULL, last_error = $3, next_attempt_at = now() + $4
            WHERE id = $1 AND lease_owner = $2
            """);
        retry.Parameters.Add(new NpgsqlParameter<Guid> { TypedValue = row.Id });
        retry.Parameters.Add(new NpgsqlParameter<string> { TypedValue = owner });
        retry.Parameters.Add(new NpgsqlParameter<string> { TypedValue = error });
        retry.Parameters.Add(new NpgsqlParameter<TimeSpan> { TypedValue = Backoff(row.Attempts, options), NpgsqlDbType = NpgsqlDbType.Interval });
        await retry.ExecuteNonQueryAsync(ct);
        return Outcome.Retry;
    }

    /// <summary>min(cap, base * 2^(attempts-1)) * (1 +- jitter).</summary>
    public static TimeSpan Backoff(int attempts, AlertOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var exponential = options.BackoffBase.TotalMilliseconds * Math.Pow(2, Math.Max(0, attempts - 1));
        var capped = Math.Min(options.BackoffCap.TotalMilliseconds, exponential);
        var spread = 1 + (options.Jitter * ((RandomNumberGenerator.GetInt32(0, 20001) / 10000.0) - 1));
        return TimeSpan.FromMilliseconds(capped * spread);
    }

    private async Task DeadLetterAsync(Row row, string error, string kind, CancellationToken ct)
    {
        await using var move = runtime.App.CreateCommand("""
            WITH moved AS (DELETE FROM es.outbox WHERE id = $1 AND lease_owner = $2 RETURNING *)
            INSERT INTO es.dead_letters (id, dedupe_key, destination, payload, headers, status, attempts, next_attempt_at, deliver_at,
                                         last_error, created_at, exception_type)
            SELECT id, dedupe_key, destination, payload, headers, 'dead', attempts, next_attempt_at, deliver_at, $3, created_at, $4 FROM moved
            """);
        move.Parameters.Add(new NpgsqlParameter<Guid> { TypedValue = row.Id });
        move.Parameters.Add(new NpgsqlParameter<string> { TypedValue = owner });
        move.Parameters.Add(new NpgsqlParameter<string> { TypedValue = error });
        move.Parameters.Add(new NpgsqlParameter<string> { TypedValue = kind });
        await move.ExecuteNonQueryAsync(ct);
    }

    private async Task ReleaseExpiredLeasesAsync(CancellationToken ct)
    {
        await using var janitor = runtime.App.CreateCommand(
            "UPDATE es.outbox SET status = 'pending', lease_owner = NULL, lease_until = NULL WHERE status = 'leased' AND lease_until < now()");
        await janitor.ExecuteNonQueryAsync(ct);
    }
}
