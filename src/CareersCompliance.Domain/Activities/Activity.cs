using System.Collections.Immutable;
using CareersCompliance.Domain.Common;
using static CareersCompliance.Domain.Activities.ActivityEvent;

namespace CareersCompliance.Domain.Activities;

/// <summary>Decision state of an activity stream.</summary>
public abstract record Activity
{
    private Activity() { }

    public sealed record NotRecorded : Activity;

    /// <summary>A recorded activity; <see cref="Attendance"/> maps each listed pupil to attended (true) or absent (false).</summary>
    public sealed record Recorded(ActivityId Id, ActivityDetails Details, ImmutableDictionary<PupilId, bool> Attendance) : Activity;

    public sealed record Retracted(ActivityId Id) : Activity;

    public static Activity Initial { get; } = new NotRecorded();

    public static Activity Evolve(Activity state, ActivityEvent @event) => (state, @event) switch
    {
        (NotRecorded, ActivityRecorded e) => new Recorded(e.ActivityId, e.Details, ImmutableDictionary<PupilId, bool>.Empty),
        (Recorded s, ActivityDetailsCorrected e) => s with { Details = e.Details },
        (Recorded s, ActivityRetracted) => new Retracted(s.Id),
        (Recorded s, AttendanceRecorded e) => s with { Attendance = s.Attendance.SetItem(e.PupilId, e.Attended) },
        (Recorded s, AttendanceCorrected e) => s with { Attendance = s.Attendance.SetItem(e.PupilId, e.Attended) },
        (Recorded s, AttendanceWithdrawn e) => s with { Attendance = s.Attendance.Remove(e.PupilId) },
        _ => state,
    };

    internal static Recorded Require(Activity state) => state switch
    {
        Recorded r => r,
        Retracted => throw new DomainRuleViolation("activity-retracted", "The activity was retracted; record a new one instead."),
        _ => throw new DomainRuleViolation("activity-not-found", "No such activity has been recorded."),
    };
}
