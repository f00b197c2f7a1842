using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;
using CareersCompliance.Application.Accounts;
using CareersCompliance.Application.Commands;
using CareersCompliance.Application.Evidence;
using CareersCompliance.Application.Recording;
using CareersCompliance.Domain.Activities;
using CareersCompliance.Domain.Common;
using CareersCompliance.EventStore;
using NodaTime;

namespace CareersCompliance.Web.IntegrationTests;

/// <summary>The recording forms, the command API, the audit search and the evidence downloads, per role, over the demo database.</summary>
[Collection(WebTests.Name)]
public sealed class RecordingTests(DemoDatabase db, SharedWebHost host) : SharedWebHostTests(db, host)
{
    private static readonly Regex YearRegister = new(
        "id=\"register-(?<y>\\d+)\">\\s*<input type=\"hidden\" name=\"Shown\" value=\"(?<shown>[^\"]+)\">(?<body>.*?)(?=id=\"register-|</form>)",
        RegexOptions.Singleline, TimeSpan.FromSeconds(1));
    private static readonly Regex AbsentInput = new("name=\"Absent\" type=\"checkbox\" value=\"(?<id>[0-9a-f-]{36})\"", RegexOptions.None, TimeSpan.FromSeconds(1));

    private string Leader => $"leader-{Db.LltSchool}";

    private string Today => Db.Runtime.Clock.GetCurrentInstant().InZone(DateTimeZoneProviders.Tzdb["Europe/London"]).Date.ToString("yyyy-MM-dd", null);

    [Theory]
    [InlineData("director-llt")]
    [InlineData("officer-llt")]
    [InlineData("inspector")]
    [InlineData("admin")]
    public async Task only_the_schools_careers_leader_may_open_the_recording_forms(string username)
    {
        var other = await Factory.SignedInAsync(username, Ct);
        var leader = await Factory.SignedInAsync(Leader, Ct);

        foreach (var path in new[] { "record/activity", "record/guidance", "referrals/new", "activities" })
        {
            (await other.GetAsync($"/schools/{Db.LltSchool}/{path}", Ct)).StatusCode.Should().Be(HttpStatusCode.Forbidden, $"{username} may not record ({path})");
            (await leader.GetAsync($"/schools/{Db.LltOtherSchool}/{path}", Ct)).StatusCode.Should().Be(HttpStatusCode.Forbidden, "a leader records for their own school only");
            (await leader.GetAsync($"/schools/{Db.LltSchool}/{path}", Ct)).StatusCode.Should().Be(HttpStatusCode.OK);
        }
    }

    [Fact]
    public async Task a_form_posted_without_the_antiforgery_token_is_refused()
    {
        var client = await Factory.SignedInAsync(Leader, Ct);

        var response = await client.PostAsync($"/schools/{Db.LltSchool}/record/activity", Form(("Input.Title", "No token")), Ct);

        response.StatusCode.Should().Be(HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task an_incomplete_activity_is_not_recorded_and_the_error_summary_says_what_to_fix()
    {
        var client = await Factory.SignedInAsync(Leader, Ct);
        var token = await CareersWebFactory.AntiforgeryTokenAsync(client, $"/schools/{Db.LltSchool}/record/activity", Ct);

        var response = await client.PostAsync($"/schools/{Db.LltSchool}/record/activity", Form(
            ("__RequestVerificationToken", token), ("Input.Day", "31"), ("Input.Month", "2"), ("Input.Year", "2026"), ("Input.StartTime", "10:00"), ("Input.EndTime", "9:00")), Ct);
        var html = WebUtility.HtmlDecode(await response.Content.ReadAsStringAsync(Ct));

        response.StatusCode.Should().Be(HttpStatusCode.OK);
        html.Should().Contain("There is a problem")
            .And.Contain("Select what kind of activity it was")
            .And.Contain("Enter a title")
            .And.Contain("The date of the activity must be a real date, for example 27 3 2027")
            .And.Contain("End time must be after the start time")
            .And.Contain("Select the year groups the activity was put on for");
    }

    [Fact]
    public async Task a_careers_leader_records_an_activity_for_a_whole_year_group_with_absentees_ticked()
    {
        var client = await Factory.SignedInAsync(Leader, Ct);
        var (token, year, pupils, shown) = await RegisterAsync(client);

        // Without JavaScript: one post with the year group ticked, its register's digest and the absentee, no second step.
        var response = await client.PostAsync($"/schools/{Db.LltSchool}/record/activity", Form(
            ("__RequestVerificationToken", token), ("Input.Kind", "EmployerEncounter"), ("Input.Title", "Engineering employer talk"),
            ("Input.Day", Today[8..]), ("Input.Month", Today[5..7]), ("Input.Year", Today[..4]), ("Input.DeliveryMode", "InPerson"),
            ("Input.YearGroups", year), ("Input.Checklist", "purpose"), ("Shown", shown), ("Absent", pupils[0])), Ct);

        response.StatusCode.Should().Be(HttpStatusCode.Redirect);
        var activityId = Regex.Match(response.Headers.Location!.ToString(), "activities/(?<id>WEB-[0-9A-F]+)", RegexOptions.None, TimeSpan.FromSeconds(1)).Groups["id"].Value;
        var slice = await Db.Runtime.Store.ReadStreamAsync(Streams.ActivityId(new ActivityId(activityId)), null, Ct);
        slice.Events.Should().HaveCount(pupils.Count + 1, "the activity and every pupil's mark are appended together");
        slice.Events.Select(e => e.Data).OfType<ActivityEvent.AttendanceRecorded>().Count(a => !a.Attended).Should().Be(1);
        slice.Events.Should().OnlyContain(e => e.Metadata.Source.Kind == SourceKind.Ui && e.Metadata.Actor.UserId == Leader);
    }

    [Fact]
    public async Task a_register_that_changed_since_the_form_showed_it_is_not_recorded_and_the_form_says_to_check_it()
    {
        var client = await Factory.SignedInAsync(Leader, Ct);
        var (token, year, pupils, _) = await RegisterAsync(client);

        var response = await client.PostAsync($"/schools/{Db.LltSchool}/record/activity", Form(
            ("__RequestVerificationToken", token), ("Input.Kind", "EmployerEncounter"), ("Input.Title", "Typed before a pupil joined"),
            ("Input.Day", Today[8..]), ("Input.Month", Today[5..7]), ("Input.Year", Today[..4]), ("Input.DeliveryMode", "InPerson"),
            ("Input.YearGroups", year), ("Shown", $"{year}:0000000000000000"), ("Absent", pupils[0])), Ct);
        var html = WebUtility.HtmlDecode(await response.Content.ReadAsStringAsync(Ct));

        response.StatusCode.Should().Be(HttpStatusCode.OK, "nothing is recorded against a register the person did not see");
        html.Should().Contain($"The register of Year {year} changed while you were recording")
            .And.Contain("value=\"Typed before a pupil joined\"", "what was typed is kept")
            .And.MatchRegex($"id=\"absent-{pupils[0]}\"[^>]*checked", "the absentee stays ticked");
    }

    [Fact]
    public async Task sending_a_recording_again_with_its_idempotency_key_answers_with_the_first_instead_of_recording_twice()
    {
        var client = await Factory.SignedInAsync(Leader, Ct);
        var key = Guid.NewGuid().ToString();

        async Task<HttpResponseMessage> SendAsync(string idempotencyKey)
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, $"/api/schools/{Db.LltSchool}/activities")
            {
                Content = JsonContent.Create(new { activity = Activity("Sent twice after a timeout") }),
            };
            request.Headers.Add("Idempotency-Key", idempotencyKey);
            return await client.SendAsync(request, Ct);
        }

        using var first = await SendAsync(key);
        using var again = await SendAsync(key);
        using var other = await SendAsync(Guid.NewGuid().ToString());
        var id = (await first.Content.ReadFromJsonAsync<JsonElement>(Ct)).GetProperty("id").GetString()!;

        first.StatusCode.Should().Be(HttpStatusCode.Created);
        again.StatusCode.Should().Be(HttpStatusCode.OK);
        (await again.Content.ReadFromJsonAsync<JsonElement>(Ct)).GetProperty("id").GetString().Should().Be(id);
        again.Headers.ETag!.Tag.Should().Be(first.Headers.ETag!.Tag, "nothing was appended the second time");
        other.StatusCode.Should().Be(HttpStatusCode.Created, "another key is another recording");
        (await client.PostAsync($"/api/schools/{Db.LltSchool}/activities", JsonContent.Create(new { activity = Activity("x") }), Ct)).StatusCode
            .Should().Be(HttpStatusCode.Created, "without a key every request records");
        (await Db.Runtime.Store.ReadStreamAsync(Streams.ActivityId(new ActivityId(id)), null, Ct)).Events.Should().ContainSingle();
    }

    [Fact]
    public async Task a_recording_counts_in_the_next_report_once_sealed_though_the_report_was_just_read()
    {
        var client = await Factory.SignedInAsync(Leader, Ct);
        (await client.GetStringAsync($"/api/schools/{Db.LltSchool}/pupils", Ct)).Should().NotBeEmpty("this read fills the report caches");

        var (_, year, pupils, _) = await RegisterAsync(client);
        var meaningful = new
        {
            kind = "EmployerEncounter",
            title = "Meaningful employer encounter",
            date = Today,
            yearGroups = new[] { int.Parse(year, CultureInfo.InvariantCulture) },
            checklist = new[] { "purpose", "outcomes", "two_way", "reflection" },
        };
        var recorded = await client.PostAsJsonAsync($"/api/schools/{Db.LltSchool}/activities",
            new { activity = meaningful, attendance = new[] { new { pupilId = pupils[0], attended = true } } }, Ct);
        recorded.StatusCode.Should().Be(HttpStatusCode.Created);
        var id = (await recorded.Content.ReadFromJsonAsync<JsonElement>(Ct)).GetProperty("id").GetString()!;
        // What the host's ledger worker does within milliseconds (this test host runs without it): seal and project.
        await Db.Runtime.CatchUpAsync(Ct);

        (await client.GetStringAsync($"/api/schools/{Db.LltSchool}/pupils", Ct)).Should().Contain(id, "the attending pupil's GB5 evidence names the new encounter");
    }

    [Fact]
    public async Task a_correction_without_a_reason_is_refused_with_a_message_and_a_retraction_with_one_is_recorded()
    {
        var client = await Factory.SignedInAsync(Leader, Ct);
        var (id, _) = await RecordByApiAsync(client);
        var path = $"/schools/{Db.LltSchool}/activities/{id}";
        var token = await CareersWebFactory.AntiforgeryTokenAsync(client, path + "/retract", Ct);

        var noReason = await client.PostAsync(path + "/retract", Form(("__RequestVerificationToken", token), ("Version", "2"), ("Reason", " ")), Ct);
        var retracted = await client.PostAsync(path + "/retract", Form(("__RequestVerificationToken", token), ("Version", "2"), ("Reason", "Entered twice")), Ct);

        WebUtility.HtmlDecode(await noReason.Content.ReadAsStringAsync(Ct)).Should().Contain("Enter why the activity should never have been recorded");
        retracted.StatusCode.Should().Be(HttpStatusCode.Redirect);
        (await client.GetStringAsync(path, Ct)).Should().Contain("This activity was retracted");
    }

    [Fact]
    public async Task the_api_returns_the_new_version_as_etag_and_answers_a_stale_if_match_with_412()
    {
        var client = await Factory.SignedInAsync(Leader, Ct);
        var (id, etag) = await RecordByApiAsync(client);

        var fresh = await SendAsync(client, $"/api/activities/{id}/correction", etag, new { activity = Activity("Careers fair (corrected)"), reason = "Title misspelt" });
        var stale = await SendAsync(client, $"/api/activities/{id}/correction", etag, new { activity = Activity("Careers fair again"), reason = "Second try" });

        fresh.StatusCode.Should().Be(HttpStatusCode.OK);
        fresh.Headers.ETag!.Tag.Should().Be("\"3\"");
        stale.StatusCode.Should().Be(HttpStatusCode.PreconditionFailed);
        (await ProblemTypeAsync(stale)).Should().Be("urn:careers-compliance:error:stale-version");
    }

    [Fact]
    public async Task register_marks_sent_at_the_same_moment_without_if_match_all_land()
    {
        var client = await Factory.SignedInAsync(Leader, Ct);
        var (_, _, pupils, _) = await RegisterAsync(client);
        var (id, _) = await RecordByApiAsync(client);
        // Why this many: each conflict means another of these marks landed, so every mark lands within its tries.
        var late = pupils.Skip(1).Take(RecordingRetries.OnConflict + 1).ToList();

        // Each request reads the same version; the command handler decides again on a conflict instead of answering 409.
        var responses = await Task.WhenAll(late.Select(p =>
            client.PostAsJsonAsync($"/api/activities/{id}/attendance", new { pupilId = p, attended = true }, Ct)));

        responses.Select(r => r.StatusCode).Should().AllSatisfy(s => s.Should().Be(HttpStatusCode.OK));
        var body = await client.GetFromJsonAsync<JsonElement>($"/api/activities/{id}", Ct);
        body.GetProperty("attendance").EnumerateArray().Select(a => a.GetProperty("pupilId").GetGuid().ToString()).Should().BeEquivalentTo(pupils.Take(late.Count + 1));
    }

    [Fact]
    public async Task the_api_writes_dates_as_iso_dates_and_ids_as_plain_strings()
    {
        var client = await Factory.SignedInAsync(Leader, Ct);
        var (id, _) = await RecordByApiAsync(client);

        var body = await client.GetFromJsonAsync<JsonElement>($"/api/activities/{id}", Ct);

        body.GetProperty("details").GetProperty("date").GetString().Should().Be(Today);
        body.GetProperty("schoolUrn").GetString().Should().Be(Db.LltSchool);
    }

    [Fact]
    public async Task a_curriculum_link_recorded_through_the_api_keeps_its_subject_department_and_an_overlong_one_is_refused()
    {
        var client = await Factory.SignedInAsync(Leader, Ct);
        var link = new { kind = "CurriculumLink", title = "Statistics at work", date = Today, yearGroups = new[] { 10 }, subject = " Maths " };

        var recorded = await client.PostAsJsonAsync($"/api/schools/{Db.LltSchool}/activities", new { activity = link }, Ct);
        var tooLong = await client.PostAsJsonAsync($"/api/schools/{Db.LltSchool}/activities", new { activity = link with { subject = new string('x', 101) } }, Ct);

        recorded.StatusCode.Should().Be(HttpStatusCode.Created);
        var id = (await recorded.Content.ReadFromJsonAsync<JsonElement>(Ct)).GetProperty("id").GetString();
        var body = await client.GetFromJsonAsync<JsonElement>($"/api/activities/{id}", Ct);
        body.GetProperty("details").GetProperty("subject").GetString().Should().Be("Maths");
        tooLong.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        (await tooLong.Content.ReadAsStringAsync(Ct)).Should().Contain("subject must be 100 characters or fewer");
    }

    [Fact]
    public async Task a_rule_violation_is_a_422_problem_typed_with_the_rule_code()
    {
        var client = await Factory.SignedInAsync(Leader, Ct);
        var (id, etag) = await RecordByApiAsync(client);

        var response = await SendAsync(client, $"/api/activities/{id}/retraction", etag, new { reason = "" });

        response.StatusCode.Should().Be(HttpStatusCode.UnprocessableEntity);
        response.Content.Headers.ContentType!.MediaType.Should().Be("application/problem+json");
        (await ProblemTypeAsync(response)).Should().Be("urn:careers-compliance:error:reason-required");
    }

    [Theory]
    [InlineData("officer-llt")]
    [InlineData("director-llt")]
    [InlineData("inspector")]
    public async Task the_command_api_refuses_everyone_but_the_schools_careers_leader(string username)
    {
        var client = await Factory.SignedInAsync(username, Ct);

        var response = await client.PostAsJsonAsync($"/api/schools/{Db.LltSchool}/activities", new { activity = Activity("Not mine") }, Ct);

        response.StatusCode.Should().Be(HttpStatusCode.Forbidden);
        (await ProblemTypeAsync(response)).Should().Be("urn:careers-compliance:error:forbidden");
    }

    [Fact]
    public async Task the_openapi_document_describes_the_command_endpoints()
    {
        var json = await Factory.Client().GetStringAsync("/openapi/v1.json", Ct);

        json.Should().Contain("/api/schools/{urn}/activities").And.Contain("/api/activities/{activityId}/correction").And.Contain("/api/referrals/{referralId}/triage");
    }

    [Fact]
    public async Task a_referral_goes_through_its_steps_and_a_step_out_of_order_is_422()
    {
        var client = await Factory.SignedInAsync(Leader, Ct);
        var (_, _, pupils, _) = await RegisterAsync(client);

        var raised = await client.PostAsJsonAsync($"/api/schools/{Db.LltSchool}/referrals", new { pupilId = pupils[0], source = "Parent", raisedOn = Today }, Ct);
        var referral = raised.Headers.Location!.ToString();
        var early = await SendAsync(client, referral + "/meeting", raised.Headers.ETag!.Tag, new { adviserId = "ADV-1", meetingOn = Today });
        var triaged = await SendAsync(client, referral + "/triage", raised.Headers.ETag!.Tag, new { priority = "Urgent", triagedOn = Today });

        raised.StatusCode.Should().Be(HttpStatusCode.Created);
        (await ProblemTypeAsync(early)).Should().Be("urn:careers-compliance:error:referral-not-triaged");
        triaged.StatusCode.Should().Be(HttpStatusCode.OK);
        (await client.GetStringAsync($"/schools/{Db.LltSchool}/referrals/{referral.Split('/')[^1]}", Ct)).Should().Contain("Triaged: book the meeting next");
    }

    [Fact]
    public async Task a_compliance_officer_searches_the_audit_trail_and_the_search_is_in_the_access_log()
    {
        var leader = await Factory.SignedInAsync(Leader, Ct);
        var (id, _) = await RecordByApiAsync(leader);
        await Db.Runtime.CatchUpAsync(Ct);
        var officer = await Factory.SignedInAsync("officer-llt", Ct);

        // Why activity_recorded: the results come in ledger order, 50 a page, and the leader's other tests' registers
        // (an attendance event per pupil) would push this activity's attendance off the first page.
        var html = await officer.GetStringAsync($"/audit?school={Db.LltSchool}&actor={Leader}&eventType=activity_recorded", Ct);
        var csv = await officer.GetAsync($"/audit?handler=Csv&school={Db.LltSchool}&actor={Leader}&eventType=attendance_recorded", Ct);
        var attendance = await officer.GetStringAsync($"/audit?school={Db.LltSchool}&actor={Leader}&eventType=attendance_recorded", Ct);

        html.Should().Contain("audit-results").And.Contain(id);
        attendance.Should().Contain("audit-results", "a search that shows pupils' attendance is logged below");
        csv.Content.Headers.ContentType!.MediaType.Should().Be("text/csv");
        (await csv.Content.ReadAsStringAsync(Ct)).Should().Contain(id);
        var logged = await new AccessLog(Db.Runtime.App).QueryAsync(new AccessLogFilter(Username: "officer-llt"), Ct);
        logged.Should().Contain(e => e.Resource == "audit search").And.Contain(e => e.Resource == "audit CSV export" && e.Action == AccessLog.Export);
    }

    [Theory]
    [InlineData("director-llt")]
    [InlineData("inspector")]
    public async Task the_audit_search_is_refused_to_those_who_do_not_audit(string username)
    {
        var client = await Factory.SignedInAsync(username, Ct);

        (await client.GetAsync("/audit", Ct)).StatusCode.Should().Be(HttpStatusCode.Forbidden);
    }

    [Fact]
    public async Task an_officer_may_not_search_a_school_outside_their_trust()
    {
        var client = await Factory.SignedInAsync("officer-llt", Ct);

        var html = WebUtility.HtmlDecode(await client.GetStringAsync($"/audit?school={Db.JtmatSchool}", Ct));

        html.Should().Contain("Select one of your schools").And.NotContain("audit-results");
    }

    [Fact]
    public async Task the_inspectors_pdf_and_csv_carry_a_seal_that_matches_their_content_and_the_ledger_head()
    {
        var client = await Factory.SignedInAsync("inspector", Ct);

        var pdf = await client.GetByteArrayAsync($"/schools/{Db.InspectedSchool}/evidence?handler=Pdf", Ct);
        var csv = await client.GetByteArrayAsync($"/schools/{Db.InspectedSchool}/evidence?handler=Csv", Ct);
        var other = Db.Directory.Schools.First(s => !string.Equals(s.Urn, Db.InspectedSchool, StringComparison.Ordinal)).Urn;

        System.Text.Encoding.ASCII.GetString(pdf, 0, 8).Should().StartWith("%PDF-1.7", "PDFsharp writes PDF 1.7");
        ExportSeal.Read(pdf)!.DigestMatches.Should().BeTrue();
        var seal = ExportSeal.Read(csv)!;
        seal.DigestMatches.Should().BeTrue();
        seal.Anchor.HeadPosition.Should().BeGreaterThan(0);
        csv[10] ^= 1;
        ExportSeal.Read(csv)!.DigestMatches.Should().BeFalse("a changed byte breaks the seal");
        (await client.GetAsync($"/schools/{other}/evidence?handler=Pdf", Ct)).StatusCode.Should().Be(HttpStatusCode.Forbidden);
        var logged = await new AccessLog(Db.Runtime.App).QueryAsync(new AccessLogFilter(Username: "inspector"), Ct);
        logged.Should().Contain(e => e.Resource == "evidence timeline PDF");
    }

    [Fact]
    public async Task the_evidence_timeline_names_guidance_pupils_by_pseudonym_for_an_inspector_and_by_upn_for_the_trusts_officer()
    {
        var inspector = await Factory.SignedInAsync("inspector", Ct);
        var admin = await Factory.SignedInAsync("admin", Ct);

        var pseudonymised = System.Text.Encoding.UTF8.GetString(await inspector.GetByteArrayAsync($"/schools/{Db.InspectedSchool}/evidence?handler=Csv", Ct));
        var identified = System.Text.Encoding.UTF8.GetString(await admin.GetByteArrayAsync($"/schools/{Db.InspectedSchool}/evidence?handler=Csv", Ct));

        var guidance = new Regex("guidance_meeting,[^,]*,\"[^\"]*\",(?<pupil>[^,]+),", RegexOptions.None, TimeSpan.FromSeconds(1));
        guidance.Matches(pseudonymised).Should().NotBeEmpty("the demo school has guidance meetings in the grant's period")
            .And.OnlyContain(m => Regex.IsMatch(m.Groups["pupil"].Value, "P-[A-Z2-9]{8}$", RegexOptions.None, TimeSpan.FromSeconds(1)));
        guidance.Matches(identified).Should().OnlyContain(m => !m.Groups["pupil"].Value.Contains("P-", StringComparison.Ordinal));
        var logged = await new AccessLog(Db.Runtime.App).QueryAsync(new AccessLogFilter(Username: "inspector"), Ct);
        logged.Should().Contain(e => e.Resource == "evidence timeline CSV" && e.PupilCount > 0);
    }

    /// <summary>The recording form's first year group with pupils on roll: its register's pupils and the digest the form posts back.</summary>
    private async Task<(string Token, string Year, List<string> Pupils, string Shown)> RegisterAsync(HttpClient client)
    {
        var html = await client.GetStringAsync($"/schools/{Db.LltSchool}/record/activity", Ct);
        var token = Regex.Match(html, "name=\"__RequestVerificationToken\" type=\"hidden\" value=\"(?<t>[^\"]+)\"", RegexOptions.None, TimeSpan.FromSeconds(1)).Groups["t"].Value;
        var register = YearRegister.Matches(html).First(m => AbsentInput.IsMatch(m.Groups["body"].Value));
        var pupils = AbsentInput.Matches(register.Groups["body"].Value).Select(m => m.Groups["id"].Value).ToList();
        return (token, register.Groups["y"].Value, pupils, register.Groups["shown"].Value);
    }

    private async Task<(string Id, string ETag)> RecordByApiAsync(HttpClient client)
    {
        var (_, _, pupils, _) = await RegisterAsync(client);
        var response = await client.PostAsJsonAsync($"/api/schools/{Db.LltSchool}/activities",
            new { activity = Activity("Careers fair"), attendance = new[] { new { pupilId = pupils[0], attended = true } } }, Ct);
        response.StatusCode.Should().Be(HttpStatusCode.Created);
        var body = await response.Content.ReadFromJsonAsync<JsonElement>(Ct);
        return (body.GetProperty("id").GetString()!, response.Headers.ETag!.Tag);
    }

    private object Activity(string title) => new { kind = "EmployerEncounter", title, date = Today, yearGroups = new[] { 10 }, checklist = new[] { "purpose", "two_way" } };

    private static async Task<HttpResponseMessage> SendAsync(HttpClient client, string path, string etag, object body)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = JsonContent.Create(body) };
        request.Headers.TryAddWithoutValidation("If-Match", etag);
        return await client.SendAsync(request, Ct);
    }

    private static async Task<string?> ProblemTypeAsync(HttpResponseMessage response) =>
        (await response.Content.ReadFromJsonAsync<JsonElement>(Ct)).GetProperty("type").GetString();

    private static FormUrlEncodedContent Form(params (string Key, string Value)[] fields) =>
        new(fields.Select(f => new KeyValuePair<string, string>(f.Key, f.Value)));
}
