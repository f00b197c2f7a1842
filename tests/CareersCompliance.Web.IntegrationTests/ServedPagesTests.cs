using System.IO.Compression;
using System.Net;
using System.Text.Json;
using CareersCompliance.Application.Accounts;
using Microsoft.Playwright;

namespace CareersCompliance.Web.IntegrationTests;

/// <summary>
/// What a person sees of the pages as ops/demo serves them (<see cref="ServedHost"/>): styled by GOV.UK Frontend, every
/// stylesheet and script served whole whatever the browser accepts, no page wider than the window, wide tables in labelled
/// scroll regions, dates as day, month and year.
/// </summary>
[Collection(WebTests.Name)]
public sealed class ServedPagesTests(DemoDatabase db, ServedHost host) : IClassFixture<ServedHost>
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task every_stylesheet_and_script_a_page_links_is_served_whole_and_gov_uk_frontend_styles_the_page()
    {
        var anonymous = await host.Browser.NewPageAsync();
        await anonymous.GotoAsync($"{host.BaseUrl}/Account/Login");
        var officer = await host.SignedInPageAsync("officer-llt");
        var assets = new SortedSet<string>(StringComparer.Ordinal);
        foreach (var (page, path) in new[] { (anonymous, "/Account/Login"), (officer, "/"), (officer, "/audit"), (officer, "/access-log") })
        {
            await page.GotoAsync(host.BaseUrl + path);
            var header = await page.EvaluateAsync<string>("getComputedStyle(document.querySelector('.govuk-generic-header')).backgroundColor");
            header.Should().Be("rgb(11, 12, 12)", $"GOV.UK Frontend's header is near-black on {path}, not unstyled");
            foreach (var url in await page.EvaluateAsync<string[]>(
                "[...document.querySelectorAll('link[rel=stylesheet]')].map(l => l.href).concat([...document.querySelectorAll('script[src]')].map(s => s.src))"))
            {
                assets.Add(url);
            }
        }

        assets.Should().HaveCountGreaterThanOrEqualTo(3, "the layout links GOV.UK Frontend's stylesheet, ours and our script");
        using var client = new HttpClient(new HttpClientHandler { AutomaticDecompression = DecompressionMethods.None });
        foreach (var url in assets)
        {
            foreach (var encoding in new[] { "gzip, deflate, br", "identity" })
            {
                using var request = new HttpRequestMessage(HttpMethod.Get, url);
                request.Headers.TryAddWithoutValidation("Accept-Encoding", encoding);
                using var response = await client.SendAsync(request, Ct);
                var body = await BodyAsync(response);
                response.StatusCode.Should().Be(HttpStatusCode.OK, $"{url} under Accept-Encoding: {encoding}");
                response.Content.Headers.ContentType?.MediaType.Should().Be(url.EndsWith(".css", StringComparison.Ordinal) ? "text/css" : "text/javascript", url);
                body.Should().Contain(url.EndsWith(".css", StringComparison.Ordinal) ? "{" : "import", $"{url} arrives whole under Accept-Encoding: {encoding}");
            }
        }
    }

    [Theory]
    [InlineData(390)]
    [InlineData(1280)]
    public async Task no_page_is_wider_than_the_window_and_wide_tables_scroll_in_labelled_regions(int width)
    {
        var admin = await host.SignedInPageAsync("admin", width);
        Directory.CreateDirectory(BrowserTests.Screenshots);
        foreach (var (name, path) in new[]
        {
            ("timeline", $"/schools/{db.InspectedSchool}/evidence"),
            ("audit", $"/audit?school={db.LltSchool}"),
            ("access-log", "/access-log"),
            ("school", $"/schools/{db.LltSchool}"),
        })
        {
            await admin.GotoAsync(host.BaseUrl + path);
            await Expect(admin.Locator("main table").First).ToBeVisibleAsync();
            await admin.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(BrowserTests.Screenshots, $"{name}-{width}.png"), FullPage = true });

            var pageWidth = await admin.EvaluateAsync<int>("document.documentElement.scrollWidth");
            pageWidth.Should().BeLessThanOrEqualTo(width, $"{path} fits a {width} px window");
            var overflowing = await admin.EvaluateAsync<string[]>(
                "[...document.querySelectorAll('main table')].filter(t => t.scrollWidth > t.parentElement.clientWidth + 1 && !t.closest('[role=region][tabindex=\"0\"][aria-label]')).map(t => t.id)");
            overflowing.Should().BeEmpty($"a table wider than its box on {path} scrolls in a focusable, named region");
            var regions = JsonSerializer.Deserialize<Region[]>(await admin.EvaluateAsync<string>(
                "JSON.stringify([...document.querySelectorAll('.careers-table-scroll')].map(r => ({ tabIndex: r.getAttribute('tabindex'), role: r.getAttribute('role'), name: r.getAttribute('aria-label') })))"),
                Json)!;
            regions.Should().AllSatisfy(r => r.Should().Be(new Region("0", "region", r.Name)).And.Match<Region>(x => !string.IsNullOrWhiteSpace(x.Name)), path);
        }
    }

    [Fact]
    public async Task at_desktop_width_the_timeline_audit_trail_pupil_and_access_log_tables_fit_their_box()
    {
        var admin = await host.SignedInPageAsync("admin", 1280);
        foreach (var (path, table) in new[]
        {
            ($"/schools/{db.InspectedSchool}/evidence", "#evidence"),
            ($"/audit?school={db.LltSchool}", "#audit-results"),
            ($"/schools/{db.LltSchool}", "#at-risk-table"),
            ("/access-log", "#access-log"),
        })
        {
            await admin.GotoAsync(host.BaseUrl + path);
            var sizes = await admin.EvaluateAsync<int[]>($"(t => [t.scrollWidth, t.closest('main').clientWidth])(document.querySelector('{table}'))");
            sizes[0].Should().BeLessThanOrEqualTo(sizes[1], $"{table} on {path} shows the columns a person needs first and wraps the rest");
        }
    }

    [Fact]
    public async Task an_access_log_entry_with_long_unbroken_values_wraps_in_its_cells_so_the_table_fits_at_desktop_and_the_page_at_phone_width()
    {
        // As an audit search for one pupil with every filter set writes it: one query string, no spaces; the pupil shown by
        // id; a username that is an email address (usernames may hold . _ @ -).
        var user = "careers.leader.lydiate.high.school@lydiate-learning-trust.example.org";
        var detail = $"school={db.LltSchool}&upn=A123456789012&eventType=attendance_recorded&from=2024-09-01&to=2026-07-20&file="
            + string.Concat(Enumerable.Repeat("spring-term-register-export_", 6)) + "final.csv";
        await new AccessLog(db.Runtime.App).WriteAsync(
            new AccessRecord(null, user, "compliance-officer", AccessLog.Export, "audit CSV export", db.LltSchool, "LLT", [Guid.CreateVersion7()], 1, detail), Ct);
        var admin = await host.SignedInPageAsync("admin", 1280);
        await admin.GotoAsync($"{host.BaseUrl}/access-log?user={Uri.EscapeDataString(user)}");
        await Expect(admin.Locator("#access-log tbody tr")).ToHaveCountAsync(1);
        await Expect(admin.Locator("#access-log")).ToContainTextAsync("final.csv");
        await admin.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(BrowserTests.Screenshots, "access-log-long-values-1280.png"), FullPage = true });

        var sizes = await admin.EvaluateAsync<int[]>("(t => [t.scrollWidth, t.closest('main').clientWidth])(document.querySelector('#access-log'))");
        sizes[0].Should().BeLessThanOrEqualTo(sizes[1], "the long values wrap inside their cells at 1280 px");
        await admin.SetViewportSizeAsync(390, 900);
        await admin.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(BrowserTests.Screenshots, "access-log-long-values-390.png"), FullPage = true });
        (await admin.EvaluateAsync<int>("document.documentElement.scrollWidth")).Should().BeLessThanOrEqualTo(390, "the page does not scroll sideways on a phone");
    }

    [Fact]
    public async Task date_filters_are_day_month_and_year_and_the_access_log_is_one_form()
    {
        var officer = await host.SignedInPageAsync("officer-llt");
        foreach (var (path, dates) in new[] { ($"/schools/{db.LltSchool}/evidence", 2), ("/audit", 3), ("/access-log", 1) })
        {
            await officer.GotoAsync(host.BaseUrl + path);
            await Expect(officer.Locator("input[type=date]")).ToHaveCountAsync(0);
            await Expect(officer.Locator("main .govuk-date-input")).ToHaveCountAsync(dates);
            await Expect(officer.Locator("form form")).ToHaveCountAsync(0);
        }

        await Expect(officer.Locator("main legend")).ToHaveTextAsync("Entries up to");
        await officer.Locator("#to-day").FillAsync("1");
        await officer.Locator("#to-month").FillAsync("1");
        await officer.Locator("#to-year").FillAsync("2000");
        await officer.Locator("#user").FillAsync("officer-llt");
        await officer.GetByRole(AriaRole.Button, new() { Name = "Search", Exact = true }).ClickAsync();
        officer.Url.Should().Contain("user=officer-llt").And.Contain("to-year=2000", "one form sends the filters and the date together");
        await Expect(officer.Locator("#access-log tbody tr")).ToHaveCountAsync(0);
    }

    [Fact]
    public async Task the_audit_trail_offers_event_types_by_name_and_shows_one_row_per_activity_register()
    {
        var officer = await host.SignedInPageAsync("officer-llt");
        await officer.GotoAsync($"{host.BaseUrl}/audit");
        await officer.Locator("#school").SelectOptionAsync(db.LltSchool);
        await officer.Locator("#event-type").SelectOptionAsync(new SelectOptionValue { Label = "Attendance recorded" });
        await officer.GetByRole(AriaRole.Button, new() { Name = "Search", Exact = true }).ClickAsync();

        var rows = officer.Locator("#audit-results > tbody > tr");
        await Expect(rows.First).ToContainTextAsync("Attendance recorded");
        var activities = await rows.EvaluateAllAsync<string[]>("rows => rows.map(r => r.dataset.activity)");
        activities.Should().OnlyHaveUniqueItems("one row per activity's register, not one per pupil").And.NotContainNulls();
        await Expect(rows.First).ToContainTextAsync(new System.Text.RegularExpressions.Regex(@"\d+ pupils", System.Text.RegularExpressions.RegexOptions.None, TimeSpan.FromSeconds(1)));
        await rows.First.Locator("summary").ClickAsync();
        await Expect(rows.First.Locator("details li").First).ToBeVisibleAsync();
    }

    private static async Task<string> BodyAsync(HttpResponseMessage response)
    {
        var raw = await response.Content.ReadAsStreamAsync(Ct);
        Stream decoded = response.Content.Headers.ContentEncoding.FirstOrDefault() switch
        {
            "gzip" => new GZipStream(raw, CompressionMode.Decompress),
            "br" => new BrotliStream(raw, CompressionMode.Decompress),
            "deflate" => new ZLibStream(raw, CompressionMode.Decompress),
            _ => raw,
        };
        await using (decoded)
        {
            using var reader = new StreamReader(decoded);
            return await reader.ReadToEndAsync(Ct);
        }
    }

    private static ILocatorAssertions Expect(ILocator locator) => Assertions.Expect(locator);

    private sealed record Region(string? TabIndex, string? Role, string? Name);
}
