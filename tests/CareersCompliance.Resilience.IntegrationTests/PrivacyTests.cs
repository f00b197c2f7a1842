using CareersCompliance.Application;
using CareersCompliance.Application.Audit;
using CareersCompliance.Application.Commands;
using CareersCompliance.Application.Import;
using CareersCompliance.Application.Privacy;
using CareersCompliance.Application.Recording;
using CareersCompliance.Application.Reports;
using CareersCompliance.Domain.Activities;
using CareersCompliance.Domain.Common;
using CareersCompliance.Domain.Privacy;
using CareersCompliance.Domain.Pupils;
using CareersCompliance.Domain.Rules;
using CareersCompliance.EventStore;
using CareersCompliance.EventStore.Verification;
using CareersCompliance.Testing.Postgres;
using CareersCompliance.Testing.Time;
using NodaTime;
using NodaTime.Testing;
using Npgsql;

namespace CareersCompliance.Resilience.IntegrationTests;

/// <summary>Erasure, redaction, rectification, retention and the ESA s14 export against the real database.</summary>
public sealed class PrivacyTests : IAsyncLifetime
{
    private static readonly LocalDate AfterWindow = 1.March(2026);
    private readonly FakeClock _clock = FakeClock.FromUtc(2026, 3, 15, 9, 0, 0);
    private readonly Mis _mis = new();
    private readonly PrivacyRequest _dpo = new("dpo@test");
    private string? _cs;
    private CareersRuntime? _runtime;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private CareersRuntime Runtime => _runtime!;

    private PupilErasure Erasure => new(Runtime, new UpnHasher());

    [Fact]
    public async Task an_erased_pupil_shows_as_erased_while_counts_evidence_and_verification_stay_the_same()
    {
        await ImportBaselineAsync();
        var before = await ReportAsync();
        var a = (await Runtime.Pupils.FindOneAsync(Mis.PupilA, Ct))!.Value;

        var outcome = await Erasure.EraseAsync(Mis.PupilA, ErasureReason.SubjectRequest, "uk-gdpr-art-17", _dpo, Ct);

        outcome.PupilId.Should().Be(a);
        var details = (await Runtime.Pupils.GetAsync([a], Ct))[a];
        details.Should().BeEquivalentTo(new { Upn = (string?)null, Forename = (string?)null, Surname = (string?)null, DateOfBirth = (LocalDate?)null, Erased = true });
        details.DisplayUpn.Should().Be("[erased]");
        var after = await ReportAsync();
        after.Pupils.Should().HaveCount(before.Pupils.Count);
        after.Pupils.Single(p => p.PupilId == a).Check(CheckIds.PalP1).Should().BeEquivalentTo(before.Pupils.Single(p => p.PupilId == a).Check(CheckIds.PalP1));
        var audit = await new AuditTrail(Runtime.App, Runtime.Pupils).QueryAsync(new AuditFilter { Pupil = a, Limit = 500 }, Ct);
        audit.Entries.Should().Contain(e => e.EventType == "pupil_erased" && e.Summary!.Contains("uk-gdpr-art-17"));
        audit.Entries.Should().OnlyContain(e => e.Pupil == null || e.Pupil == "[erased]");
        var timeline = await new EvidenceTimeline(Runtime.App).ForPupilAsync(a, details.DisplayUpn, new TimelineQuery(), Ct);
        timeline.Id.Should().Be("[erased]");
        timeline.Entries.Select(e => e.ActivityId).Should().BeEquivalentTo("ACT-1", "ACT-2");
        (await EverythingInEventsAsync()).Should().NotContain("Zephyrine").And.NotContain(Mis.PupilA);
        (await VerifyAsync()).Ok.Should().BeTrue();
    }

    [Fact]
    public async Task importing_an_erased_upn_again_is_refused_instead_of_recreating_the_pupil()
    {
        await ImportBaselineAsync();
        await Erasure.EraseAsync(Mis.PupilB, ErasureReason.SubjectRequest, "uk-gdpr-art-17", _dpo, Ct);
        var file = _mis.File("again", "pupils.csv", "upn,school_urn,forename,surname,date_of_birth,year_group,academic_year,admission_date",
            $"{Mis.PupilB},{Mis.Urn},Ben,Quixote,2011-11-02,9,2025/26,2024-09-01");

        var act = () => Runtime.Importer.ImportFileAsync(ImportFileKind.Pupils, file, Request(), null, Ct);

        (await act.Should().ThrowAsync<DomainRuleViolation>()).Which.Code.Should().Be("pupil-erased");
        await using (var cmd = Runtime.Owner.CreateCommand("SELECT count(*) FROM pii.pupils WHERE upn IS NOT NULL"))
        {
            ((long)(await cmd.ExecuteScalarAsync(Ct))!).Should().Be(2, "the erased pupil is not re-created");
        }

        (await Erasure.EraseAsync(Mis.PupilB, ErasureReason.SubjectRequest, "uk-gdpr-art-17", _dpo, Ct)).AlreadyErased.Should().BeTrue();
    }

    [Fact]
    public async Task a_typed_reason_naming_the_pupil_is_redacted_on_erasure_and_the_ledger_still_verifies()
    {
        await ImportBaselineAsync();
        var c = (await Runtime.Pupils.FindOneAsync(Mis.PupilC, Ct))!.Value;
        await Runtime.Commands.HandleAsync(Streams.Activity, Streams.ActivityId(new ActivityId("ACT-2")),
            s => CorrectAttendance.Decide(s, new CorrectAttendance(new ActivityId("ACT-2"), c, true, "Cara Vantablack was there after all", new ActorId("leader@test"), _clock.GetCurrentInstant())),
            new CommandContext(new EventActor("leader@test", "careers-leader"), new EventSource(SourceKind.Ui), new TenantRef("T1"), Guid.CreateVersion7()), Ct);

        var outcome = await Erasure.EraseAsync(Mis.PupilC, ErasureReason.SubjectRequest, "uk-gdpr-art-17", _dpo, Ct);

        outcome.TextsRedacted.Should().Be(1);
        (await EverythingInEventsAsync()).Should().NotContain("Vantablack").And.Contain("[redacted]");
        (await VerifyAsync()).Ok.Should().BeTrue("the verifier uses the sealed hash kept in es.redactions");
        (await ReportAsync()).Pupils.Single(p => p.PupilId == c).Check(CheckIds.PalP1).Status.Should().Be(CheckStatus.Met, "the correction still counts");
        await using var cmd = Runtime.Owner.CreateCommand("SELECT count(*) FROM rm.timeline_attendance WHERE reason LIKE '%Vantablack%'");
        ((long)(await cmd.ExecuteScalarAsync(Ct))!).Should().Be(0);
    }

    [Fact]
    public async Task changing_event_data_outside_a_recorded_redaction_is_still_refused_and_detected()
    {
        await ImportBaselineAsync();
        await Runtime.CatchUpAsync(Ct);
        await using var cmd = Runtime.Owner.CreateCommand("UPDATE es.events SET data = data || '{\"title\":\"x\"}' WHERE seq_id = 1");

        var act = () => cmd.ExecuteNonQueryAsync(Ct);

        (await act.Should().ThrowAsync<PostgresException>()).Which.SqlState.Should().Be("ES403");
    }

    [Fact]
    public async Task a_rectification_updates_the_register_and_the_audit_names_only_the_fields()
    {
        await ImportBaselineAsync();
        var changed = await Erasure.RectifyAsync(Mis.PupilA, forename: null, surname: "Zephyr", dateOfBirth: 2.October(2011), _dpo, Ct);

        changed.Should().Equal(PersonalField.Surname, PersonalField.DateOfBirth);
        var a = (await Runtime.Pupils.FindOneAsync(Mis.PupilA, Ct))!.Value;
        (await Runtime.Pupils.GetAsync([a], Ct))[a].Should().BeEquivalentTo(new { Surname = "Zephyr", DateOfBirth = (LocalDate?)2.October(2011), Forename = "Amira" });
        await Runtime.CatchUpAsync(Ct);
        var audit = await new AuditTrail(Runtime.App, Runtime.Pupils).QueryAsync(new AuditFilter { Pupil = a, EventTypes = ["pupil_details_rectified"] }, Ct);
        audit.Entries.Should().ContainSingle().Which.Summary.Should().Be("rectified surname, date_of_birth");
        (await EverythingInEventsAsync()).Should().NotContain("Zephyr");
    }

    [Fact]
    public async Task a_retention_run_erases_only_pupils_past_their_25th_birthday_and_a_dry_run_changes_nothing()
    {
        await ImportBaselineAsync();
        var left = _mis.File("left", "pupils.csv", "upn,school_urn,forename,surname,date_of_birth,year_group,academic_year,admission_date,leaving_date",
            $"{Mis.PupilA},{Mis.Urn},Amira,Zephyrine,2011-10-01,9,2025/26,2024-09-01,2026-07-20");
        var leaving = await Runtime.Importer.ImportFileAsync(ImportFileKind.Pupils, left, Request(), null, Ct);
        leaving.Written.Should().BeTrue(string.Join("; ", leaving.AllErrors.Select(e => e.Reason)));
        var run = new RetentionRun(Runtime, Erasure);

        var dry = await run.RunAsync(RetentionPolicy.Default, 1.October(2036), dryRun: true, _dpo, Ct);
        var real = await run.RunAsync(RetentionPolicy.Default, 1.October(2036), dryRun: false, _dpo, Ct);

        dry.Erased.Should().ContainSingle();
        real.Erased.Should().Equal(dry.Erased);
        real.Counts[RetentionVerdict.OnRoll].Should().Be(2);
        (await Runtime.Pupils.GetAsync(real.Erased, Ct)).Values.Should().OnlyContain(d => d.Erased);
        (await run.RunAsync(RetentionPolicy.Default, 1.October(2036), dryRun: false, _dpo, Ct)).AlreadyErased.Should().Be(1);
    }

    [Fact]
    public async Task the_la_export_gives_objectors_only_basic_details_neutralises_formulas_and_is_audited()
    {
        await ImportBaselineAsync();
        var b = (await Runtime.Pupils.FindOneAsync(Mis.PupilB, Ct))!.Value;
        await Runtime.Commands.HandleAsync(Streams.Pupil, Streams.PupilId(b),
            s => RecordSharingObjection.Decide(s, new RecordSharingObjection(b, true, 1.February(2026), new ActorId("office@test"), _clock.GetCurrentInstant())),
            new CommandContext(new EventActor("office@test", "school-staff"), new EventSource(SourceKind.Ui), new TenantRef("T1"), Guid.CreateVersion7()), Ct);
        await Erasure.RectifyAsync(Mis.PupilA, "=HYPERLINK(\"http://x\")", null, null, _dpo, Ct);
        var file = Path.Combine(_mis.Folder("out"), "la.csv");

        var result = await new LocalAuthorityExport(Runtime).ExportAsync(new SchoolUrn(Mis.Urn), AfterWindow, file, _dpo, Ct);

        result.Pupils.Should().Be(3);
        result.PupilsWithObjection.Should().Be(1);
        var lines = await File.ReadAllLinesAsync(file, Ct);
        lines[0].Should().StartWith("upn,forename,surname,date_of_birth,address,year_group");
        lines.Single(l => l.StartsWith(Mis.PupilB, StringComparison.Ordinal)).Should().Be($"{Mis.PupilB},Ben,Quixote,2011-11-02,,,,,,,,yes");
        lines.Single(l => l.StartsWith(Mis.PupilC, StringComparison.Ordinal)).Should().Contain(",9,none,no,");
        lines.Single(l => l.StartsWith(Mis.PupilA, StringComparison.Ordinal)).Should().Contain("'=HYPERLINK");
        await Runtime.CatchUpAsync(Ct);
        var audit = await new AuditTrail(Runtime.App, Runtime.Pupils).QueryAsync(new AuditFilter { SchoolUrn = Mis.Urn, EventTypes = ["local_authority_export_recorded"] }, Ct);
        var entry = audit.Entries.Should().ContainSingle().Subject;
        entry.ActorUser.Should().Be("dpo@test");
        entry.Summary.Should().Contain("3 pupils, 1 with a sharing objection").And.Contain(result.FileSha256);
    }

    public async ValueTask InitializeAsync()
    {
        _cs = await PostgresTemplate.CreateDatabaseAsync(nameof(PrivacyTests), Ct);
        _runtime = CareersRuntime.Create(_cs, _clock);
    }

    public async ValueTask DisposeAsync()
    {
        if (_runtime is not null)
        {
            await _runtime.DisposeAsync();
        }

        if (_cs is not null)
        {
            NpgsqlConnection.ClearAllPools();
            await PostgresTemplate.DropDatabaseAsync(_cs);
        }

        _mis.Dispose();
    }

    private static ImportRequest Request() => new("leader@test", false, Guid.CreateVersion7());

    private async Task ImportBaselineAsync()
    {
        var outcomes = await Runtime.Importer.ImportDirectoryAsync(_mis.Baseline(), Request(), Ct);
        outcomes.Should().OnlyContain(o => o.Written, string.Join("; ", outcomes.SelectMany(o => o.AllErrors).Select(e => e.Reason)));
        await Runtime.CatchUpAsync(Ct);
    }

    private async Task<SchoolReport> ReportAsync()
    {
        await Runtime.CatchUpAsync(Ct);
        return await Runtime.Reports.SchoolAsync(new SchoolUrn(Mis.Urn), new ReportQuery(AfterWindow, null, RuleSettings.Default), Ct);
    }

    private async Task<VerificationReport> VerifyAsync()
    {
        await Runtime.Sealer.SealCommittedAsync(TimeSpan.FromSeconds(30), Ct);
        return await new LedgerVerifier(Runtime.Owner).VerifyAsync(Ct);
    }

    private async Task<string> EverythingInEventsAsync()
    {
        await using var cmd = Runtime.Owner.CreateCommand("SELECT string_agg(data::text || metadata::text, ' ') FROM es.events");
        return (string)(await cmd.ExecuteScalarAsync(Ct))!;
    }
}
