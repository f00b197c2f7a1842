using CareersCompliance.Application.Audit;
using CareersCompliance.Application.Pupils;
using CareersCompliance.EventStore.Projections;

namespace CareersCompliance.Projections.IntegrationTests;

/// <summary>`careers audit`: who recorded what, when, from where, and its filters, against the real database.</summary>
public sealed class AuditTrailTests(AuditWorld world) : IClassFixture<AuditWorld>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private AuditTrail Trail => new(world.Db.App, new PupilRegister(world.Db.App));

    private Task<AuditPage> QueryAsync(AuditFilter filter) => Trail.QueryAsync(filter with { Limit = 10_000 }, Ct);

    [Fact]
    public async Task imported_events_name_their_file_line_actor_and_sha256()
    {
        var page = await QueryAsync(new AuditFilter { EventTypes = ["activity_recorded"] });

        var act2 = page.Entries.Single(e => string.Equals(e.ActivityId, "ACT-2", StringComparison.Ordinal));
        (act2.ImportFile, act2.ImportLine, act2.ActorUser, act2.SourceKind, act2.SchoolUrn).Should().Be(("activities.csv", 3L, "leader@school", "import", AuditWorld.Urn));
        act2.ImportSha256.Should().Be(world.BaselineSha256).And.HaveLength(64);
    }

    [Fact]
    public async Task a_correction_says_what_it_corrects_and_why_and_a_retraction_from_the_ui_says_so()
    {
        var page = await QueryAsync(new AuditFilter { EventTypes = ["activity_details_corrected", "activity_retracted"] });

        page.Entries.Select(e => (e.EventType, e.ActivityId, e.Corrects, e.ActorUser, e.Source)).Should().Equal(
            ("activity_details_corrected", "ACT-2", "activity ACT-2", "data.manager", "activities.csv line 2"),
            ("activity_retracted", "ACT-3", "activity ACT-3", "head.of.careers", "ui"));
        page.Entries[0].Reason.Should().Contain("activities.csv line 2");
        page.Entries[1].Reason.Should().Be("entered twice");
    }

    [Fact]
    public async Task filters_by_school_pupil_actor_type_and_file()
    {
        var pupilB = await world.PupilIdAsync(AuditWorld.PupilB);

        var other = await QueryAsync(new AuditFilter { SchoolUrn = AuditWorld.OtherUrn });
        var ben = await QueryAsync(new AuditFilter { Pupil = pupilB });
        var manager = await QueryAsync(new AuditFilter { Actor = "data.manager" });
        var attendanceFile = await QueryAsync(new AuditFilter { File = "attendance.csv" });

        other.Entries.Should().NotBeEmpty().And.OnlyContain(e => e.SchoolUrn == AuditWorld.OtherUrn);
        other.Entries.Select(e => e.ActivityId).Should().Contain("ACT-9").And.NotContain("ACT-1");
        ben.Entries.Should().NotBeEmpty().And.OnlyContain(e => e.Pupil == AuditWorld.PupilB);
        ben.Entries.Select(e => e.EventType).Should().Contain(["pupil_enrolled", "attendance_recorded", "attendance_corrected"]);
        manager.Entries.Select(e => e.EventType).Should().BeEquivalentTo(["activity_details_corrected", "attendance_corrected"]);
        attendanceFile.Entries.Should().HaveCount(6).And.OnlyContain(e => e.EventType.StartsWith("attendance_", StringComparison.Ordinal));
    }

    [Fact]
    public async Task record_time_range_and_known_at_leave_out_what_was_recorded_outside_them()
    {
        var before = await QueryAsync(new AuditFilter { To = world.BeforeCorrections });
        var after = await QueryAsync(new AuditFilter { From = world.BeforeCorrections + NodaTime.Duration.FromMilliseconds(1) });
        var known = await QueryAsync(new AuditFilter { KnownAt = world.BeforeCorrections, EventTypes = ["activity_details_corrected", "activity_retracted"] });

        before.Entries.Should().NotBeEmpty().And.OnlyContain(e => e.ActorUser == "leader@school");
        after.Entries.Select(e => e.ActorUser).Distinct(StringComparer.Ordinal).Should().BeEquivalentTo(["data.manager", "head.of.careers"]);
        known.Entries.Should().BeEmpty();
    }

    [Fact]
    public async Task pages_follow_ledger_order_with_a_cursor()
    {
        var all = await QueryAsync(new AuditFilter());
        var first = await Trail.QueryAsync(new AuditFilter { Limit = 5 }, Ct);
        var second = await Trail.QueryAsync(new AuditFilter { Limit = 5, After = first.NextAfter!.Value }, Ct);

        first.Entries.Concat(second.Entries).Select(e => e.Position).Should().Equal(all.Entries.Take(10).Select(e => e.Position));
        all.Entries.Select(e => e.Position).Should().BeInAscendingOrder();
    }

    [Fact]
    public async Task csv_export_neutralises_a_title_that_a_spreadsheet_would_run()
    {
        var page = await QueryAsync(new AuditFilter { EventTypes = ["activity_recorded"] });
        await using var csv = new StringWriter();

        AuditRendering.AuditCsv(csv, page);

        var line = csv.ToString().Split('\n').Single(l => l.Contains("ACT-1", StringComparison.Ordinal));
        line.Should().Contain("provider_encounter on 2025-10-10: =HYPERLINK").And.NotContain(",=");
        var summary = page.Entries.Single(e => string.Equals(e.ActivityId, "ACT-1", StringComparison.Ordinal)).Summary!;
        summary.Should().StartWith("provider_encounter");

        var timeline = await new EvidenceTimeline(world.Db.App).ForSchoolAsync(AuditWorld.Urn, new TimelineQuery(), Ct);
        await using var timelineCsv = new StringWriter();
        AuditRendering.TimelineCsv(timelineCsv, timeline);
        timelineCsv.ToString().Should().Contain(",\"'=HYPERLINK(\"\"http://x\"\")\",").And.NotContain(",=HYPERLINK");
    }

    [Fact]
    public async Task an_erased_pupil_shows_as_erased_never_by_name()
    {
        var dev = await world.PupilIdAsync(AuditWorld.OtherPupil);
        await using (var erase = world.Db.Owner.CreateCommand(
            "UPDATE pii.pupils SET upn = NULL, forename = NULL, surname = NULL, date_of_birth = NULL, erased_at = now() WHERE pupil_id = $1"))
        {
            erase.Parameters.Add(new Npgsql.NpgsqlParameter<Guid> { TypedValue = dev.Value });
            await erase.ExecuteNonQueryAsync(Ct);
        }

        var page = await QueryAsync(new AuditFilter { SchoolUrn = AuditWorld.OtherUrn, EventTypes = ["attendance_recorded"] });
        await using var csv = new StringWriter();
        AuditRendering.AuditCsv(csv, page);

        page.Entries.Should().ContainSingle().Which.Pupil.Should().Be("[erased]");
        csv.ToString().Should().Contain("[erased]").And.NotContain("Dev").And.NotContain(AuditWorld.OtherPupil);
    }

    [Fact]
    public async Task the_index_holds_one_row_per_ledger_event()
    {
        await using var cmd = world.Db.App.CreateCommand("SELECT (SELECT count(*) FROM es.ledger) - (SELECT count(*) FROM rm.audit_index)");
        ((long)(await cmd.ExecuteScalarAsync(Ct))!).Should().Be(0);
        (await new ProjectionAdmin(world.Db.App).GetStatusAsync(Ct)).Should().Contain(s => string.Equals(s.Name, "audit_index", StringComparison.Ordinal) && s.Lag == 0);
    }
}
