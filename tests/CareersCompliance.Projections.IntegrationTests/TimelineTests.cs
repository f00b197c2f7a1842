using CareersCompliance.Application.Audit;
using NodaTime;

namespace CareersCompliance.Projections.IntegrationTests;

/// <summary>`careers timeline`: evidence in date order with corrections and retractions inline, and as it stood at an instant.</summary>
public sealed class TimelineTests(AuditWorld world) : IClassFixture<AuditWorld>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private EvidenceTimeline Timelines => new(world.Db.App);

    [Fact]
    public async Task a_correction_shows_inline_with_its_reason_who_and_the_original_values()
    {
        var ben = await Timelines.ForPupilAsync(await world.PupilIdAsync(AuditWorld.PupilB), AuditWorld.PupilB, new TimelineQuery(), Ct);

        var act2 = ben.Entries.Should().ContainSingle().Which;
        (act2.ActivityId, act2.Facts.Date, act2.Facts.Title).Should().Be(("ACT-2", new LocalDate(2026, 1, 21), "Apprenticeship fair"));
        act2.Recorded.Source.Should().Be("activities.csv line 3");
        var correction = act2.Amendments.Should().ContainSingle().Which;
        (correction.EventType, correction.ActorUser, correction.Source).Should().Be(("activity_details_corrected", "data.manager", "activities.csv line 2"));
        correction.Reason.Should().NotBeNullOrEmpty();
        correction.Changes.Should().BeEquivalentTo([
            new TimelineChange("date", "2026-01-20", "2026-01-21"),
            new TimelineChange("title", "Apprenticeships", "Apprenticeship fair"),
        ]);
        act2.Attendance!.Status.Should().Be("attended");
        act2.Attendance.Amendments.Should().ContainSingle().Which.Changes.Should().Equal(new TimelineChange("attendance", "absent", "attended"));
    }

    [Fact]
    public async Task known_at_shows_the_records_as_they_stood_before_the_correction_and_retraction()
    {
        var amira = await world.PupilIdAsync(AuditWorld.PupilA);

        var now = await Timelines.ForPupilAsync(amira, AuditWorld.PupilA, new TimelineQuery(), Ct);
        var then = await Timelines.ForPupilAsync(amira, AuditWorld.PupilA, new TimelineQuery(KnownAt: world.BeforeCorrections), Ct);
        var ben = await Timelines.ForPupilAsync(await world.PupilIdAsync(AuditWorld.PupilB), AuditWorld.PupilB,
            new TimelineQuery(KnownAt: world.BeforeCorrections), Ct);

        now.Entries.Select(e => (e.ActivityId, e.Retracted)).Should().Equal(("ACT-1", false), ("ACT-2", false), ("ACT-3", true));
        now.Entries[2].Amendments.Should().ContainSingle().Which.Should().Match<TimelineRecord>(r =>
            r.EventType == "activity_retracted" && r.Reason == "entered twice" && r.ActorUser == "head.of.careers" && r.Source == "ui");
        then.Entries.Select(e => (e.ActivityId, e.Retracted, e.Facts.Title)).Should().Equal(
            ("ACT-1", false, "=HYPERLINK(\"http://x\")"), ("ACT-2", false, "Apprenticeships"), ("ACT-3", false, "Duplicate talk"));
        then.Entries.Should().OnlyContain(e => e.Amendments.Count == 0);
        ben.Entries.Should().ContainSingle().Which.Attendance!.Status.Should().Be("absent");
    }

    [Fact]
    public async Task a_school_timeline_lists_its_activities_in_date_order_with_attendance_counts_within_the_range()
    {
        var all = await Timelines.ForSchoolAsync(AuditWorld.Urn, new TimelineQuery(), Ct);
        var winter = await Timelines.ForSchoolAsync(AuditWorld.Urn, new TimelineQuery(new LocalDate(2026, 1, 1), new LocalDate(2026, 1, 31)), Ct);
        var before = await Timelines.ForSchoolAsync(AuditWorld.Urn, new TimelineQuery(KnownAt: world.BeforeCorrections), Ct);

        all.Entries.Select(e => e.ActivityId).Should().Equal("ACT-1", "ACT-2", "ACT-3");
        all.Entries[1].Counts.Should().Be(new AttendanceCounts(2, 0));
        before.Entries[1].Counts.Should().Be(new AttendanceCounts(1, 1));
        winter.Entries.Select(e => e.ActivityId).Should().Equal("ACT-2");
    }
}
