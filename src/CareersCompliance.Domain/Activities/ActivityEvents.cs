using CareersCompliance.Domain.Common;
using NodaTime;

namespace CareersCompliance.Domain.Activities;

/// <summary>
/// Facts about one careers activity and who attended it. Nothing is edited: a correction or retraction is a
/// new event naming what changes and why (eventmodel/decisions/0001). Stream: <c>activity-{ActivityId}</c>.
/// </summary>
public abstract record ActivityEvent
{
    private ActivityEvent() { }

    /// <summary>A careers activity took place and was recorded with its details.</summary>
    public sealed record ActivityRecorded(
        ActivityId ActivityId, ActivityDetails Details, ActorId RecordedBy, Instant RecordedAt) : ActivityEvent;

    /// <summary>An activity's details were corrected; the event carries the full new details and the reason.</summary>
    public sealed record ActivityDetailsCorrected(
        ActivityId ActivityId, ActivityDetails Details, string Reason, ActorId RecordedBy, Instant RecordedAt) : ActivityEvent;

    /// <summary>An activity was retracted: it should never have been recorded and counts for nothing.</summary>
    public sealed record ActivityRetracted(
        ActivityId ActivityId, string Reason, ActorId RecordedBy, Instant RecordedAt) : ActivityEvent;

    /// <summary>A pupil's attendance at an activity was recorded as attended or absent.</summary>
    public sealed record AttendanceRecorded(
        ActivityId ActivityId, PupilId PupilId, bool Attended, ActorId RecordedBy, Instant RecordedAt) : ActivityEvent;

    /// <summary>A pupil's recorded attendance at an activity was corrected.</summary>
    public sealed record AttendanceCorrected(
        ActivityId ActivityId, PupilId PupilId, bool Attended, string Reason, ActorId RecordedBy, Instant RecordedAt) : ActivityEvent;

    /// <summary>A pupil's attendance record was withdrawn: the pupil was never on the list for the activity.</summary>
    public sealed record AttendanceWithdrawn(
        ActivityId ActivityId, PupilId PupilId, string Reason, ActorId RecordedBy, Instant RecordedAt) : ActivityEvent;
}
