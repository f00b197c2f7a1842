using CareersCompliance.Domain.Common;
using CareersCompliance.Domain.Pupils;
using CareersCompliance.Domain.Schools;
using CareersCompliance.Testing.Specs;
using CareersCompliance.Testing.Time;
using NodaTime;
using static CareersCompliance.Domain.Schools.SchoolEvent;

namespace CareersCompliance.Domain.Tests.Schools;

/// <summary>eventmodel/slices/register-school.json, record-trust-membership.json, set-standard-school-day.json, enrol-pupil.json, record-pupil-details.json.</summary>
public sealed class SchoolDeciderTests
{
    private static readonly SchoolUrn Urn = new("100001");
    private static readonly ActorId By = new("import:schools.csv");
    private static readonly Instant Now = Instant.FromUtc(2026, 1, 10, 9, 0);
    private static readonly DeciderSpec<School, SchoolEvent> Spec = new(School.Initial, School.Evolve);
    private static readonly SchoolRegistered Registered = new(Urn, "Test Academy", SchoolType.Academy, 7, 13, By, Now);

    [Fact]
    public void reimporting_an_unchanged_school_changes_nothing() =>
        Spec.Given(Registered)
            .When(s => RegisterSchool.Decide(s, new RegisterSchool(Urn, "Test Academy", SchoolType.Academy, 7, 13, 1.September(2025), By, Now)))
            .ThenNothing();

    [Fact]
    public void a_urn_has_six_digits() =>
        Spec.Given()
            .When(s => RegisterSchool.Decide(s, new RegisterSchool(new SchoolUrn("12345"), "X", SchoolType.Academy, 7, 13, 1.September(2025), By, Now)))
            .ThenRejects("invalid-urn");

    [Fact]
    public void moving_to_another_trust_leaves_the_old_one_the_day_before() =>
        Spec.Given(Registered, new SchoolJoinedTrust(Urn, new TrustId("T1"), 1.September(2020), By, Now))
            .When(s => RecordTrustMembership.Decide(s, new RecordTrustMembership(Urn, new TrustId("T2"), 1.September(2025), By, Now)))
            .Then(
                new SchoolLeftTrust(Urn, new TrustId("T1"), 31.August(2025), By, Now),
                new SchoolJoinedTrust(Urn, new TrustId("T2"), 1.September(2025), By, Now));

    [Fact]
    public void a_school_day_must_end_after_it_starts() =>
        Spec.Given(Registered)
            .When(s => SetStandardSchoolDay.Decide(s, new SetStandardSchoolDay(Urn, new LocalTime(16, 0), new LocalTime(8, 30), 1.September(2025), By, Now)))
            .ThenRejects("school-day-ends-before-it-starts");

    [Fact]
    public void a_pupil_cannot_leave_before_admission()
    {
        var pupil = new PupilId(Guid.NewGuid());
        new DeciderSpec<Pupil, PupilEvent>(Pupil.Initial, Pupil.Evolve)
            .Given(new PupilEvent.PupilEnrolled(pupil, Urn, 1.September(2025), By, Now))
            .When(s => RecordPupilLeaving.Decide(s, new RecordPupilLeaving(pupil, Urn, 1.August(2025), By, Now)))
            .ThenRejects("leaving-before-admission");
    }

    [Fact]
    public void recording_the_same_year_group_again_changes_nothing()
    {
        var pupil = new PupilId(Guid.NewGuid());
        var year = new Domain.Calendar.AcademicYear(2025);
        new DeciderSpec<Pupil, PupilEvent>(Pupil.Initial, Pupil.Evolve)
            .Given(new PupilEvent.PupilYearGroupRecorded(pupil, year, 9, YearGroupSource.RecordedByMis, 10, By, Now))
            .When(s => RecordYearGroup.Decide(s, new RecordYearGroup(pupil, year, 9, YearGroupSource.RecordedByMis, 10, By, Now)))
            .ThenNothing();
    }

    [Fact]
    public void disadvantaged_status_is_recorded_only_when_it_changes()
    {
        var pupil = new PupilId(Guid.NewGuid());
        var spec = new DeciderSpec<Pupil, PupilEvent>(Pupil.Initial, Pupil.Evolve);
        var enrolled = new PupilEvent.PupilEnrolled(pupil, Urn, 1.September(2025), By, Now);
        var recorded = new PupilEvent.PupilDisadvantagedStatusRecorded(pupil, true, 1.September(2025), By, Now);

        spec.Given(enrolled)
            .When(s => RecordDisadvantagedStatus.Decide(s, new RecordDisadvantagedStatus(pupil, false, 1.September(2025), By, Now)))
            .ThenNothing();
        spec.Given(enrolled)
            .When(s => RecordDisadvantagedStatus.Decide(s, new RecordDisadvantagedStatus(pupil, true, 1.September(2025), By, Now)))
            .Then(recorded);
        spec.Given(enrolled, recorded)
            .When(s => RecordDisadvantagedStatus.Decide(s, new RecordDisadvantagedStatus(pupil, true, 1.September(2025), By, Now)))
            .ThenNothing();
    }
}
