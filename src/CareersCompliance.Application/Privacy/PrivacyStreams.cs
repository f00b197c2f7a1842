using CareersCompliance.Application.Commands;
using CareersCompliance.Domain.Common;
using CareersCompliance.Domain.Privacy;
using CareersCompliance.EventStore;

namespace CareersCompliance.Application.Privacy;

/// <summary>Where the data-protection facts are appended (eventmodel/model.json streams).</summary>
public static class PrivacyStreams
{
    /// <summary>Erasure and rectification go on the pupil's own stream; the pupil decider ignores them and this one sees only them.</summary>
    public static StreamDefinition<PupilPrivacy, PrivacyEvent> Pupil { get; } = new(Streams.Pupil.StreamType, PupilPrivacy.Initial, PupilPrivacy.Evolve);

    public static StreamDefinition<bool, PrivacyEvent> Redaction { get; } = new("redaction", false, RedactEventText.Evolve);

    public static StreamDefinition<int, PrivacyEvent> DataSharing { get; } = new("data-sharing", 0, (n, _) => n + 1);

    public static StreamId RedactionOf(Guid eventId) => new(Redaction.StreamType, eventId);

    public static StreamId DataSharingOf(SchoolUrn urn) => StreamId.ForKey(DataSharing.StreamType, urn.Value);
}
