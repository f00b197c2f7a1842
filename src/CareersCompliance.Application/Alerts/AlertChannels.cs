using CareersCompliance.Domain.Alerts;
using NodaTime;

namespace CareersCompliance.Application.Alerts;

/// <summary>One delivery attempt: the rendered alert for one subscription, with the key the receiver deduplicates on.</summary>
public sealed record AlertDelivery(string IdempotencyKey, AlertSubscription Subscription, RenderedAlert Message, Instant Now);

/// <summary>A way to reach a subscriber.</summary>
public interface IAlertChannel
{
    AlertChannel Channel { get; }

    /// <summary>Sends; throws <see cref="DeliveryFailedException"/> (or an I/O exception) when the receiver did not take it.</summary>
    Task SendAsync(AlertDelivery delivery, CancellationToken ct);
}

/// <summary>The receiver refused or could not be reached. Permanent failures go straight to the dead letters.</summary>
public sealed class DeliveryFailedException : Exception
{
    public DeliveryFailedException(string message, bool permanent, Exception? inner = null) : base(message, inner) => Permanent = permanent;

    public DeliveryFailedException()
    {
    }

    public DeliveryFailedException(string message) : base(message)
    {
    }

    public DeliveryFailedException(string message, Exception inner) : base(message, inner)
    {
    }

    public bool Permanent { get; }
}
