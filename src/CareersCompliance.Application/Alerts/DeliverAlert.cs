using System.Text.Json;
using Wolverine.Attributes;

namespace CareersCompliance.Application.Alerts;

/// <summary>
/// One delivery to one subscription: an alert occurrence (<c>kind: alert</c>) or a day's digest (<c>kind: digest</c>),
/// queued on Wolverine's durable inbox in the same transaction as the event or digest that caused it. The idempotency key
/// is what the receiver deduplicates on; the payload holds counts and places, never pupils or addresses.
/// </summary>
/// <param name="SubscriptionId">Whom to deliver to (the address stays in alerts.subscriptions).</param>
/// <param name="IdempotencyKey"><c>{alert key}#{occurrence}:{subscription}</c> or <c>digest:{date}:{subscription}</c>.</param>
/// <param name="Payload">The alert, or <c>{kind: digest, date, items: [...]}</c>.</param>
[MessageIdentity(StoredName)]
public sealed record DeliverAlert(Guid SubscriptionId, string IdempotencyKey, JsonElement Payload)
{
    /// <summary>The message type stored with each envelope (migration 0095 writes it for moved outbox rows).</summary>
    public const string StoredName = "deliver-alert";
}

/// <summary>Wolverine's handler for <see cref="DeliverAlert"/>: the alert centre sends it and records the delivery.</summary>
public sealed class DeliverAlertHandler(AlertCenter alerts)
{
    public Task HandleAsync(DeliverAlert message, Wolverine.Envelope envelope, CancellationToken ct) =>
        alerts.DeliverAsync(message, envelope.Attempts, ct);
}

/// <summary>The subscription a delivery was for has been removed (its address erased): nothing to send it to, ever.</summary>
public sealed class SubscriptionRemovedException : Exception
{
    public SubscriptionRemovedException()
    {
    }

    public SubscriptionRemovedException(string message) : base(message)
    {
    }

    public SubscriptionRemovedException(string message, Exception inner) : base(message, inner)
    {
    }
}
