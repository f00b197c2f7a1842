using CareersCompliance.Application.Commands;
using CareersCompliance.Domain.Alerts;
using CareersCompliance.EventStore;

namespace CareersCompliance.Application.Alerts;

/// <summary>The alert stream type; one stream per deduplication key.</summary>
public static class AlertStreams
{
    public static StreamDefinition<Alert, AlertEvent> Alert { get; } = new("alert", Domain.Alerts.Alert.Initial, Domain.Alerts.Alert.Evolve);

    public static StreamId For(string dedupeKey) => StreamId.ForKey(Alert.StreamType, dedupeKey);

    public static StreamId For(AlertId id) => new(Alert.StreamType, id.Value);

    public static AlertId IdFor(string dedupeKey) => new(For(dedupeKey).Id);
}
