using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace CareersCompliance.Web.IntegrationTests.Security;

/// <summary>
/// Hostile input to the JSON command API: malformed, mistyped, oversized, deeply nested, SQL metacharacters and control
/// characters. The host answers 4xx problem details (never 5xx), stores metacharacters as data, refuses oversized bodies
/// with 413, and CSV exports neutralise a formula typed as an activity title.
/// </summary>
[Collection(WebTests.Name)]
public sealed class HostileInputTests(DemoDatabase db, SharedWebHost host) : SharedWebHostTests(db, host)
{
    private const string Sql = "'; drop table es.events; --";

    private string Leader => $"leader-{Db.LltSchool}";

    private string Activities => $"/api/schools/{Db.LltSchool}/activities";

    public static TheoryData<string, string> Malformed => new()
    {
        { "truncated JSON", "{\"activity\": {\"kind\": \"Talk\"" },
        { "not JSON", "kind=Talk&title=x" },
        { "null body", "null" },
        { "array instead of object", "[1, 2, 3]" },
        { "wrong types", "{\"activity\": {\"kind\": 5, \"title\": [], \"date\": true}}" },
        { "pupil id not a guid", "{\"activity\": {\"kind\": \"EmployerEncounter\", \"title\": \"t\", \"date\": \"2027-01-01\"}, \"attendance\": [{\"pupilId\": \"1 OR 1=1\", \"attended\": true}]}" },
        { "year group overflow", "{\"activity\": {\"kind\": \"EmployerEncounter\", \"title\": \"t\", \"date\": \"2027-01-01\", \"yearGroups\": [99999999999999999999]}}" },
        { "deeply nested", "{\"activity\": " + new string('[', 5000) + new string(']', 5000) + "}" },
        { "impossible date", "{\"activity\": {\"kind\": \"EmployerEncounter\", \"title\": \"t\", \"date\": \"2027-02-30\"}}" },
        { "SQL in the kind", "{\"activity\": {\"kind\": \"" + Sql + "\", \"title\": \"t\", \"date\": \"2027-01-01\"}}" },
        { "SQL in the date", "{\"activity\": {\"kind\": \"EmployerEncounter\", \"title\": \"t\", \"date\": \"" + Sql + "\"}}" },
        { "SQL in a checklist item", "{\"activity\": {\"kind\": \"EmployerEncounter\", \"title\": \"t\", \"date\": \"2027-01-01\", \"checklist\": [\"" + Sql + "\"]}}" },
        { "SQL in a time", "{\"activity\": {\"kind\": \"EmployerEncounter\", \"title\": \"t\", \"date\": \"2027-01-01\", \"startTime\": \"" + Sql + "\"}}" },
    };

    [Theory]
    [MemberData(nameof(Malformed))]
    public async Task a_malformed_command_gets_a_4xx_problem_never_a_5xx(string why, string json)
    {
        var client = await Factory.SignedInAsync(Leader, Ct);

        var response = await client.PostAsync(Activities, new StringContent(json, Encoding.UTF8, "application/json"), Ct);

        ((int)response.StatusCode).Should().BeInRange(400, 499, why);
        response.Content.Headers.ContentType?.MediaType.Should().Be("application/problem+json", why);
        (await Factory.Client().GetAsync("/Account/Login", Ct)).StatusCode.Should().Be(HttpStatusCode.OK, "the host still serves");
    }

    [Fact]
    public async Task sql_metacharacters_and_control_characters_in_every_string_field_are_stored_and_echoed_as_data()
    {
        var client = await Factory.SignedInAsync(Leader, Ct);
        var hostile = Sql + " \u0007\u001b[31m\u202e\u200b\ufeff ☃ 𝄞";
        var events = await CountEventsAsync();

        var recorded = await client.PostAsJsonAsync(Activities, new
        {
            activity = new
            {
                kind = "EmployerEncounter",
                title = hostile,
                date = "2027-01-01",
                providerIds = new[] { Sql },
                adviserId = Sql,
            },
        }, Ct);
        recorded.StatusCode.Should().Be(HttpStatusCode.Created, await recorded.Content.ReadAsStringAsync(Ct));
        var id = JsonDocument.Parse(await recorded.Content.ReadAsStringAsync(Ct)).RootElement.GetProperty("id").GetString()!;
        var read = await client.GetStringAsync($"/api/activities/{Uri.EscapeDataString(id)}", Ct);
        var details = JsonDocument.Parse(read).RootElement.GetProperty("details");

        details.GetProperty("title").GetString().Should().Be(hostile.Trim());
        details.GetProperty("adviserId").GetString().Should().Be(Sql);
        details.GetProperty("providerIds")[0].GetString().Should().Be(Sql);
        (await CountEventsAsync()).Should().BeGreaterThan(events, "es.events is still there and gained the recording");
    }

    [Fact]
    public async Task a_nul_character_in_a_reason_is_refused_or_stored_but_never_a_server_error()
    {
        var client = await Factory.SignedInAsync(Leader, Ct);
        var recorded = await client.PostAsJsonAsync(Activities, new { activity = new { kind = "EmployerEncounter", title = "NUL test", date = "2027-01-01" } }, Ct);
        var id = JsonDocument.Parse(await recorded.Content.ReadAsStringAsync(Ct)).RootElement.GetProperty("id").GetString()!;

        var title = await client.PostAsync(Activities, new StringContent(
            "{\"activity\": {\"kind\": \"EmployerEncounter\", \"title\": \"a\\u0000b\", \"date\": \"2027-01-01\"}}", Encoding.UTF8, "application/json"), Ct);
        var reason = await client.PostAsync($"/api/activities/{Uri.EscapeDataString(id)}/retraction", new StringContent(
            "{\"reason\": \"typed\\u0000in error\"}", Encoding.UTF8, "application/json"), Ct);

        ((int)title.StatusCode).Should().BeLessThan(500, "a NUL in a title");
        ((int)reason.StatusCode).Should().BeLessThan(500, "a NUL in a reason");
    }

    [Fact]
    public async Task hostile_ids_in_the_path_are_refused_not_run()
    {
        var client = await Factory.SignedInAsync(Leader, Ct);

        foreach (var path in new[] { $"/api/activities/{Uri.EscapeDataString(Sql)}", $"/api/activities/{Uri.EscapeDataString(new string('x', 8000))}",
            $"/api/schools/{Uri.EscapeDataString(Sql)}/report", $"/api/activities/{Uri.EscapeDataString(Sql)}/correction" })
        {
            var response = path.EndsWith("/correction", StringComparison.Ordinal)
                ? await client.PostAsJsonAsync(path, new { reason = "x" }, Ct)
                : await client.GetAsync(path, Ct);
            ((int)response.StatusCode).Should().BeInRange(400, 499, path);
        }
    }

    [Fact]
    public async Task an_oversized_body_is_refused_with_413_with_or_without_a_content_length()
    {
        var client = await Factory.SignedInAsync(Leader, Ct);
        var huge = "{\"activity\": {\"kind\": \"EmployerEncounter\", \"date\": \"2027-01-01\", \"title\": \"" + new string('A', 3 * 1024 * 1024) + "\"}}";

        var sized = await client.PostAsync(Activities, new StringContent(huge, Encoding.UTF8, "application/json"), Ct);
        var chunked = new StreamContent(new MemoryStream(Encoding.UTF8.GetBytes(huge)));
        chunked.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/json");
        using var request = new HttpRequestMessage(HttpMethod.Post, Activities) { Content = chunked };
        request.Headers.TransferEncodingChunked = true;
        var streamed = await client.SendAsync(request, Ct);
        var form = await client.PostAsync($"/schools/{Db.LltSchool}/record/activity", new FormUrlEncodedContent(
            new Dictionary<string, string>(StringComparer.Ordinal) { ["Input.Title"] = new string('A', 3 * 1024 * 1024) }), Ct);

        sized.StatusCode.Should().Be(HttpStatusCode.RequestEntityTooLarge);
        sized.Content.Headers.ContentType!.MediaType.Should().Be("application/problem+json");
        streamed.StatusCode.Should().Be(HttpStatusCode.RequestEntityTooLarge, "a chunked body is counted as it is read");
        form.StatusCode.Should().Be(HttpStatusCode.RequestEntityTooLarge, "forms are limited too");
    }

    [Fact]
    public async Task a_title_typed_as_a_spreadsheet_formula_comes_back_neutralised_in_the_csv_exports()
    {
        var leader = await Factory.SignedInAsync(Leader, Ct);
        var formula = $"=HYPERLINK(\"http://evil.invalid/{Guid.NewGuid():N}\",\"Open\")";
        var today = Db.Runtime.Clock.GetCurrentInstant().InZone(NodaTime.DateTimeZoneProviders.Tzdb["Europe/London"]).Date.ToString("yyyy-MM-dd", null);
        var recorded = await leader.PostAsJsonAsync(Activities, new { activity = new { kind = "EmployerEncounter", title = formula, date = today } }, Ct);
        recorded.StatusCode.Should().Be(HttpStatusCode.Created);
        await Db.Runtime.CatchUpAsync(Ct); // the timeline lists sealed events; the test host's ledger worker is off
        var officer = await Factory.SignedInAsync("officer-llt", Ct);

        var csv = await officer.GetStringAsync($"/schools/{Db.LltSchool}/evidence?handler=csv&from={today}&to={today}", Ct);

        csv.Should().Contain("HYPERLINK", "the recording is in the evidence timeline export");
        Regex.IsMatch(csv, "(?:^|,)\"?=HYPERLINK", RegexOptions.Multiline, TimeSpan.FromSeconds(1)).Should().BeFalse("no cell starts with '='");
        csv.Should().Contain("'=HYPERLINK", "the formula is kept as text behind an apostrophe");
    }

    private async Task<long> CountEventsAsync()
    {
        await using var command = Db.Runtime.App.CreateCommand("SELECT count(*) FROM es.events");
        return (long)(await command.ExecuteScalarAsync(Ct))!;
    }
}
