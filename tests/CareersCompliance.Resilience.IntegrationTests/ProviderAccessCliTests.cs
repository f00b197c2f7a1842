using System.Text.Json.Nodes;
using CareersCompliance.Testing.Postgres;

namespace CareersCompliance.Resilience.IntegrationTests;

/// <summary>
/// `careers record access-request|access-answer|access-response-time` and `careers report refusals` as a careers leader and a
/// trust officer run them (eventmodel/decisions/0048), on a real database.
/// </summary>
public sealed class ProviderAccessCliTests : IAsyncLifetime
{
    private static readonly TimeSpan Limit = TimeSpan.FromMinutes(2);
    private readonly Mis _mis = new();
    private string? _cs;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task requests_answers_and_refusals_show_in_the_school_report_and_the_trust_refusals()
    {
        var cs = await DatabaseAsync();
        Ok(await CareersCli.RunAsync(cs, Limit, "import", _mis.Baseline()));
        Ok(await Run(cs, "access-response-time", "--school-days", "5", "--from", "2025-09-01"));
        Ok(await Run(cs, "access-request", "--request", "REQ-1", "--provider", "10000001", "--received", "2026-01-05", "--phase", "2"));
        Ok(await Run(cs, "access-request", "--request", "REQ-2", "--provider", "10000002", "--received", "2026-01-05"));
        Ok(await Run(cs, "access-request", "--request", "REQ-3", "--provider", "10000002", "--received", "2026-01-06", "--requested-date", "2026-03-02"));
        var refused = await Run(cs, "access-answer", "--request", "REQ-1", "--answer", "refused", "--reason", "no_suitable_date",
            "--note", "Year 10 mock exams that fortnight", "--on", "2026-01-12");
        Ok(refused);
        refused.Out.Trim().Should().Be($"recorded: school {Mis.Urn}, access request REQ-1 answered refused on 2026-01-12");
        Ok(await Run(cs, "access-answer", "--request", "REQ-2", "--answer", "offered_date", "--offered-date", "2026-02-10", "--on", "2026-01-14"));

        var school = await CareersCli.RunAsync(cs, Limit, "report", "school", "--school", Mis.Urn, "--as-of", "2026-01-20", "--format", "json");
        Ok(school);
        var requests = JsonNode.Parse(school.Out)!["accessRequests"]!.AsArray();
        requests.Select(r => (r!["requestId"]!.GetValue<string>(), r["status"]!.GetValue<string>(), r["reasonCode"]!.GetValue<string>())).Should().Equal(
            ("REQ-1", "Met", "answered-in-time"), ("REQ-2", "NotMet", "answered-late"), ("REQ-3", "NotMet", "overdue"));
        requests[0]!["dueBy"]!.GetValue<string>().Should().Be("2026-01-12", "five school days after Monday 5 January, answered on the day");
        JsonNode.Parse(school.Out)!["settings"]!["accessResponseSchoolDays"]!.GetValue<int>().Should().Be(5);
        var table = await CareersCli.RunAsync(cs, Limit, "report", "school", "--school", Mis.Urn, "--as-of", "2026-01-20", "--format", "table");
        table.Out.Should().Contain("Provider access requests").And.Contain("offered 2026-02-10").And.Contain("refused: no suitable date");

        var refusals = await CareersCli.RunAsync(cs, Limit, "report", "refusals", "--trust", "T1", "--as-of", "2026-01-20", "--format", "csv");
        Ok(refusals);
        refusals.Out.Split('\n', StringSplitOptions.RemoveEmptyEntries).Should().Equal(
            "school,schoolName,requestId,provider,providerName,receivedOn,refusedOn,reason,note",
            $"{Mis.Urn},Test Academy,REQ-1,10000001,North College,2026-01-05,2026-01-12,no_suitable_date,Year 10 mock exams that fortnight");
    }

    [Fact]
    public async Task mistaken_answers_are_refused_saying_what_to_fix()
    {
        var cs = await DatabaseAsync();
        Ok(await CareersCli.RunAsync(cs, Limit, "import", _mis.Baseline()));
        Ok(await Run(cs, "access-request", "--request", "REQ-1", "--provider", "10000001", "--received", "2026-01-05"));

        var noReason = await Run(cs, "access-answer", "--request", "REQ-1", "--answer", "refused", "--on", "2026-01-06");
        var personal = await Run(cs, "access-answer", "--request", "REQ-1", "--answer", "refused", "--reason", "other", "--note", "call 07700 900123", "--on", "2026-01-06");
        var unknown = await Run(cs, "access-answer", "--request", "REQ-9", "--answer", "accepted", "--on", "2026-01-06");
        var typo = await Run(cs, "access-answer", "--request", "REQ-1", "--answer", "maybe", "--on", "2026-01-06");

        noReason.Error.Should().Contain("refusal-needs-a-reason");
        personal.Error.Should().Contain("no e-mail address or telephone number");
        unknown.Error.Should().Contain("No request REQ-9 is recorded");
        typo.Error.Trim().Should().Be("error: --answer 'maybe' is not one of accepted, offered_date, refused.");
        new[] { noReason, personal, unknown, typo }.Should().OnlyContain(r => r.ExitCode == 1);
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

    private static Task<CareersCli.Run> Run(string cs, string verb, params string[] more) =>
        CareersCli.RunAsync(cs, Limit, ["record", verb, "--school", Mis.Urn, .. more]);

    private static void Ok(CareersCli.Run run) =>
        run.ExitCode.Should().Be(0, "stdout: {0}\nstderr: {1}", run.Out.Length > 2000 ? run.Out[^2000..] : run.Out, run.Error);

    private async Task<string> DatabaseAsync()
    {
        _cs = await PostgresTemplate.CreateDatabaseAsync(nameof(ProviderAccessCliTests) + Guid.NewGuid().ToString("N")[..6], Ct);
        return _cs;
    }
}
