using System.Text.Json;
using System.Text.Json.Nodes;
using CareersCompliance.Application.Import;
using CareersCompliance.Application.Recording;
using CareersCompliance.Application.Reports;
using CareersCompliance.Domain.Activities;
using CareersCompliance.Domain.Common;
using CareersCompliance.Domain.Pupils;
using CareersCompliance.Domain.Rules;
using CareersCompliance.EventStore;
using CareersCompliance.Testing.Postgres;
using CareersCompliance.Testing.Time;
using NodaTime;
using NodaTime.Testing;
using Npgsql;

namespace CareersCompliance.Application.IntegrationTests;

/// <summary>From MIS files to a defensible report: the import contract and the standing it produces, against the real database.</summary>
public sealed class ImportAndReportTests : IAsyncLifetime
{
    private static readonly LocalDate AfterWindow = 1.March(2026);
    private readonly FakeClock _clock = FakeClock.FromUtc(2026, 3, 15, 9, 0, 0);
    private readonly TestMis _mis = TestMis.Create();
    private string? _connectionString;
    private CareersRuntime? _runtime;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static ImportRequest Request(bool partial = false) => new("careers.leader@test", partial, Guid.CreateVersion7());

    [Fact]
    public async Task importing_the_baseline_gives_each_pupil_their_provider_access_standing_with_evidence()
    {
        var runtime = await FreshRuntimeAsync();
        var outcomes = await runtime.Importer.ImportDirectoryAsync(_mis.WriteBaseline(), Request(), Ct);

        outcomes.Should().OnlyContain(o => o.Written && !o.AllErrors.Any());
        var standing = await PalP1ByUpnAsync(runtime, AfterWindow, knownAt: null);
        standing[TestMis.PupilA].Status.Should().Be(CheckStatus.Met);
        standing[TestMis.PupilA].Evidence.Should().Equal(new ActivityId("ACT-1"), new ActivityId("ACT-2"));
        standing[TestMis.PupilC].Status.Should().Be(CheckStatus.NotMet, "Cara was absent from the second encounter");
    }

    [Fact]
    public async Task reimporting_the_same_files_appends_nothing()
    {
        var runtime = await FreshRuntimeAsync();
        var dir = _mis.WriteBaseline();
        await runtime.Importer.ImportDirectoryAsync(dir, Request(), Ct);
        var before = await CountEventsAsync();

        var again = await runtime.Importer.ImportDirectoryAsync(dir, Request(), Ct);

        again.Should().OnlyContain(o => o.Written && o.EventsAppended == 0);
        (await CountEventsAsync()).Should().Be(before);
    }

    [Fact]
    public async Task a_pupil_who_moves_school_brings_their_evidence_and_the_two_school_rows_reimport_as_nothing()
    {
        var runtime = await FreshRuntimeAsync();
        await runtime.Importer.ImportDirectoryAsync(_mis.WriteBaseline(), Request(), Ct);
        var move = _mis.WriteMove();

        var first = await runtime.Importer.ImportDirectoryAsync(move, Request(), Ct);
        first.Should().OnlyContain(o => o.Written && !o.AllErrors.Any());
        var again = await runtime.Importer.ImportDirectoryAsync(move, Request(), Ct);
        again.Should().OnlyContain(o => o.Written && o.EventsAppended == 0, "the key is upn + school_urn + academic_year, so both rows are the same rows");

        await runtime.CatchUpAsync(Ct);
        var report = await runtime.Reports.SchoolAsync(new SchoolUrn(TestMis.Urn), new ReportQuery(AfterWindow, null, RuleSettings.Default), Ct);
        var details = await runtime.Pupils.GetAsync([.. report.Pupils.Select(p => p.PupilId)], Ct);
        var mover = report.Pupils.Single(p => string.Equals(details[p.PupilId].Upn, TestMis.OtherPupil, StringComparison.Ordinal));
        var pal = mover.Check(CheckIds.PalP1);
        pal.Status.Should().Be(CheckStatus.Met, "the two encounters at the school the pupil left count here");
        pal.Evidence.Should().Equal(new ActivityId("ACT-9"), new ActivityId("ACT-10"));
        pal.Flags.Should().Contain(f => string.Equals(f.Code, "recorded-by-another-school", StringComparison.Ordinal) && f.Message.Contains(TestMis.OtherUrn));
        report.PalCohorts.Single(c => c.Phase == Domain.Calendar.PalPhase.First && c.YearGroupNow == 9).Occasions.Evidence
            .Should().Equal([new ActivityId("ACT-1"), new ActivityId("ACT-2")], "another school's occasions never count for this school's offer");

        var json = ReportRendering.PupilsJson(report, details.Values.ToDictionary(d => d.PupilId, d => d.Upn!));
        JsonNode Checks(string upn) => json["pupils"]!.AsArray().Single(p => string.Equals((string?)p!["upn"], upn, StringComparison.Ordinal))!["checks"]!;
        Checks(TestMis.OtherPupil)["IAG.Independent"]!["status"]!.GetValue<string>().Should().Be("Due");
        Checks(TestMis.OtherPupil)["GB5.Years"]!["status"]!.GetValue<string>().Should().Be("NotApplicable", "no year completed on roll here yet");
        var ben = Checks(TestMis.PupilB)["GB5.Years"]!;
        ben["status"]!.GetValue<string>().Should().Be("NotMet", "Ben was on roll through 2024/25 with no employer encounter");
        ben["missedYears"]!.AsArray().Select(y => y!.GetValue<string>()).Should().Equal("2024/25");
        json["settings"]!["priorSchoolEvidence"]!.GetValue<string>().Should().Be("count");
        json["settings"]!["schoolDays"]!.GetValue<string>().Should().Be("Mon-Fri");
        ReportRendering.SchoolJson(report)["coverageByYearGroup"]!["IAG.Independent"]!["9"]!["applicable"]!.GetValue<int>().Should().Be(4);
    }

    [Fact]
    public async Task two_rows_for_one_pupil_and_year_that_disagree_on_the_year_group_are_refused()
    {
        var runtime = await FreshRuntimeAsync();
        await runtime.Importer.ImportDirectoryAsync(_mis.WriteBaseline(), Request(), Ct);
        var file = _mis.WriteFile("conflict", "pupils.csv",
            "upn,school_urn,forename,surname,date_of_birth,year_group,academic_year",
            $"{TestMis.OtherPupil},{TestMis.OtherUrn},Dev,Other,2011-12-04,9,2025/26",
            $"{TestMis.OtherPupil},{TestMis.Urn},Dev,Other,2011-12-04,10,2025/26");

        var outcome = (await runtime.Importer.ImportDirectoryAsync(Path.GetDirectoryName(file)!, Request(), Ct)).Single();

        outcome.Written.Should().BeFalse();
        outcome.AllErrors.Should().ContainSingle().Which.Reason.Should().Contain("line 2").And.Contain("must agree");
    }

    [Fact]
    public async Task a_correction_changes_todays_answer_but_not_the_answer_known_before_it()
    {
        var runtime = await FreshRuntimeAsync();
        await runtime.Importer.ImportDirectoryAsync(_mis.WriteBaseline(), Request(), Ct);
        var beforeCorrection = await DatabaseNowAsync();

        var corrected = await runtime.Importer.ImportDirectoryAsync(_mis.WriteCorrection(), Request(), Ct);

        corrected.Single().EventsAppended.Should().Be(1);
        (await PalP1ByUpnAsync(runtime, AfterWindow, knownAt: null))[TestMis.PupilA].Status
            .Should().Be(CheckStatus.NotMet, "the second encounter no longer covered pupils' questions");
        (await PalP1ByUpnAsync(runtime, AfterWindow, knownAt: beforeCorrection))[TestMis.PupilA].Status
            .Should().Be(CheckStatus.Met, "before the correction was recorded the records said Met");
    }

    [Fact]
    public async Task a_changed_row_is_recorded_as_a_correction_naming_the_file_and_line()
    {
        var runtime = await FreshRuntimeAsync();
        await runtime.Importer.ImportDirectoryAsync(_mis.WriteBaseline(), Request(), Ct);
        await runtime.Importer.ImportDirectoryAsync(_mis.WriteCorrection(), Request(), Ct);

        var slice = await runtime.Store.ReadStreamAsync(Commands.Streams.ActivityId(new ActivityId("ACT-2")), null, Ct);

        var correction = slice.Events.Should().ContainSingle(e => e.Data is ActivityEvent.ActivityDetailsCorrected).Subject;
        ((ActivityEvent.ActivityDetailsCorrected)correction.Data).Reason.Should().Contain("activities.csv line 2");
        correction.Metadata.Source.Should().BeEquivalentTo(new
        {
            Kind = SourceKind.Import,
            ImportFile = "activities.csv",
            ImportLine = 2L,
        });
        correction.Metadata.Source.ImportFileSha256.Should().MatchRegex("^[0-9a-f]{64}$");
        correction.Metadata.Actor.UserId.Should().Be("careers.leader@test");
    }

    [Fact]
    public async Task an_attendance_file_naming_an_unknown_activity_is_refused_whole_and_writes_nothing()
    {
        var runtime = await FreshRuntimeAsync();
        await runtime.Importer.ImportDirectoryAsync(_mis.WriteBaseline(), Request(), Ct);
        var before = await CountEventsAsync();
        var file = _mis.WriteFile("bad", "attendance.csv", "activity_id,upn,attended", $"ACT-1,{TestMis.PupilC},false", $"ACT-99,{TestMis.PupilA},true");

        var outcome = await runtime.Importer.ImportFileAsync(ImportFileKind.Attendance, file, Request(), null, Ct);

        outcome.Refused.Should().BeTrue();
        var error = outcome.AllErrors.Should().ContainSingle().Subject;
        error.Should().BeEquivalentTo(new { File = "attendance.csv", Line = 3L, Column = "activity_id" });
        error.Reason.Should().Contain("ACT-99");
        (await CountEventsAsync()).Should().Be(before, "the valid first row must not be written either");
    }

    [Fact]
    public async Task with_partial_the_valid_rows_of_a_file_are_kept_and_the_bad_ones_reported()
    {
        var runtime = await FreshRuntimeAsync();
        await runtime.Importer.ImportDirectoryAsync(_mis.WriteBaseline(), Request(), Ct);
        var file = _mis.WriteFile("bad", "attendance.csv", "activity_id,upn,attended", $"ACT-2,{TestMis.PupilC},true", $"ACT-99,{TestMis.PupilA},true");

        var outcome = await runtime.Importer.ImportFileAsync(ImportFileKind.Attendance, file, Request(partial: true), null, Ct);

        outcome.Written.Should().BeTrue();
        outcome.AllErrors.Should().ContainSingle(e => e.Line == 3);
        outcome.EventsAppended.Should().Be(1);
        (await PalP1ByUpnAsync(runtime, AfterWindow, null))[TestMis.PupilC].Status.Should().Be(CheckStatus.Met);
    }

    [Fact]
    public async Task a_pupil_with_a_wrong_upn_check_letter_is_refused_and_nothing_of_the_file_is_registered()
    {
        var runtime = await FreshRuntimeAsync();
        await runtime.Importer.ImportDirectoryAsync(_mis.WriteBaseline(), Request(), Ct);
        var wrong = (TestMis.PupilA[0] == 'A' ? "B" : "A") + "820200101999";
        var good = Upn.Create("820200101998");
        var file = _mis.WriteFile("bad", "pupils.csv", "upn,school_urn,forename,surname,date_of_birth,academic_year",
            $"{good},{TestMis.Urn},Eve,Newcomer,2011-10-05,2025/26", $"{wrong},{TestMis.Urn},Fay,Typo,2011-10-06,2025/26");

        var outcome = await runtime.Importer.ImportFileAsync(ImportFileKind.Pupils, file, Request(), null, Ct);

        outcome.Refused.Should().BeTrue();
        outcome.AllErrors.Should().ContainSingle(e => e.Line == 3 && e.Column == "upn");
        (await runtime.Pupils.FindOneAsync(good, Ct)).Should().BeNull("a refused file registers nobody");
    }

    [Fact]
    public async Task a_rule_broken_midway_refuses_the_whole_file()
    {
        var runtime = await FreshRuntimeAsync();
        await runtime.Importer.ImportDirectoryAsync(_mis.WriteBaseline(), Request(), Ct);
        var before = await CountEventsAsync();
        var dir = Path.GetDirectoryName(_mis.WriteFile("meeting", "activities.csv",
            "activity_id,school_urn,kind,date,start_time,end_time,adviser_id,title",
            $"GM-1,{TestMis.Urn},guidance_meeting,2026-02-02,10:00,10:30,ADV-1,Personal guidance"))!;
        _mis.WriteFile("meeting", "attendance.csv", "activity_id,upn", $"GM-1,{TestMis.PupilA}", $"GM-1,{TestMis.PupilB}");

        var outcomes = await runtime.Importer.ImportDirectoryAsync(dir, Request(), Ct);

        outcomes[0].Written.Should().BeTrue();
        outcomes[1].Refused.Should().BeTrue();
        outcomes[1].AllErrors.Should().ContainSingle(e => e.Line == 3 && e.Reason.Contains("guidance-meeting-has-one-attendee"));
        (await CountEventsAsync()).Should().Be(before + 1, "only the meeting itself was recorded; no attendance");
    }

    [Fact]
    public async Task no_event_payload_holds_a_pupils_name_upn_or_date_of_birth()
    {
        var runtime = await FreshRuntimeAsync();
        await runtime.Importer.ImportDirectoryAsync(_mis.WriteBaseline(), Request(), Ct);

        await using var cmd = _runtime!.Owner.CreateCommand("SELECT string_agg(data::text || metadata::text, ' ') FROM es.events");
        var everything = (string)(await cmd.ExecuteScalarAsync(Ct))!;

        foreach (var personal in new[] { TestMis.PupilA, TestMis.PupilB, "Zephyrine", "Quixote", "Vantablack", "2011-10-01", "Ada Adviser" })
        {
            everything.Should().NotContain(personal);
        }

        (await runtime.Pupils.FindOneAsync(TestMis.PupilA, Ct)).Should().NotBeNull("the register holds the details instead");
    }

    [Fact]
    public async Task a_school_report_equals_a_replay_of_the_whole_ledger()
    {
        var runtime = await FreshRuntimeAsync();
        await runtime.Importer.ImportDirectoryAsync(_mis.WriteBaseline(), Request(), Ct);
        await runtime.Importer.ImportDirectoryAsync(_mis.WriteCorrection(), Request(), Ct);
        await runtime.CatchUpAsync(Ct);
        var query = new ReportQuery(AfterWindow, await DatabaseNowAsync(), RuleSettings.Default);

        var report = await runtime.Reports.SchoolAsync(new SchoolUrn(TestMis.Urn), query, Ct);
        var replay = ComplianceRules.EvaluateSchool(await ReplayEverythingAsync(runtime), query.Settings, query.AsOf, query.KnownAt!.Value);

        Json(ReportRendering.SchoolJson(report)).Should().Be(Json(ReportRendering.SchoolJson(replay)));
        report.Pupils.Select(p => p.PupilId).Should().BeEquivalentTo(replay.Pupils.Select(p => p.PupilId));
        report.Pupils.Should().HaveCount(3, "the other school's pupil is not this school's");
    }

    // Why a database per test: each scenario starts from an empty ledger, copied from the migrated template.
    public async ValueTask InitializeAsync() =>
        _connectionString = await PostgresTemplate.CreateDatabaseAsync(nameof(ImportAndReportTests), Ct);

    public async ValueTask DisposeAsync()
    {
        if (_runtime is not null)
        {
            await _runtime.DisposeAsync();
        }

        if (_connectionString is not null)
        {
            NpgsqlConnection.ClearAllPools();
            await PostgresTemplate.DropDatabaseAsync(_connectionString);
        }

        _mis.Dispose();
    }

    private Task<CareersRuntime> FreshRuntimeAsync()
    {
        _runtime = CareersRuntime.Create(_connectionString!, _clock);
        return Task.FromResult(_runtime);
    }

    private static async Task<Dictionary<string, CheckResult>> PalP1ByUpnAsync(CareersRuntime runtime, LocalDate asOf, Instant? knownAt)
    {
        await runtime.CatchUpAsync(Ct);
        var report = await runtime.Reports.SchoolAsync(new SchoolUrn(TestMis.Urn), new ReportQuery(asOf, knownAt, RuleSettings.Default), Ct);
        var details = await runtime.Pupils.GetAsync([.. report.Pupils.Select(p => p.PupilId)], Ct);
        report.Pupils.Should().HaveCount(3, "the school has three pupils on roll");
        return report.Pupils.ToDictionary(p => details[p.PupilId].Upn!, p => p.Check(CheckIds.PalP1), StringComparer.Ordinal);
    }

    /// <summary>Every event of every stream, read from the sealed ledger: the slowest, most obviously right answer.</summary>
    private static async Task<SchoolEvidence> ReplayEverythingAsync(CareersRuntime runtime)
    {
        var all = new List<EventEnvelope>();
        for (var position = 0L; ;)
        {
            var page = await runtime.Store.ReadAllAsync(position, 500, Ct);
            if (page.Count == 0)
            {
                break;
            }

            all.AddRange(page);
            position = page[^1].Position!.Value;
        }

        return new SchoolEvidence(
            new SchoolUrn(TestMis.Urn),
            // Why only this school's stream: school events carry no filter in the rules; other schools' would be read as this one's.
            [.. all.Where(e => e.Data is Domain.Schools.SchoolEvent && e.Stream == Commands.Streams.SchoolId(new SchoolUrn(TestMis.Urn))).Select(e => new Recorded<Domain.Schools.SchoolEvent>((Domain.Schools.SchoolEvent)e.Data, e.RecordedAt))],
            [.. all.Where(e => e.Data is PupilEvent).Select(e => new Recorded<PupilEvent>((PupilEvent)e.Data, e.RecordedAt))],
            [.. all.Where(e => e.Data is ActivityEvent).Select(e => new Recorded<ActivityEvent>((ActivityEvent)e.Data, e.RecordedAt))],
            [.. all.Where(e => e.Data is Domain.Providers.ProviderEvent).Select(e => new Recorded<Domain.Providers.ProviderEvent>((Domain.Providers.ProviderEvent)e.Data, e.RecordedAt))],
            [.. all.Where(e => e.Data is Domain.Advisers.AdviserEvent).Select(e => new Recorded<Domain.Advisers.AdviserEvent>((Domain.Advisers.AdviserEvent)e.Data, e.RecordedAt))]);
    }

    private async Task<long> CountEventsAsync()
    {
        await using var cmd = _runtime!.Owner.CreateCommand("SELECT count(*) FROM es.events");
        return (long)(await cmd.ExecuteScalarAsync(Ct))!;
    }

    private async Task<Instant> DatabaseNowAsync()
    {
        await using var cmd = _runtime!.Owner.CreateCommand("SELECT clock_timestamp()");
        return Instant.FromDateTimeUtc((DateTime)(await cmd.ExecuteScalarAsync(Ct))!);
    }

    private static string Json(System.Text.Json.Nodes.JsonNode node)
    {
        // knownAt differs only in how it was obtained; compare everything else.
        node["knownAt"] = null;
        return node.ToJsonString(new JsonSerializerOptions { WriteIndented = false });
    }
}
