using System.Text.Json.Nodes;
using CareersCompliance.Testing.Postgres;

namespace CareersCompliance.Resilience.IntegrationTests;

/// <summary>
/// `careers record` and `careers report compass` as a careers leader runs them at the terminal, on a real database
/// (eventmodel/decisions/0041-0045): files from before subjects and the disadvantaged column still import, and the
/// report prints exactly issue 14's JSON shape.
/// </summary>
public sealed class CompassReportCliTests : IAsyncLifetime
{
    private static readonly TimeSpan Limit = TimeSpan.FromMinutes(2);
    private static readonly string[] CriterionKeys = ["id", "met", "evidence"];
    private readonly Mis _mis = new();
    private string? _cs;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task the_compass_report_prints_each_benchmark_with_its_criteria_and_evidence_in_the_issue_14_shape()
    {
        var cs = await DatabaseAsync();
        Ok(await CareersCli.RunAsync(cs, Limit, "import", _mis.Baseline()));
        Ok(await CareersCli.RunAsync(cs, Limit, "import", NewColumns()));
        Ok(await CareersCli.RunAsync(cs, Limit, "record", "backing", "--school", Mis.Urn, "--backer", "governors", "--on", "2026-01-10"));
        var again = await CareersCli.RunAsync(cs, Limit, "record", "backing", "--school", Mis.Urn, "--backer", "governors", "--on", "2026-01-10");
        Ok(again);
        again.Out.Should().Contain("already recorded");
        Ok(await CareersCli.RunAsync(cs, Limit, "record", "backing", "--school", Mis.Urn, "--backer", "headteacher", "--on", "2026-01-12"));

        var run = await CareersCli.RunAsync(cs, Limit, "report", "compass", "--school", Mis.Urn, "--as-of", "2026-03-31", "--format", "json");

        Ok(run);
        var json = JsonNode.Parse(run.Out)!.AsObject();
        json.Select(p => p.Key).Should().Equal("school", "asOf", "framework", "benchmarks", "achievedCount", "nationalAverage");
        json["school"]!.GetValue<string>().Should().Be(Mis.Urn);
        json["asOf"]!.GetValue<string>().Should().Be("2026-03-31");
        json["framework"]!.GetValue<string>().Should().Be("Gatsby2024");
        json["nationalAverage"]!.GetValue<decimal>().Should().Be(5.96m);
        var benchmarks = json["benchmarks"]!.AsObject();
        benchmarks.Select(p => p.Key).Should().Equal("GB1", "GB2", "GB3", "GB4", "GB5", "GB6", "GB7", "GB8");
        foreach (var (_, b) in benchmarks)
        {
            b!.AsObject().Select(p => p.Key).Should().Equal("percent", "achieved", "criteria");
            b["criteria"]!.AsArray().Should().OnlyContain(c => c!.AsObject().Select(p => p.Key).SequenceEqual(CriterionKeys));
        }

        json["achievedCount"]!.GetValue<int>().Should().Be(benchmarks.Count(b => b.Value!["achieved"]!.GetValue<bool>()));
        Criterion(benchmarks, "GB1", "GB1.Backing").Met.Should().BeTrue();
        Criterion(benchmarks, "GB1", "GB1.Backing").Evidence.Should().Equal("backed by governors 2026-01-10", "backed by headteacher 2026-01-12");
        Criterion(benchmarks, "GB2", "GB2.Pupils").Met.Should().BeFalse();
        Criterion(benchmarks, "GB2", "GB2.Pupils").Evidence.Should().Equal("2 of 3 pupils", "ACT-3");
        benchmarks["GB2"]!["percent"]!.GetValue<int>().Should().Be(33, "two of three pupils (66.7) and no parent access recorded (0), averaged");
        Criterion(benchmarks, "GB4", "GB4.Departments").Met.Should().BeFalse();
        Criterion(benchmarks, "GB4", "GB4.Departments").Evidence.Should().Equal("1 of 2 departments", "ACT-4");
        Criterion(benchmarks, "GB3", "GB3.Disadvantaged").Evidence.Should()
            .Equal(["disadvantaged pupils: 1 of 1 (100%); the rest: 2 of 2 (100%); gap 0 points"], "Cara's disadvantaged column was read");

        var table = await CareersCli.RunAsync(cs, Limit, "report", "compass", "--school", Mis.Urn, "--as-of", "2026-03-31", "--format", "table");
        Ok(table);
        table.Out.Should().Contain("GB2   33%  not achieved").And.Contain("not the Careers & Enterprise Company's Compass score")
            .And.Contain("Benchmarks fully achieved: ").And.Contain("gb3MaxGapPoints 10");
    }

    [Fact]
    public async Task mistyped_compass_options_and_record_values_are_refused_naming_what_to_write()
    {
        var cs = await DatabaseAsync();
        Ok(await CareersCli.RunAsync(cs, Limit, "import", _mis.Baseline()));

        var feedback = await CareersCli.RunAsync(cs, Limit, "record", "feedback", "--school", Mis.Urn, "--from", "neighbours", "--on", "2026-01-10");
        var report = await CareersCli.RunAsync(cs, Limit, "report", "compass", "--school", Mis.Urn, "--pupil-share", "120", "--format", "xml");
        var unknown = await CareersCli.RunAsync(cs, Limit, "record", "parents", "--school", "999999", "--kind", "lmi_access", "--on", "2026-01-10");

        feedback.ExitCode.Should().Be(1);
        feedback.Error.Trim().Should().Be("error: --from 'neighbours' is not one of pupils, parents, teachers, careers_advisers, employers.");
        report.ExitCode.Should().Be(1);
        report.Error.Should().Contain("--pupil-share '120' must be a number from 0 to 100.").And.Contain("--format 'xml' must be table, json or csv.");
        unknown.ExitCode.Should().Be(1);
        unknown.Error.Should().Contain("school-not-registered").And.NotContain("   at ");
    }

    public ValueTask InitializeAsync() => ValueTask.CompletedTask;

    public async ValueTask DisposeAsync()
    {
        if (_cs is not null)
        {
            await PostgresTemplate.DropDatabaseAsync(_cs);
        }

        _mis.Dispose();
    }

    private static (bool Met, string[] Evidence) Criterion(JsonObject benchmarks, string benchmark, string id)
    {
        var c = benchmarks[benchmark]!["criteria"]!.AsArray().Single(x => string.Equals(x!["id"]!.GetValue<string>(), id, StringComparison.Ordinal))!;
        return (c["met"]!.GetValue<bool>(), [.. c["evidence"]!.AsArray().Select(e => e!.GetValue<string>())]);
    }

    /// <summary>The new optional columns: Cara is disadvantaged; an LMI session two pupils attended, Cara absent; curriculum links with subjects.</summary>
    private string NewColumns()
    {
        var dir = _mis.Folder("new-columns");
        Mis.Write(dir, "pupils.csv", "upn,school_urn,forename,surname,date_of_birth,year_group,academic_year,admission_date,disadvantaged",
            $"{Mis.PupilA},{Mis.Urn},Amira,Zephyrine,2011-10-01,9,2025/26,2024-09-01,false",
            $"{Mis.PupilB},{Mis.Urn},Ben,Quixote,2011-11-02,9,2025/26,2024-09-01,",
            $"{Mis.PupilC},{Mis.Urn},Cara,Vantablack,2012-01-03,9,2025/26,2024-09-01,true");
        Mis.Write(dir, "activities.csv", "activity_id,school_urn,kind,date,title,subject",
            $"ACT-3,{Mis.Urn},lmi_session,2025-11-05,Local jobs market,",
            $"ACT-4,{Mis.Urn},curriculum_link,2025-11-06,Statistics at work,Maths",
            $"ACT-5,{Mis.Urn},curriculum_link,2024-11-06,Writing for a living,English");
        Mis.Write(dir, "attendance.csv", "activity_id,upn,attended", $"ACT-3,{Mis.PupilA},true", $"ACT-3,{Mis.PupilB},true", $"ACT-3,{Mis.PupilC},false");
        return dir;
    }

    private static void Ok(CareersCli.Run run) =>
        run.ExitCode.Should().Be(0, "stdout: {0}\nstderr: {1}", run.Out.Length > 2000 ? run.Out[^2000..] : run.Out, run.Error);

    private async Task<string> DatabaseAsync()
    {
        _cs = await PostgresTemplate.CreateDatabaseAsync(nameof(CompassReportCliTests) + Guid.NewGuid().ToString("N")[..6], Ct);
        return _cs;
    }
}
