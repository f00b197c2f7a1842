using System.Text.Json.Nodes;
using CareersCompliance.Testing.Postgres;

namespace CareersCompliance.Resilience.IntegrationTests;

/// <summary>
/// `careers record ehcp-review|phase-transfer|pal-flexibility` as a SENCO or careers leader runs them, and the SEND checks in
/// the pupil and school reports (eventmodel/decisions/0046-0047), on a real database.
/// </summary>
public sealed class SendTransitionsCliTests : IAsyncLifetime
{
    private static readonly TimeSpan Limit = TimeSpan.FromMinutes(2);
    private readonly Mis _mis = new();
    private string? _cs;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task recorded_reviews_and_placements_show_in_the_pupil_and_school_reports()
    {
        var cs = await DatabaseAsync();
        Ok(await CareersCli.RunAsync(cs, Limit, "import", SpecialSchool()));
        Ok(await Record(cs, "ehcp-review", Mis.PupilB, "2026-02-10", "--preparing-for-adulthood", "yes"));
        var again = await Record(cs, "ehcp-review", Mis.PupilB, "2026-02-10", "--preparing-for-adulthood", "yes");
        Ok(again);
        again.Out.Should().Contain("already recorded");
        var named = await Record(cs, "phase-transfer", Mis.PupilA, "2026-03-31");
        Ok(named);
        named.Out.Trim().Should().Be($"recorded: school {Mis.Urn}, pupil {Mis.PupilA}, EHC plan names the post-16 placement on 2026-03-31");
        Ok(await CareersCli.RunAsync(cs, Limit, "record", "pal-flexibility", "--school", Mis.Urn, "--flexible", "yes", "--on", "2025-09-01"));

        var run = await CareersCli.RunAsync(cs, Limit, "report", "pupils", "--school", Mis.Urn, "--as-of", "2026-04-01", "--format", "json");

        Ok(run);
        var json = JsonNode.Parse(run.Out)!;
        json["settings"]!["palSendFlexibility"]!.GetValue<string>().Should().Be("on from 2025-09-01");
        Check(json, Mis.PupilA, "SEND.PhaseTransfer").Should().Be(("Met", "met"));
        Check(json, Mis.PupilB, "SEND.Year9Review").Should().Be(("Met", "met"));
        Check(json, Mis.PupilC, "SEND.PhaseTransfer").Should().Be(("NotApplicable", "no-ehc-plan"), "SEN support is not an EHC plan");
        Check(json, Mis.PupilD, "SEND.PhaseTransfer").Should().Be(("NotMet", "window-closed-unmet"));
        Check(json, Mis.PupilE, "GB5").Should().Be(("NotApplicable", "year-group-outside-7-13"), "a Year 14 pupil is on roll and reported");

        var school = await CareersCli.RunAsync(cs, Limit, "report", "school", "--school", Mis.Urn, "--as-of", "2026-04-01", "--format", "table");
        Ok(school);
        school.Out.Should().Contain("EHC plan: post-16 placement named by 31 March").And.Contain("PAL flexibility (special schools) on from 2025-09-01");
        var csv = await CareersCli.RunAsync(cs, Limit, "report", "pupils", "--school", Mis.Urn, "--as-of", "2026-04-01", "--format", "csv");
        Ok(csv);
        csv.Out.Should().Contain($"{Mis.Urn},{Mis.PupilA},11,").And.Contain(",SEND.PhaseTransfer,Met,");
    }

    [Fact]
    public async Task a_pupil_without_an_ehc_plan_or_at_another_school_is_refused_saying_what_to_fix()
    {
        var cs = await DatabaseAsync();
        Ok(await CareersCli.RunAsync(cs, Limit, "import", SpecialSchool()));

        var support = await Record(cs, "phase-transfer", Mis.PupilC, "2026-03-01");
        var elsewhere = await CareersCli.RunAsync(cs, Limit, "record", "phase-transfer", "--school", "100002", "--pupil", Mis.PupilA, "--on", "2026-03-01");
        var typo = await Record(cs, "ehcp-review", Mis.PupilB, "2026-02-30", "--preparing-for-adulthood", "maybe");
        var academy = await CareersCli.RunAsync(cs, Limit, "record", "pal-flexibility", "--school", "100002", "--flexible", "yes", "--on", "2025-09-01");

        support.ExitCode.Should().Be(1);
        support.Error.Should().Contain("pupil-has-no-ehc-plan").And.Contain("sen = e");
        elsewhere.ExitCode.Should().Be(1);
        elsewhere.Error.Should().Contain("never on roll at school 100002");
        typo.ExitCode.Should().Be(1);
        typo.Error.Should().Contain("--preparing-for-adulthood 'maybe' is not yes or no.").And.Contain("--on '2026-02-30' is not a date");
        academy.ExitCode.Should().Be(1);
        academy.Error.Should().Contain("only a special school can set PAL flexibility");
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

    private static Task<CareersCli.Run> Record(string cs, string verb, string upn, string on, params string[] more) =>
        CareersCli.RunAsync(cs, Limit, ["record", verb, "--school", Mis.Urn, "--pupil", upn, "--on", on, .. more]);

    private static (string Status, string Code) Check(JsonNode report, string upn, string checkId)
    {
        var pupil = report["pupils"]!.AsArray().Single(p => string.Equals(p!["upn"]!.GetValue<string>(), upn, StringComparison.Ordinal))!;
        var check = pupil["checks"]![checkId]!;
        return (check["status"]!.GetValue<string>(), check["reasonCode"]!.GetValue<string>());
    }

    /// <summary>A special school teaching Years 7-14 and an academy: EHC plans in Years 9 and 11, SEN support, a Year 14 pupil.</summary>
    private string SpecialSchool()
    {
        var dir = _mis.Folder("special");
        Mis.Write(dir, "schools.csv", "urn,name,trust_id,trust_name,lowest_year,highest_year,school_type",
            $"{Mis.Urn},Test Special School,T1,Test Trust,7,14,special", "100002,Test Academy,T1,Test Trust,7,13,academy");
        Mis.Write(dir, "pupils.csv", "upn,school_urn,forename,surname,date_of_birth,year_group,academic_year,admission_date,sen",
            $"{Mis.PupilA},{Mis.Urn},Amira,Zephyrine,2009-10-01,11,2025/26,2024-09-01,e",
            $"{Mis.PupilB},{Mis.Urn},Ben,Quixote,2011-11-02,9,2025/26,2024-09-01,e",
            $"{Mis.PupilC},{Mis.Urn},Cara,Vantablack,2009-12-03,11,2025/26,2024-09-01,k",
            $"{Mis.PupilD},{Mis.Urn},Dev,Ostrander,2009-11-04,11,2025/26,2024-09-01,e",
            $"{Mis.PupilE},{Mis.Urn},Esi,Marchbanks,2006-10-05,14,2025/26,2024-09-01,e");
        return dir;
    }

    private static void Ok(CareersCli.Run run) =>
        run.ExitCode.Should().Be(0, "stdout: {0}\nstderr: {1}", run.Out.Length > 2000 ? run.Out[^2000..] : run.Out, run.Error);

    private async Task<string> DatabaseAsync()
    {
        _cs = await PostgresTemplate.CreateDatabaseAsync(nameof(SendTransitionsCliTests) + Guid.NewGuid().ToString("N")[..6], Ct);
        return _cs;
    }
}
