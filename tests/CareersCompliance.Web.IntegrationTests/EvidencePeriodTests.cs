using System.Net;

namespace CareersCompliance.Web.IntegrationTests;

/// <summary>The evidence timeline refuses a period that ends before it starts, on the page and for both downloads.</summary>
[Collection(WebTests.Name)]
public sealed class EvidencePeriodTests(DemoDatabase db, SharedWebHost host) : SharedWebHostTests(db, host)
{
    private const string Message = "The end of the period (31 December 2024) is before its start (1 September 2026)";

    [Fact]
    public async Task an_inverted_period_is_refused_with_a_message_on_the_page()
    {
        var admin = await Factory.SignedInAsync("admin", Ct);

        var response = await admin.GetAsync($"/schools/{Db.InspectedSchool}/evidence?from=2026-09-01&to=2024-12-31", Ct);
        var html = WebUtility.HtmlDecode(await response.Content.ReadAsStringAsync(Ct));

        response.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        html.Should().Contain("govuk-error-summary").And.Contain(Message).And.NotContain("Recorded events").And.NotContain("download-csv");
    }

    [Theory]
    [InlineData("Csv")]
    [InlineData("Pdf")]
    public async Task an_inverted_period_is_refused_for_a_download(string handler)
    {
        var admin = await Factory.SignedInAsync("admin", Ct);

        var response = await admin.GetAsync($"/schools/{Db.InspectedSchool}/evidence?handler={handler}&from=2026-09-01&to=2024-12-31", Ct);

        response.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        response.Content.Headers.ContentType!.MediaType.Should().Be("text/plain");
        (await response.Content.ReadAsStringAsync(Ct)).Should().Contain(Message);
    }
}
