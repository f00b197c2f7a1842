using CareersCompliance.Application;
using CareersCompliance.Application.Commands;
using CareersCompliance.Application.Recording;
using CareersCompliance.Application.Reports;
using CareersCompliance.Domain.Common;
using CareersCompliance.Domain.Rules;
using CareersCompliance.EventStore;
using CareersCompliance.Testing.Postgres;
using FsCheck.Fluent;
using NodaTime;
using NodaTime.Testing;
using Npgsql;

namespace CareersCompliance.Resilience.IntegrationTests;

/// <summary>
/// Properties that need the database: generated cases run one fresh database each (FsCheck generates, the test awaits;
/// no shrinking, so a failure prints the whole case).
/// </summary>
public sealed class StorePropertyTests
{
    private const int Cases = 8;
    private static readonly string[] Items = ["provider_info", "careers", "learning_like", "questions"];

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task the_report_from_events_read_back_from_the_store_equals_the_rules_run_on_the_same_events_in_memory()
    {
        foreach (var history in Gen.Sample(History.Generate(), Cases))
        {
            await WithRuntimeAsync(async runtime =>
            {
                await AppendAsync(runtime, history);
                await runtime.CatchUpAsync(Ct);

                var stored = await runtime.Reports.SchoolAsync(History.Urn, new ReportQuery(history.AsOf, null, RuleSettings.Default), Ct);

                var inMemory = ComplianceRules.EvaluateSchool(history.Evidence(), RuleSettings.Default, history.AsOf, Instant.MaxValue);
                RulePropertyTests.Statuses(stored).Should().Equal(RulePropertyTests.Statuses(inMemory), "case {0}", history);
            });
        }
    }

    [Fact]
    public async Task importing_the_same_generated_files_twice_never_changes_the_report_or_the_events()
    {
        var cases = from checklists in Gen.ListOf(Gen.SubListOf(Items), 2)
                    from days in Gen.ListOf(Gen.Choose(0, 150), 2)
                    from attendance in Gen.ListOf(from a in Gen.Choose(1, 2) from p in Gen.Choose(0, 2) from attended in Gen.Elements(true, false) select (a, p, attended))
                    select (checklists, days, attendance);
        foreach (var (checklists, days, attendance) in Gen.Sample(cases, Cases))
        {
            using var mis = new Mis();
            var dir = mis.Baseline();
            var pupils = new[] { Mis.PupilA, Mis.PupilB, Mis.PupilC };
            Mis.Write(dir, "activities.csv", [
                "activity_id,school_urn,kind,date,start_time,end_time,delivery_mode,provider_ids,adviser_id,checklist,year_groups,title",
                .. checklists.Select((c, i) => $"ACT-{i + 1},{Mis.Urn},provider_encounter,{new LocalDate(2025, 9, 1).PlusDays(days[i]):yyyy-MM-dd},10:00,11:00,in_person,1000000{i + 1},,{string.Join(';', c)},9,Talk {i + 1}")]);
            // Why the last row per pair: a file naming one pupil twice for an activity is a different (refusal) property.
            var rows = attendance.GroupBy(r => (r.a, r.p)).Select(g => g.Last()).Select(r => $"ACT-{r.a},{pupils[r.p]},{(r.attended ? "true" : "false")}");
            Mis.Write(dir, "attendance.csv", ["activity_id,upn,attended", .. rows]);
            await WithRuntimeAsync(async runtime =>
            {
                var first = await runtime.Importer.ImportDirectoryAsync(dir, new ImportRequest("leader@test", false, Guid.CreateVersion7()), Ct);
                first.Should().OnlyContain(o => o.Written, string.Join("; ", first.SelectMany(o => o.AllErrors).Select(e => e.Reason)));
                var before = await ReportAsync(runtime);
                var events = await CountAsync(runtime);

                var second = await runtime.Importer.ImportDirectoryAsync(dir, new ImportRequest("leader@test", false, Guid.CreateVersion7()), Ct);

                second.Should().OnlyContain(o => o.Written && o.EventsAppended == 0);
                (await CountAsync(runtime)).Should().Be(events);
                (await ReportAsync(runtime)).Should().Equal(before, "checklists {0}, days {1}", string.Join("|", checklists.Select(c => string.Join(';', c))), string.Join(",", days));
            });
        }
    }

    private static async Task<IReadOnlyList<string>> ReportAsync(CareersRuntime runtime)
    {
        await runtime.CatchUpAsync(Ct);
        var report = await runtime.Reports.SchoolAsync(new SchoolUrn(Mis.Urn), new ReportQuery(new LocalDate(2026, 3, 1), null, RuleSettings.Default), Ct);
        return [.. RulePropertyTests.Statuses(report)];
    }

    private static async Task<long> CountAsync(CareersRuntime runtime)
    {
        await using var command = runtime.Owner.CreateCommand("SELECT count(*) FROM es.events");
        return (long)(await command.ExecuteScalarAsync(Ct))!;
    }

    private static async Task WithRuntimeAsync(Func<CareersRuntime, Task> body)
    {
        var cs = await PostgresTemplate.CreateDatabaseAsync(nameof(StorePropertyTests), Ct);
        try
        {
            await using var runtime = CareersRuntime.Create(cs, FakeClock.FromUtc(2026, 3, 15, 9, 0, 0));
            await body(runtime);
        }
        finally
        {
            NpgsqlConnection.ClearAllPools();
            await PostgresTemplate.DropDatabaseAsync(cs);
        }
    }

    private static async Task AppendAsync(CareersRuntime runtime, History history)
    {
        var metadata = new EventMetadata(new EventActor("generator", "administrator"), new EventSource(SourceKind.Import), new TenantRef("T1"), Guid.CreateVersion7());
        NewEvent New(object e) => new(Guid.CreateVersion7(), e, metadata);
        var appends = new List<StreamAppend>
        {
            new(Streams.SchoolId(History.Urn), ExpectedVersion.NoStream, [.. History.SchoolEvents().Select(e => New(e.Event))]),
        };
        appends.AddRange(History.ProviderEvents().Select(p => new StreamAppend(
            Streams.ProviderId(((Domain.Providers.ProviderEvent.ProviderRegistered)p.Event).ProviderId), ExpectedVersion.NoStream, [New(p.Event)])));
        appends.AddRange(history.Pupils.Select(p => new StreamAppend(
            Streams.PupilId(p.Pupil), ExpectedVersion.NoStream, [.. History.PupilEvents(p.Pupil, p.YearGroup).Select(e => New(e.Event))])));
        appends.AddRange(history.Activities.Select(a => new StreamAppend(
            Streams.ActivityId(a.ActivityId), ExpectedVersion.NoStream, [.. history.ActivityEvents(a).Select(e => New(e.Event))])));
        foreach (var append in appends)
        {
            await runtime.Store.AppendAsync(append.Stream, append.Expected, append.Events, Ct);
        }
    }
}
