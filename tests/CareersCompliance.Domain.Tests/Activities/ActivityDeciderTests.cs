using CareersCompliance.Domain.Activities;
using CareersCompliance.Domain.Common;
using CareersCompliance.Domain.Tests.Rules;
using CareersCompliance.Testing.Specs;
using CareersCompliance.Testing.Time;
using NodaTime;
using static CareersCompliance.Domain.Activities.ActivityEvent;

namespace CareersCompliance.Domain.Tests.Activities;

/// <summary>eventmodel/slices/record-activity.json, correct-activity.json, record-attendance.json.</summary>
public sealed class ActivityDeciderTests
{
    private static readonly ActivityId Id = new("ACT-17");
    private static readonly PupilId Pupil = new(Guid.NewGuid());
    private static readonly ActorId By = new("import:activities.csv");
    private static readonly Instant Now = Instant.FromUtc(2026, 1, 10, 9, 0);
    private static readonly ActivityDetails Talk = World.Details(10.November(2025), providers: [World.A]);
    private static readonly DeciderSpec<Activity, ActivityEvent> Spec = new(Activity.Initial, Activity.Evolve);

    [Fact]
    public void reimporting_the_same_activity_changes_nothing() =>
        Spec.Given(new ActivityRecorded(Id, Talk, By, Now))
            .When(s => RecordActivity.Decide(s, new RecordActivity(Id, World.Details(10.November(2025), providers: [World.A]), By, Now)))
            .ThenNothing();

    [Fact]
    public void reimporting_changed_details_records_a_correction() =>
        Spec.Given(new ActivityRecorded(Id, Talk, By, Now))
            .When(s => RecordActivity.Decide(s, new RecordActivity(Id, Talk with { Date = 11.November(2025) }, By, Now)))
            .Then(new ActivityDetailsCorrected(Id, Talk with { Date = 11.November(2025) }, "details changed on re-import", By, Now));

    [Fact]
    public void a_form_records_an_activity_with_its_register_in_one_decision()
    {
        var absent = new PupilId(Guid.NewGuid());
        Spec.Given()
            .When(s => ActivityDecider.Decide(s, new RecordActivityWithRegister(
                new RecordActivity(Id, Talk, By, Now), [new RecordAttendance(Id, Pupil, true, By, Now), new RecordAttendance(Id, absent, false, By, Now)])))
            .Then(new ActivityRecorded(Id, Talk, By, Now), new AttendanceRecorded(Id, Pupil, true, By, Now), new AttendanceRecorded(Id, absent, false, By, Now));
    }

    [Fact]
    public void a_form_cannot_record_over_an_activity_already_recorded() =>
        Spec.Given(new ActivityRecorded(Id, Talk, By, Now))
            .When(s => ActivityDecider.Decide(s, new RecordActivityWithRegister(new RecordActivity(Id, Talk, By, Now), [])))
            .ThenRejects("activity-already-recorded");

    [Fact]
    public void a_retracted_activity_cannot_take_attendance() =>
        Spec.Given(new ActivityRecorded(Id, Talk, By, Now), new ActivityRetracted(Id, "duplicate", By, Now))
            .When(s => RecordAttendance.Decide(s, new RecordAttendance(Id, Pupil, true, By, Now)))
            .ThenRejects("activity-retracted");

    [Fact]
    public void a_provider_encounter_names_a_provider() =>
        Spec.Given()
            .When(s => RecordActivity.Decide(s, new RecordActivity(Id, Talk with { ProviderIds = [] }, By, Now)))
            .ThenRejects("provider-encounter-needs-provider");

    [Fact]
    public void a_guidance_meeting_has_one_attendee() =>
        Spec.Given(
                new ActivityRecorded(Id, World.Details(10.November(2025), ActivityKind.GuidanceMeeting, adviser: World.Level6), By, Now),
                new AttendanceRecorded(Id, Pupil, true, By, Now))
            .When(s => RecordAttendance.Decide(s, new RecordAttendance(Id, new PupilId(Guid.NewGuid()), true, By, Now)))
            .ThenRejects("guidance-meeting-has-one-attendee");

    [Fact]
    public void changed_attendance_on_reimport_is_a_correction() =>
        Spec.Given(new ActivityRecorded(Id, Talk, By, Now), new AttendanceRecorded(Id, Pupil, true, By, Now))
            .When(s => RecordAttendance.Decide(s, new RecordAttendance(Id, Pupil, false, By, Now)))
            .Then(new AttendanceCorrected(Id, Pupil, false, "attendance changed on re-import", By, Now));

    [Fact]
    public void a_correction_must_say_why() =>
        Spec.Given(new ActivityRecorded(Id, Talk, By, Now))
            .When(s => CorrectActivity.Decide(s, new CorrectActivity(Id, Talk with { Title = "x" }, " ", By, Now)))
            .ThenRejects("reason-required");
}
