using CareersCompliance.Domain.Common;
using NodaTime;
using static CareersCompliance.Domain.Activities.ActivityEvent;

namespace CareersCompliance.Domain.Activities;

/// <summary>
/// Records an activity. A repeat with the same details changes nothing; changed details become a correction
/// (a re-imported row that changed). Slice: eventmodel/slices/record-activity.json
/// </summary>
public sealed record RecordActivity(ActivityId ActivityId, ActivityDetails Details, ActorId By, Instant Now, string? CorrectionReason = null) : IActivityCommand
{
    public static ActivityEvent[] Decide(Activity state, RecordActivity c)
    {
        Validate(c.Details);
        return state switch
        {
            Activity.NotRecorded => [new ActivityRecorded(c.ActivityId, c.Details, c.By, c.Now)],
            Activity.Recorded r when r.Details == c.Details => [],
            Activity.Recorded => [new ActivityDetailsCorrected(c.ActivityId, c.Details, c.CorrectionReason ?? "details changed on re-import", c.By, c.Now)],
            _ => throw new DomainRuleViolation("activity-retracted", "The activity was retracted; record a new one instead."),
        };
    }

    internal static void Validate(ActivityDetails d)
    {
        if (d.StartTime is { } start && d.EndTime is { } end && end <= start)
        {
            throw new DomainRuleViolation("activity-ends-before-it-starts", $"An activity from {start} to {end} has no duration.");
        }

        if (d.Kind == ActivityKind.ProviderEncounter && d.ProviderIds.Count == 0)
        {
            throw new DomainRuleViolation("provider-encounter-needs-provider", "A provider encounter names at least one provider.");
        }

        if (d.Kind == ActivityKind.GuidanceMeeting && d.AdviserId is null)
        {
            throw new DomainRuleViolation("guidance-meeting-needs-adviser", "A guidance meeting names the adviser.");
        }

        if (d.YearGroups.Any(y => y is < 1 or > 14))
        {
            throw new DomainRuleViolation("invalid-year-group", "Year groups are 1-14.");
        }
    }
}

/// <summary>Corrects an activity's details, giving the full new details and why. Slice: eventmodel/slices/correct-activity.json</summary>
public sealed record CorrectActivity(ActivityId ActivityId, ActivityDetails Details, string Reason, ActorId By, Instant Now) : IActivityCommand
{
    public static ActivityEvent[] Decide(Activity state, CorrectActivity c)
    {
        var r = Activity.Require(state);
        if (string.IsNullOrWhiteSpace(c.Reason))
        {
            throw new DomainRuleViolation("reason-required", "A correction says why.");
        }

        RecordActivity.Validate(c.Details);
        return r.Details == c.Details ? [] : [new ActivityDetailsCorrected(c.ActivityId, c.Details, c.Reason, c.By, c.Now)];
    }
}

/// <summary>Retracts an activity that should never have been recorded. Slice: eventmodel/slices/correct-activity.json</summary>
public sealed record RetractActivity(ActivityId ActivityId, string Reason, ActorId By, Instant Now) : IActivityCommand
{
    public static ActivityEvent[] Decide(Activity state, RetractActivity c)
    {
        if (string.IsNullOrWhiteSpace(c.Reason))
        {
            throw new DomainRuleViolation("reason-required", "A retraction says why.");
        }

        return state switch
        {
            Activity.Retracted => [],
            Activity.Recorded => [new ActivityRetracted(c.ActivityId, c.Reason, c.By, c.Now)],
            _ => throw new DomainRuleViolation("activity-not-found", "No such activity has been recorded."),
        };
    }
}

/// <summary>
/// Records that a pupil attended (or was absent from) an activity; a changed repeat becomes a correction.
/// Slice: eventmodel/slices/record-attendance.json
/// </summary>
public sealed record RecordAttendance(ActivityId ActivityId, PupilId PupilId, bool Attended, ActorId By, Instant Now) : IActivityCommand
{
    public static ActivityEvent[] Decide(Activity state, RecordAttendance c)
    {
        var r = Activity.Require(state);
        if (r.Attendance.TryGetValue(c.PupilId, out var known))
        {
            return known == c.Attended
                ? []
                : [new AttendanceCorrected(c.ActivityId, c.PupilId, c.Attended, "attendance changed on re-import", c.By, c.Now)];
        }

        // Why: the import contract defines a guidance meeting as an activity with one attendee.
        if (r.Details.Kind == ActivityKind.GuidanceMeeting && r.Attendance.Count > 0)
        {
            throw new DomainRuleViolation("guidance-meeting-has-one-attendee", "A guidance meeting is recorded for one pupil.");
        }

        return [new AttendanceRecorded(c.ActivityId, c.PupilId, c.Attended, c.By, c.Now)];
    }
}

/// <summary>Corrects a pupil's attendance, with the reason. Slice: eventmodel/slices/record-attendance.json</summary>
public sealed record CorrectAttendance(ActivityId ActivityId, PupilId PupilId, bool Attended, string Reason, ActorId By, Instant Now) : IActivityCommand
{
    public static ActivityEvent[] Decide(Activity state, CorrectAttendance c)
    {
        var r = Activity.Require(state);
        if (!r.Attendance.TryGetValue(c.PupilId, out var known))
        {
            throw new DomainRuleViolation("attendance-not-recorded", "No attendance is recorded for this pupil.");
        }

        if (string.IsNullOrWhiteSpace(c.Reason))
        {
            throw new DomainRuleViolation("reason-required", "A correction says why.");
        }

        return known == c.Attended ? [] : [new AttendanceCorrected(c.ActivityId, c.PupilId, c.Attended, c.Reason, c.By, c.Now)];
    }
}

/// <summary>Withdraws a pupil's attendance record. Slice: eventmodel/slices/record-attendance.json</summary>
public sealed record WithdrawAttendance(ActivityId ActivityId, PupilId PupilId, string Reason, ActorId By, Instant Now) : IActivityCommand
{
    public static ActivityEvent[] Decide(Activity state, WithdrawAttendance c)
    {
        var r = Activity.Require(state);
        if (string.IsNullOrWhiteSpace(c.Reason))
        {
            throw new DomainRuleViolation("reason-required", "A withdrawal says why.");
        }

        return r.Attendance.ContainsKey(c.PupilId) ? [new AttendanceWithdrawn(c.ActivityId, c.PupilId, c.Reason, c.By, c.Now)] : [];
    }
}
