using System.Net;
using System.Text.Json;

namespace CareersCompliance.Web.IntegrationTests;

/// <summary>The report API reads "as of" and "known at" as the CLI does, and refuses what it cannot read instead of ignoring it.</summary>
[Collection(WebTests.Name)]
public sealed class ReportsApiInputTests(DemoDatabase db, SharedWebHost host) : SharedWebHostTests(db, host)
{
    [Theory]
    [InlineData("/api/trusts/LLT/report")]
    [InlineData("/api/schools/{urn}/report")]
    [InlineData("/api/schools/{urn}/pupils")]
    public async Task a_known_at_that_is_not_an_instant_is_refused_with_a_problem_naming_it_and_its_format(string path)
    {
        var client = await Factory.SignedInAsync("director-llt", Ct);

        var response = await client.GetAsync(path.Replace("{urn}", Db.LltSchool, StringComparison.Ordinal) + "?knownAt=garbage", Ct);

        response.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        response.Content.Headers.ContentType!.MediaType.Should().Be("application/problem+json");
        using var problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync(Ct));
        problem.RootElement.GetProperty("detail").GetString().Should().Contain("knownAt").And.Contain("2027-03-01T12:00:00Z");
        problem.RootElement.GetProperty("parameter").GetString().Should().Be("knownAt");
    }

    [Fact]
    public async Task a_known_at_instant_is_the_records_clock_the_report_is_read_at()
    {
        var client = await Factory.SignedInAsync("director-llt", Ct);

        var response = await client.GetAsync($"/api/schools/{Db.LltSchool}/report?knownAt=2020-01-01T00:00:00Z", Ct);

        response.StatusCode.Should().Be(HttpStatusCode.OK);
        using var report = JsonDocument.Parse(await response.Content.ReadAsStringAsync(Ct));
        report.RootElement.GetProperty("knownAt").GetString().Should().StartWith("2020-01-01T00:00:00");
    }

    [Fact]
    public async Task a_bad_as_of_is_refused_with_a_problem_naming_it()
    {
        var client = await Factory.SignedInAsync("director-llt", Ct);

        var response = await client.GetAsync("/api/trusts/LLT/report?asOf=31/12/2026", Ct);

        response.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        using var problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync(Ct));
        problem.RootElement.GetProperty("parameter").GetString().Should().Be("asOf");
    }
}
