using CareersCompliance.Application.Commands;
using CareersCompliance.Domain.Alerts;
using CareersCompliance.Domain.Common;
using CareersCompliance.EventStore;
using CareersCompliance.Projections.Alerts;
using NodaTime;
using NodaTime.Text;
using Npgsql;
using System.Text.Json;
using Wolverine;
using Wolverine.Persistence.Durability;
using Wolverine.Persistence.Durability.DeadLetterManagement;
using Wolverine.RDBMS;
using Wolverine.Runtime;

namespace CareersCompliance.Application.Alerts;

/// <summary>A dead-lettered delivery, as an operator sees it.</summary>
public sealed record DeadLetter(Guid Id, string DedupeKey, string Destination, int Attempts, string? LastError, string? Kind, Instant DeadAt);

/// <summary>What this host's deliveries came to since it started: sent, failed and waiting to be retried, dead-lettered.</summary>
public sealed record DispatchSummary(int Delivered, int Retried, int DeadLettered);

/// <summary>
/// The alerts feature over a runtime: its own store instance whose appends run the alert list and the delivery queue inline,
/// the command handler for alert streams, subscriptions, the evaluator, delivery, acknowledgements and dead letters.
/// Why a second store instance: inline projections switch every append of a store to a transaction with extra round trips;
/// keeping them on the alert store leaves imports and recording on the single-statement path.
/// Delivery runs on Wolverine (<see cref="AlertMessaging"/>); a centre built without it can list, acknowledge and subscribe,
/// and refuses to raise alerts for subscribers or to touch dead letters.
/// </summary>
public sealed class AlertCenter : IDisposable
{
    private static readonly ActorId Dispatcher = new("system:alert-dispatcher");

    private readonly CareersRuntime _runtime;
    private readonly IWolverineRuntime? _messaging;
    private readonly HttpClient _http;
    private readonly IReadOnlyList<IAlertChannel> _channels;
    private int _delivered;
    private int _retried;
    private int _deadLettered;

    public AlertCenter(CareersRuntime runtime, AlertOptions options, IWolverineRuntime? messaging = null, HttpMessageHandler? httpHandler = null)
    {
        ArgumentNullException.ThrowIfNull(runtime);
        ArgumentNullException.ThrowIfNull(options);
        _runtime = runtime;
        _messaging = messaging;
        Options = options;
        Store = new PostgresEventStore(runtime.App, runtime.Registry, [new AlertListProjection(), new AlertOutboxWriter(Messaging, options.DeliverFromThisProcess)]);
        Commands = new StreamCommandHandler(Store);
        List = new AlertListQuery(runtime.App);
        Subscriptions = new SubscriptionStore(runtime.App);
        Sources = new AlertSources(runtime);
        Processor = new NonComplianceAlertProcessor(runtime, Commands, List, Sources, options);
        _http = httpHandler is null ? new HttpClient() : new HttpClient(httpHandler, disposeHandler: false);
        _channels = [new SmtpAlertChannel(options.Smtp), new WebhookAlertChannel(_http, options)];
    }

    public AlertOptions Options { get; }

    public IEventStore Store { get; }

    public StreamCommandHandler Commands { get; }

    public AlertListQuery List { get; }

    public SubscriptionStore Subscriptions { get; }

    public AlertSources Sources { get; }

    public NonComplianceAlertProcessor Processor { get; }

    /// <summary>This host's deliveries so far.</summary>
    public DispatchSummary Deliveries => new(Volatile.Read(ref _delivered), Volatile.Read(ref _retried), Volatile.Read(ref _deadLettered));

    /// <summary>
    /// Sends one delivery over its subscription's channel with its idempotency key, then records AlertDelivered through the
    /// command handler. A failure is thrown to Wolverine, which retries it with backoff or moves it to the dead letters.
    /// </summary>
    public async Task DeliverAsync(DeliverAlert message, int attempt, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(message);
        var subscription = await Subscriptions.GetAsync(message.SubscriptionId, ct);
        if (subscription is null)
        {
            Interlocked.Increment(ref _deadLettered);
            throw new SubscriptionRemovedException($"The subscription {message.SubscriptionId} was removed.");
        }

        var channel = _channels.First(c => c.Channel == subscription.Channel);
        var rendered = AlertTemplates.Render(message.Payload, message.IdempotencyKey, Options.BaseUrl);
        try
        {
            await channel.SendAsync(new AlertDelivery(message.IdempotencyKey, subscription, rendered, _runtime.Clock.GetCurrentInstant()), ct);
        }
        catch (Exception e) when (e is DeliveryFailedException or HttpRequestException or IOException)
        {
            var final = e is DeliveryFailedException { Permanent: true } || attempt >= Options.MaxAttempts;
            Interlocked.Increment(ref final ? ref _deadLettered : ref _retried);
            throw;
        }

        await RecordDeliveredAsync(message, subscription, ct);
        Interlocked.Increment(ref _delivered);
    }

    // Why record after sending: if the host dies in between, Wolverine delivers again with the same Idempotency-Key (the
    // receiver drops it) and the decider ignores the repeated delivery; the other order could record a delivery never made.
    private async Task RecordDeliveredAsync(DeliverAlert message, AlertSubscription subscription, CancellationToken ct)
    {
        var items = message.Payload.TryGetProperty("items", out var list) ? [.. list.EnumerateArray()] : new[] { message.Payload };
        foreach (var item in items)
        {
            var id = new AlertId(item.GetProperty("alertId").GetGuid());
            var occurrence = item.GetProperty("occurrence").GetInt32();
            var trust = item.TryGetProperty("trustId", out var t) && t.ValueKind == JsonValueKind.String ? new TrustId(t.GetString()!) : (TrustId?)null;
            var school = item.TryGetProperty("schoolUrn", out var s) && s.ValueKind == JsonValueKind.String ? new SchoolUrn(s.GetString()!) : (SchoolUrn?)null;
            var now = _runtime.Clock.GetCurrentInstant();
            // Why retry here: deliveries of one alert to its several subscribers run in parallel and append to the same stream;
            // a conflict only means another delivery was recorded first, and deciding again on the new state is right. Throwing
            // instead would send the message again.
            for (var attempt = 1; ; attempt++)
            {
                try
                {
                    await Commands.HandleAsync(AlertStreams.Alert, AlertStreams.For(id),
                        st => RecordAlertDelivery.Decide(st, new RecordAlertDelivery(id, occurrence, subscription.Channel, subscription.Id, message.IdempotencyKey, now)),
                        NonComplianceAlertProcessor.Context(trust, school, null, "record-alert-delivery", Dispatcher), ct);
                    break;
                }
                catch (ConcurrencyConflictException) when (attempt < 10)
                {
                    await Task.Delay(System.Security.Cryptography.RandomNumberGenerator.GetInt32(5, 20 * attempt), ct);
                }
            }
        }
    }

    public async Task<AlertListItem> AcknowledgeAsync(string idPrefix, string? note, ActorId by, CancellationToken ct)
    {
        var alert = await FindAsync(idPrefix, ct);
        var id = new AlertId(alert.AlertId);
        var now = _runtime.Clock.GetCurrentInstant();
        await Commands.HandleAsync(AlertStreams.Alert, AlertStreams.For(id), s => AcknowledgeAlert.Decide(s, new AcknowledgeAlert(id, note, by, now)),
            NonComplianceAlertProcessor.Context(Trust(alert), School(alert), null, "acknowledge-alert", by), ct);
        return (await List.FindAsync(alert.AlertId.ToString(), ct))!;
    }

    public async Task<AlertListItem> ResolveAsync(string idPrefix, string? note, ActorId by, CancellationToken ct)
    {
        var alert = await FindAsync(idPrefix, ct);
        var id = new AlertId(alert.AlertId);
        var now = _runtime.Clock.GetCurrentInstant();
        var today = now.InZone(NonComplianceAlertProcessor.London).Date;
        await Commands.HandleAsync(AlertStreams.Alert, AlertStreams.For(id),
            s => ResolveAlert.Decide(s, new ResolveAlert(id, AlertResolution.ByPerson, note, today, by, now)),
            NonComplianceAlertProcessor.Context(Trust(alert), School(alert), today, "resolve-alert", by), ct);
        return (await List.FindAsync(alert.AlertId.ToString(), ct))!;
    }

    /// <summary>The alert's whole history: its events in order.</summary>
    public async Task<IReadOnlyList<EventEnvelope>> HistoryAsync(Guid alertId, CancellationToken ct) =>
        (await Store.ReadStreamAsync(AlertStreams.For(new AlertId(alertId)), null, ct)).Events;

    // Why a fixed key: all hosts of one database must agree on it; advisory locks are per database.
    private const long EvaluationLockKey = 7220601;

    private const long ScheduleLockKey = 7220602;

    private static async Task<bool> TryTakeEvaluationLockAsync(NpgsqlConnection connection, CancellationToken ct)
    {
        await using var take = new NpgsqlCommand("SELECT pg_try_advisory_lock($1)", connection);
        take.Parameters.Add(new NpgsqlParameter<long> { TypedValue = EvaluationLockKey });
        return await take.ExecuteScalarAsync(ct) is true;
    }

    /// <summary>
    /// Evaluates under the database-wide evaluation lock, so two hosts never raise the same condition at once. Without
    /// <paramref name="wait"/>, returns null when another host holds it (that host's evaluation covers the same events).
    /// </summary>
    public async Task<EvaluationSummary?> EvaluateExclusiveAsync(LocalDate? asOf, bool wait, CancellationToken ct)
    {
        await using var connection = await _runtime.App.OpenConnectionAsync(ct);
        // Why try and retry rather than pg_advisory_lock: a wait inside one statement would meet the statement timeout
        // while another host evaluates a large database.
        while (!await TryTakeEvaluationLockAsync(connection, ct))
        {
            if (!wait)
            {
                return null;
            }

            await Task.Delay(TimeSpan.FromMilliseconds(250), ct);
        }

        try
        {
            return await Processor.EvaluateAsync(asOf, ct);
        }
        finally
        {
            await using var release = new NpgsqlCommand("SELECT pg_advisory_unlock($1)", connection);
            release.Parameters.Add(new NpgsqlParameter<long> { TypedValue = EvaluationLockKey });
            await release.ExecuteScalarAsync(CancellationToken.None);
        }
    }

    /// <summary>
    /// Schedules the next daily evaluation (00:05 Europe/London) unless one is scheduled for then already; after a run for
    /// <paramref name="ran"/>, never for that date or earlier.
    /// </summary>
    public async Task<bool> ScheduleNextDailyEvaluationAsync(LocalDate? ran, CancellationToken ct)
    {
        // Why the database's clock and not the injected one: Wolverine runs a scheduled message once the wall clock passes
        // its time, so the next run must be chosen by wall time too; by a test's frozen clock it would be due at once, forever.
        await using var command = _runtime.App.CreateCommand("SELECT now()");
        var now = Instant.FromDateTimeUtc(((DateTime)(await command.ExecuteScalarAsync(ct))!).ToUniversalTime());
        var next = EvaluateAlertsDaily.NextAfter(now);
        if (ran is { } day && next.Day <= day)
        {
            next = EvaluateAlertsDaily.For(day.PlusDays(1));
        }

        return await ScheduleDailyEvaluationAsync(next, next.DueAt, ct);
    }

    /// <summary>
    /// Schedules <paramref name="run"/> at <paramref name="at"/> on the durable inbox unless a run is scheduled for that time
    /// already; hosts that start together take a lock, so one of them schedules it. True when this call scheduled it.
    /// </summary>
    public async Task<bool> ScheduleDailyEvaluationAsync(EvaluateAlertsDaily run, Instant at, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(run);
        await using var connection = await _runtime.App.OpenConnectionAsync(ct);
        await using var tx = await connection.BeginTransactionAsync(ct);
        await using (var take = new NpgsqlCommand("SELECT pg_advisory_xact_lock($1)", connection, tx))
        {
            take.Parameters.Add(new NpgsqlParameter<long> { TypedValue = ScheduleLockKey });
            await take.ExecuteNonQueryAsync(ct);
        }

        await using var check = new NpgsqlCommand($"""
            SELECT EXISTS (SELECT 1 FROM {AlertMessaging.Schema}.wolverine_incoming_envelopes
                           WHERE message_type = $1 AND status = 'Scheduled' AND execution_time = $2)
            """, connection, tx);
        check.Parameters.Add(new NpgsqlParameter<string> { TypedValue = EvaluateAlertsDaily.StoredName });
        check.Parameters.Add(new NpgsqlParameter<DateTime> { TypedValue = at.ToDateTimeUtc() });
        var scheduled = await check.ExecuteScalarAsync(ct) is true;
        if (!scheduled)
        {
            var context = new MessageContext(Messaging());
            await context.EnlistInOutboxAsync(new DatabaseEnvelopeTransaction((IMessageDatabase)Messaging().Storage, tx));
            await context.ScheduleAsync(run, at.ToDateTimeOffset());
        }

        await tx.CommitAsync(ct);
        return !scheduled;
    }

    /// <summary>
    /// Queues one digest per subscriber with waiting items (at most one per subscriber and date, whichever host composes it),
    /// in the same transaction that marks the items digested.
    /// </summary>
    public async Task<int> ComposeDigestsAsync(LocalDate date, CancellationToken ct)
    {
        var day = LocalDatePattern.Iso.Format(date);
        await using var connection = await _runtime.App.OpenConnectionAsync(ct);
        await using var tx = await connection.BeginTransactionAsync(ct);
        await using var command = new NpgsqlCommand("""
            WITH taken AS (
                UPDATE alerts.digest_items d SET digested_at = now()
                WHERE digested_at IS NULL
                  AND NOT EXISTS (SELECT 1 FROM alerts.digests g WHERE g.dedupe_key = 'digest:' || $1 || ':' || d.subscription_id)
                RETURNING subscription_id, payload, created_at),
            composed AS (
                SELECT subscription_id, 'digest:' || $1 || ':' || subscription_id AS dedupe_key,
                       jsonb_build_object('kind', 'digest', 'date', $1, 'items', jsonb_agg(payload ORDER BY created_at)) AS payload
                FROM taken GROUP BY subscription_id),
            recorded AS (
                INSERT INTO alerts.digests (dedupe_key, subscription_id) SELECT dedupe_key, subscription_id FROM composed
                ON CONFLICT (dedupe_key) DO NOTHING RETURNING dedupe_key)
            SELECT c.subscription_id, c.dedupe_key, c.payload::text FROM composed c JOIN recorded r USING (dedupe_key)
            """, connection, tx);
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = day });
        var digests = new List<DeliverAlert>();
        await using (var reader = await command.ExecuteReaderAsync(ct))
        {
            while (await reader.ReadAsync(ct))
            {
                using var payload = JsonDocument.Parse(reader.GetString(2));
                digests.Add(new DeliverAlert(reader.GetGuid(0), reader.GetString(1), payload.RootElement.Clone()));
            }
        }

        var afterCommit = new List<Func<CancellationToken, Task>>();
        if (digests.Count > 0)
        {
            await AlertOutboxWriter.PublishInTransactionAsync(Messaging(), tx, digests, Options.DeliverFromThisProcess ? afterCommit : null);
        }

        await CommitThenAsync(tx, afterCommit, ct);

        return digests.Count;
    }

    /// <summary>Dead letters, oldest first: Wolverine's, and any the hand-written outbox left before migration 0095.</summary>
    public async Task<IReadOnlyList<DeadLetter>> DeadLettersAsync(CancellationToken ct)
    {
        // Why page: Wolverine answers a page at a time (100 by default), and an outage can dead-letter more than that.
        const int PageSize = 100;
        var dead = new List<DeadLetter>();
        for (var page = 1; ; page++)
        {
            var results = await Messaging().Storage.DeadLetters.QueryAsync(
                new DeadLetterEnvelopeQuery { MessageType = DeliverAlert.StoredName, PageNumber = page, PageSize = PageSize }, ct);
            dead.AddRange(results.Envelopes.Where(d => string.Equals(d.MessageType, DeliverAlert.StoredName, StringComparison.Ordinal)).Select(ToDeadLetter));
            if (results.Envelopes.Count < PageSize)
            {
                break;
            }
        }

        await using var legacy = _runtime.App.CreateCommand("""
            SELECT id, dedupe_key, subscription_id::text, attempts, last_error, exception_type, dead_at FROM alerts.legacy_deliveries WHERE dead
            """);
        await using var r = await legacy.ExecuteReaderAsync(ct);
        while (await r.ReadAsync(ct))
        {
            dead.Add(new DeadLetter(r.GetGuid(0), r.GetString(1), r.GetString(2), r.GetInt32(3), await r.IsDBNullAsync(4, ct) ? null : r.GetString(4),
                await r.IsDBNullAsync(5, ct) ? null : r.GetString(5), Instant.FromDateTimeUtc(r.GetDateTime(6))));
        }

        return [.. dead.OrderBy(d => d.DeadAt)];
    }

    /// <summary>Queues a dead letter (id or a unique prefix) for delivery again with fresh attempts, and records who did it.</summary>
    public async Task<string?> ReplayAsync(string idPrefix, ActorId by, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(idPrefix);
        var matches = (await DeadLettersAsync(ct)).Where(d => d.Id.ToString().StartsWith(idPrefix.ToLowerInvariant(), StringComparison.Ordinal)).ToList();
        if (matches.Count != 1)
        {
            return null;
        }

        var dead = matches[0];
        await using var connection = await _runtime.App.OpenConnectionAsync(ct);
        await using var tx = await connection.BeginTransactionAsync(ct);
        await using (var record = new NpgsqlCommand("INSERT INTO alerts.replays (envelope_id, dedupe_key, replayed_by) VALUES ($1, $2, $3)", connection, tx))
        {
            record.Parameters.Add(new NpgsqlParameter<Guid> { TypedValue = dead.Id });
            record.Parameters.Add(new NpgsqlParameter<string> { TypedValue = dead.DedupeKey });
            record.Parameters.Add(new NpgsqlParameter<string> { TypedValue = by.Value });
            await record.ExecuteNonQueryAsync(ct);
        }

        var afterCommit = new List<Func<CancellationToken, Task>>();
        var legacy = await TakeLegacyAsync(connection, tx, "id = $1", dead.Id, ct);
        if (legacy.Count > 0)
        {
            await AlertOutboxWriter.PublishInTransactionAsync(Messaging(), tx, legacy, afterCommit);
        }
        else
        {
            // Why after the record: Wolverine moves a replayable dead letter back to its inbox on its own connection.
            afterCommit.Add(token => Messaging().Storage.DeadLetters.ReplayAsync(new DeadLetterEnvelopeQuery { MessageIds = [dead.Id] }, token));
        }

        await CommitThenAsync(tx, afterCommit, ct);

        return dead.DedupeKey;
    }

    /// <summary>Queues on Wolverine the deliveries the hand-written outbox still had pending at migration 0095, once.</summary>
    public async Task<int> QueueLegacyDeliveriesAsync(CancellationToken ct)
    {
        await using var connection = await _runtime.App.OpenConnectionAsync(ct);
        await using var tx = await connection.BeginTransactionAsync(ct);
        var pending = await TakeLegacyAsync(connection, tx, "NOT dead", null, ct);
        var afterCommit = new List<Func<CancellationToken, Task>>();
        if (pending.Count > 0)
        {
            await AlertOutboxWriter.PublishInTransactionAsync(Messaging(), tx, pending, afterCommit);
        }

        await CommitThenAsync(tx, afterCommit, ct);

        return pending.Count;
    }

    /// <summary>Commits, then runs what the transaction's work left for after the commit (handing messages to the queue).</summary>
    private static async Task CommitThenAsync(NpgsqlTransaction tx, IEnumerable<Func<CancellationToken, Task>> afterCommit, CancellationToken ct)
    {
        await tx.CommitAsync(ct);
        foreach (var followUp in afterCommit)
        {
            await followUp(ct);
        }
    }

    private static async Task<List<DeliverAlert>> TakeLegacyAsync(NpgsqlConnection connection, NpgsqlTransaction tx, string where, Guid? id, CancellationToken ct)
    {
        await using var take = new NpgsqlCommand($"DELETE FROM alerts.legacy_deliveries WHERE {where} RETURNING subscription_id, dedupe_key, payload::text",
            connection, tx);
        if (id is { } one)
        {
            take.Parameters.Add(new NpgsqlParameter<Guid> { TypedValue = one });
        }

        var taken = new List<DeliverAlert>();
        await using var reader = await take.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct))
        {
            using var payload = JsonDocument.Parse(reader.GetString(2));
            taken.Add(new DeliverAlert(reader.GetGuid(0), reader.GetString(1), payload.RootElement.Clone()));
        }

        return taken;
    }

    /// <summary>
    /// Waits until no delivery is due: none waiting in the inbox or being sent, no retry whose time has come, no replay not yet
    /// picked up. Retries due later do not count. False if <paramref name="timeout"/> passes first.
    /// </summary>
    public async Task<bool> WaitUntilNothingDueAsync(TimeSpan timeout, CancellationToken ct)
    {
        var waited = System.Diagnostics.Stopwatch.StartNew();
        while (true)
        {
            await using var command = _runtime.App.CreateCommand($"""
                SELECT (SELECT count(*) FROM {AlertMessaging.Schema}.wolverine_incoming_envelopes
                        WHERE message_type = $1 AND (status = 'Incoming' OR (status = 'Scheduled' AND execution_time <= now())))
                     + (SELECT count(*) FROM {AlertMessaging.Schema}.wolverine_dead_letters WHERE replayable)
                """);
            command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = DeliverAlert.StoredName });
            if (await command.ExecuteScalarAsync(ct) is 0L)
            {
                return true;
            }

            if (waited.Elapsed > timeout)
            {
                return false;
            }

            await Task.Delay(100, ct);
        }
    }

    public void Dispose() => _http.Dispose();

    private async Task<AlertListItem> FindAsync(string idPrefix, CancellationToken ct) =>
        await List.FindAsync(idPrefix, ct) ?? throw new DomainRuleViolation("alert-not-found", $"No alert id starts with '{idPrefix}'.");

    private IWolverineRuntime Messaging() =>
        _messaging ?? throw new InvalidOperationException("Alert delivery needs the Wolverine host (AlertMessaging); this alert centre was built without it.");

    private static DeadLetter ToDeadLetter(DeadLetterEnvelope d)
    {
        using var body = JsonDocument.Parse(d.Envelope.Data);
        var root = body.RootElement;
        return new DeadLetter(d.Id, root.GetProperty("idempotencyKey").GetString()!, root.GetProperty("subscriptionId").GetString()!,
            d.Envelope.Attempts, d.ExceptionMessage, d.ExceptionType, Instant.FromDateTimeOffset(d.FailedAt ?? d.SentAt));
    }

    private static TrustId? Trust(AlertListItem a) => a.TrustId is null ? null : new TrustId(a.TrustId);

    private static SchoolUrn? School(AlertListItem a) => a.SchoolUrn is null ? null : new SchoolUrn(a.SchoolUrn);
}
