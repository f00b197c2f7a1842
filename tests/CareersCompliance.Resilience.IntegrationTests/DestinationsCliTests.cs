using System.Text.Json.Nodes;
using CareersCompliance.Testing.Postgres;

namespace CareersCompliance.Resilience.IntegrationTests;

/// <summary>
/// `careers report destinations` and `careers record guarantee-offer|early-leaving|early-leaving-notice` as a careers leader runs
/// them (eventmodel/decisions/0053-0054), on a real database.
/// </summary>
public sealed class DestinationsCliTests : IAsyncLifetime
{
    private static readonly TimeSpan Limit = TimeSpan.FromMinutes(2);
    private readonly Mis _mis = new();
    private string? _cs;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task leavers_offers_and_early_leavers_show_in_the_destinations_report_with_the_pupils_behind_them()
    {
        var cs = await DatabaseAsync();
        Ok(await CareersCli.RunAsync(cs, Limit, "import", School()));
        Ok(await Record(cs, "guarantee-offer", Mis.PupilC, "2025-05-01", "--offer", "apprenticeship"));
        var left = await Record(cs, "early-leaving", Mis.PupilC, "2026-02-03");
        Ok(left);
        left.Out.Trim().Should().Be($"recorded: school {Mis.Urn}, pupil {Mis.PupilC}, left the post-16 programme early on 2026-02-03");

        var json = await Report(cs, "2026-04-01");
        var cohort = json["cohorts"]!.AsArray().Single(c => string.Equals(c!["leftIn"]!.GetValue<string>(), "2024/25", StringComparison.Ordinal))!;
        (cohort["leavers"]!.GetValue<int>(), cohort["eet"]!.GetValue<int>(), cohort["neet"]!.GetValue<int>(), cohort["sustained"]!.GetValue<int>())
            .Should().Be((2, 1, 1, 1));
        cohort["eetPercent"]!.GetValue<decimal>().Should().Be(50m);
        cohort["intendedRecorded"]!.GetValue<int>().Should().Be(1);
        cohort["pupils"]!.AsArray().Select(p => (p!["upn"]!.GetValue<string>(), p["outcome"]!.GetValue<string>(), p["sustainedReason"]!.GetValue<string>()))
            .Should().BeEquivalentTo(new[] { (Mis.PupilA, "education", "sustained"), (Mis.PupilB, "neet", "break-in-window") });
        var round = json["septemberGuarantee"]!.AsArray().Single(r => string.Equals(r!["cohortYear"]!.GetValue<string>(), "2024/25", StringComparison.Ordinal))!;
        (round["status"]!.GetValue<string>(), round["withOffer"]!.GetValue<int>(), round["pupils"]!.GetValue<int>()).Should().Be(("NotMet", 1, 4));
        round["withoutOffer"]!.AsArray().Select(p => p!["upn"]!.GetValue<string>()).Should().BeEquivalentTo([Mis.PupilA, Mis.PupilB, Mis.PupilD]);
        var early = json["earlyLeavers"]!.AsArray().Should().ContainSingle().Subject!;
        (early["upn"]!.GetValue<string>(), early["status"]!.GetValue<string>(), early["reasonCode"]!.GetValue<string>(), early["notifyBy"]!.GetValue<string>())
            .Should().Be((Mis.PupilC, "NotMet", "not-notified", "2026-02-08"));

        Ok(await Record(cs, "early-leaving-notice", Mis.PupilC, "2026-02-06"));
        var notified = (await Report(cs, "2026-04-01"))["earlyLeavers"]![0]!;
        (notified["status"]!.GetValue<string>(), notified["notifiedOn"]!.GetValue<string>()).Should().Be(("Met", "2026-02-06"));

        var csv = await CareersCli.RunAsync(cs, Limit, "report", "destinations", "--school", Mis.Urn, "--as-of", "2026-04-01", "--format", "csv");
        Ok(csv);
        csv.Out.Should().StartWith("school,as_of,section,cohort,measure,count,of,percent,status,deadline")
            .And.Contain($"{Mis.Urn},2026-04-01,destinations,2024/25,neet,1,2,50,,")
            .And.Contain($"{Mis.Urn},2026-04-01,september_guarantee,2024/25,with_offer,1,4,25,NotMet,2025-09-30")
            .And.Contain($"{Mis.Urn},2026-04-01,early_leavers,,notified_in_time,1,1,100,Met,");
        var table = await CareersCli.RunAsync(cs, Limit, "report", "destinations", "--school", Mis.Urn, "--as-of", "2026-04-01", "--format", "table",
            "--early-leaver-notice-days", "2");
        Ok(table);
        table.Out.Should().Contain("early leavers notified within 2 day(s)").And.Contain("September Guarantee").And.Contain("NotMet (notified late)")
            .And.Contain($"{Mis.PupilA} {Mis.PupilB} {Mis.PupilD}");
    }

    [Fact]
    public async Task mistaken_records_are_refused_saying_what_to_fix()
    {
        var cs = await DatabaseAsync();
        Ok(await CareersCli.RunAsync(cs, Limit, "import", School()));

        var adult = await Record(cs, "early-leaving", Mis.PupilD, "2026-02-03");
        var year9 = await Record(cs, "early-leaving", Mis.PupilE, "2026-02-03");
        var noLeaving = await Record(cs, "early-leaving-notice", Mis.PupilC, "2026-02-05");
        var young = await Record(cs, "guarantee-offer", Mis.PupilE, "2026-02-03", "--offer", "traineeship");
        var typo = await Record(cs, "guarantee-offer", Mis.PupilC, "2026-02-03", "--offer", "college");
        var badDays = await CareersCli.RunAsync(cs, Limit, "report", "destinations", "--school", Mis.Urn, "--early-leaver-notice-days", "-1");

        adult.Error.Should().Contain("the pupil was 18 on 2026-02-03").And.Contain("aged 16 or 17");
        year9.Error.Should().Contain("the pupil was 14 on 2026-02-03", "a Year 9 pupil is refused before the Year 12-13 rule is reached");
        noLeaving.Error.Should().Contain("record it first with record early-leaving");
        young.Error.Should().Contain("offer-outside-years-11-to-13");
        typo.Error.Trim().Should().Be("error: --offer 'college' is not one of full_time_education, apprenticeship, traineeship, employment_with_training.");
        badDays.Error.Trim().Should().Be("error: --early-leaver-notice-days must be between 0 and 366.");
        new[] { adult, year9, noLeaving, young, typo, badDays }.Should().OnlyContain(r => r.ExitCode == 1);
        (await Report(cs, "2026-04-01"))["earlyLeavers"]!.AsArray().Should().BeEmpty("nothing refused was written");
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

    private static async Task<JsonNode> Report(string cs, string asOf)
    {
        var run = await CareersCli.RunAsync(cs, Limit, "report", "destinations", "--school", Mis.Urn, "--as-of", asOf, "--format", "json");
        Ok(run);
        return JsonNode.Parse(run.Out)!;
    }

    /// <summary>
    /// An 11-18 school: two Year 11 leavers of 2024/25 (one sustained in college, one NEET by December), a Year 12 pupil aged 17,
    /// a Year 13 pupil who turned 18 in August 2025, and a Year 9 pupil.
    /// </summary>
    private string School()
    {
        var dir = _mis.Folder("destinations");
        Mis.Write(dir, "schools.csv", "urn,name,trust_id,trust_name,lowest_year,highest_year,school_type", $"{Mis.Urn},Test Academy,T1,Test Trust,7,13,academy");
        Mis.Write(dir, "pupils.csv", "upn,school_urn,forename,surname,date_of_birth,year_group,academic_year,admission_date,leaving_date",
            $"{Mis.PupilA},{Mis.Urn},Amira,Zephyrine,2009-01-10,11,2024/25,2020-09-01,2025-07-18",
            $"{Mis.PupilB},{Mis.Urn},Ben,Quixote,2009-02-11,11,2024/25,2020-09-01,2025-07-18",
            $"{Mis.PupilC},{Mis.Urn},Cara,Vantablack,2008-10-01,12,2025/26,2020-09-01,",
            $"{Mis.PupilD},{Mis.Urn},Dev,Ostrander,2007-08-15,13,2025/26,2020-09-01,",
            $"{Mis.PupilE},{Mis.Urn},Esi,Marchbanks,2011-10-02,9,2025/26,2022-09-01,");
        Mis.Write(dir, "destinations.csv", "upn,kind,destination,recorded_on,provider_name",
            $"{Mis.PupilA},intended,fe,2025-03-01,North College",
            $"{Mis.PupilA},actual,fe,2025-10-06,North College",
            $"{Mis.PupilA},actual,fe,2026-02-02,North College",
            $"{Mis.PupilB},actual,fe,2025-10-06,",
            $"{Mis.PupilB},actual,neet,2025-12-01,");
        return dir;
    }

    private static void Ok(CareersCli.Run run) =>
        run.ExitCode.Should().Be(0, "stdout: {0}\nstderr: {1}", run.Out.Length > 2000 ? run.Out[^2000..] : run.Out, run.Error);

    private async Task<string> DatabaseAsync()
    {
        _cs = await PostgresTemplate.CreateDatabaseAsync(nameof(DestinationsCliTests) + Guid.NewGuid().ToString("N")[..6], Ct);
        return _cs;
    }
}
