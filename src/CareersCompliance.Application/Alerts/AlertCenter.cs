using CareersCompliance.Application.Commands;
using CareersCompliance.Domain.Alerts;
using CareersCompliance.Domain.Common;
using CareersCompliance.EventStore;
using CareersCompliance.Projections.Alerts;
using NodaTime;
using NodaTime.Text;
using Npgsql;

namespace CareersCompliance.Application.Alerts;

/// <summary>A dead-lettered delivery, as an operator sees it.</summary>
public sealed record DeadLetter(Guid Id, string DedupeKey, string Destination, int Attempts, string? LastError, string? Kind, Instant DeadAt);

/// <summary>
/// The alerts feature over a runtime: its own store instance whose appends run the alert list and the outbox writer inline,
/// the command handler for alert streams, subscriptions, the evaluator, dispatchers, acknowledgements and dead letters.
/// Why a second store instance: inline projections switch every append of a store to a transaction with extra round trips;
/// keeping them on the alert store leaves imports and recording on the single-statement path.
/// </summary>
public sealed class AlertCenter : IDisposable
{
    private readonly CareersRuntime _runtime;
    private readonly HttpClient _http;

    public AlertCenter(CareersRuntime runtime, AlertOptions options, HttpMessageHandler? httpHandler = null)
    {
        ArgumentNullException.ThrowIfNull(runtime);
        _runtime = runtime;
        Options = options;
        Store = new PostgresEventStore(runtime.App, runtime.Registry, [new AlertListProjection(), new AlertOutboxWriter()]);
        Commands = new StreamCommandHandler(Store);
        List = new AlertListQuery(runtime.App);
        Subscriptions = new SubscriptionStore(runtime.App);
        Sources = new AlertSources(runtime);
        Processor = new NonComplianceAlertProcessor(runtime, Commands, List, Sources, options);
        _http = httpHandler is null ? new HttpClient() : new HttpClient(httpHandler, disposeHandler: false);
    }

    public AlertOptions Options { get; }

    public IEventStore Store { get; }

    public StreamCommandHandler Commands { get; }

    public AlertListQuery List { get; }

    public SubscriptionStore Subscriptions { get; }

    public AlertSources Sources { get; }

    public NonComplianceAlertProcessor Processor { get; }

    /// <summary>A dispatcher with a unique lease owner (host, process, random part).</summary>
    public OutboxDispatcher CreateDispatcher(IReadOnlyList<IAlertChannel>? channels = null) =>
        new(_runtime, Commands, Subscriptions, channels ?? [new SmtpAlertChannel(Options.Smtp), new WebhookAlertChannel(_http, Options)], Options,
            $"{Environment.MachineName}:{Environment.ProcessId}:{Guid.NewGuid():N}");

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

    /// <summary>Composes one digest outbox row per subscriber with waiting items (at most one per subscriber and date).</summary>
    public async Task<int> ComposeDigestsAsync(LocalDate date, CancellationToken ct)
    {
        await using var command = _runtime.App.CreateCommand("""
            WITH taken AS (
                UPDATE alerts.digest_items d SET digested_at = now()
                WHERE digested_at IS NULL
                  AND NOT EXISTS (SELECT 1 FROM es.outbox o WHERE o.dedupe_key = 'digest:' || $1 || ':' || d.subscription_id)
                RETURNING subscription_id, payload, created_at)
            INSERT INTO es.outbox (id, dedupe_key, destination, payload)
            SELECT gen_random_uuid(), 'digest:' || $1 || ':' || subscription_id, subscription_id::text,
                   jsonb_build_object('kind', 'digest', 'date', $1, 'items', jsonb_agg(payload ORDER BY created_at))
            FROM taken GROUP BY subscription_id
            ON CONFLICT (dedupe_key) DO NOTHING
            """);
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = LocalDatePattern.Iso.Format(date) });
        return await command.ExecuteNonQueryAsync(ct);
    }

    public async Task<IReadOnlyList<DeadLetter>> DeadLettersAsync(CancellationToken ct)
    {
        await using var command = _runtime.App.CreateCommand(
            "SELECT id, dedupe_key, destination, attempts, last_error, exception_type, dead_at FROM es.dead_letters ORDER BY dead_at");
        var result = new List<DeadLetter>();
        await using var r = await command.ExecuteReaderAsync(ct);
        while (await r.ReadAsync(ct))
        {
            result.Add(new DeadLetter(r.GetGuid(0), r.GetString(1), r.GetString(2), r.GetInt32(3), await r.IsDBNullAsync(4, ct) ? null : r.GetString(4),
                await r.IsDBNullAsync(5, ct) ? null : r.GetString(5), Instant.FromDateTimeUtc(r.GetDateTime(6))));
        }

        return result;
    }

    /// <summary>Moves a dead letter (id or a unique prefix) back to the outbox with fresh attempts, and records who did it.</summary>
    public async Task<string?> ReplayAsync(string idPrefix, ActorId by, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(idPrefix);
        await using var connection = await _runtime.App.OpenConnectionAsync(ct);
        await using var tx = await connection.BeginTransactionAsync(ct);
        await using var command = new NpgsqlCommand("""
            WITH one AS (SELECT id FROM es.dead_letters WHERE id::text LIKE $1 || '%'),
                 moved AS (DELETE FROM es.dead_letters d USING one WHERE d.id = one.id AND (SELECT count(*) FROM one) = 1 RETURNING d.*),
                 back AS (INSERT INTO es.outbox (id, dedupe_key, destination, payload, headers)
                          SELECT id, dedupe_key, destination, payload, headers FROM moved RETURNING id, dedupe_key)
            INSERT INTO alerts.replays (outbox_id, dedupe_key, replayed_by) SELECT id, dedupe_key, $2 FROM back RETURNING dedupe_key
            """, connection, tx);
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = idPrefix.ToLowerInvariant() });
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = by.Value });
        var key = await command.ExecuteScalarAsync(ct) as string;
        await tx.CommitAsync(ct);
        return key;
    }

    public void Dispose() => _http.Dispose();

    private async Task<AlertListItem> FindAsync(string idPrefix, CancellationToken ct) =>
        await List.FindAsync(idPrefix, ct) ?? throw new DomainRuleViolation("alert-not-found", $"No alert id starts with '{idPrefix}'.");

    private static TrustId? Trust(AlertListItem a) => a.TrustId is null ? null : new TrustId(a.TrustId);

    private static SchoolUrn? School(AlertListItem a) => a.SchoolUrn is null ? null : new SchoolUrn(a.SchoolUrn);
}
