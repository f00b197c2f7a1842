using CareersCompliance.Domain.Common;

namespace CareersCompliance.Domain.Activities;

/// <summary>A command on one activity's stream; <see cref="ActivityDecider.Decide"/> routes it to its own decider.</summary>
public interface IActivityCommand
{
    ActivityId ActivityId { get; }
}

/// <summary>
/// Records a new activity and its register in one decision, all or nothing: the recording forms and the API send this.
/// An activity already recorded under the id is refused (unlike <see cref="RecordActivity"/> alone, which a re-import
/// uses to correct changed details). Slice: eventmodel/slices/record-activity.json
/// </summary>
public sealed record RecordActivityWithRegister(RecordActivity Recording, IReadOnlyList<RecordAttendance> Register) : IActivityCommand
{
    public ActivityId ActivityId => Recording.ActivityId;

    public static ActivityEvent[] Decide(Activity state, RecordActivityWithRegister c)
    {
        ArgumentNullException.ThrowIfNull(c);
        if (state is not Activity.NotRecorded)
        {
            throw new DomainRuleViolation("activity-already-recorded", "An activity with this id is already recorded.");
        }

        var events = new List<ActivityEvent>(RecordActivity.Decide(state, c.Recording));
        var folded = events.Aggregate(state, Activity.Evolve);
        foreach (var mark in c.Register)
        {
            if (mark.ActivityId != c.ActivityId)
            {
                throw new DomainRuleViolation("register-of-another-activity", "Every register line must be for the activity being recorded.");
            }

            var more = RecordAttendance.Decide(folded, mark);
            folded = more.Aggregate(folded, Activity.Evolve);
            events.AddRange(more);
        }

        return [.. events];
    }
}

/// <summary>One entry point for the activity stream's commands, so a message handler needs no knowledge of each.</summary>
public static class ActivityDecider
{
    public static ActivityEvent[] Decide(Activity state, IActivityCommand command) => command switch
    {
        RecordActivityWithRegister c => RecordActivityWithRegister.Decide(state, c),
        RecordActivity c => RecordActivity.Decide(state, c),
        CorrectActivity c => CorrectActivity.Decide(state, c),
        RetractActivity c => RetractActivity.Decide(state, c),
        RecordAttendance c => RecordAttendance.Decide(state, c),
        CorrectAttendance c => CorrectAttendance.Decide(state, c),
        WithdrawAttendance c => WithdrawAttendance.Decide(state, c),
        _ => throw new ArgumentOutOfRangeException(nameof(command), command?.GetType().Name, "Not a command on an activity."),
    };
}
