using Microsoft.Playwright;
using Npgsql;

namespace CareersCompliance.Web.IntegrationTests;

/// <summary>
/// Pupil search in real Chromium from each role's home: a careers leader finds their pupils by the start of a surname and
/// opens one; a director is told to use a UPN, then finds a pupil by it. Screenshots go to TestResults/screenshots/homes.
/// </summary>
[Collection(WebTests.Name)]
public sealed class PupilSearchBrowserTests(DemoDatabase db, InProcessHost host) : ChromiumHost(db, host)
{
    [Theory]
    [InlineData(1280)]
    [InlineData(320)]
    public async Task a_leader_finds_pupils_by_the_start_of_a_surname_from_the_header_and_opens_one(int width)
    {
        var pupil = await PupilSearchTests.PupilAtAsync(Db, Db.LltSchool, Ct);
        var prefix = pupil.Surname[..3];
        var expected = await CountAsync(Db.LltSchool, prefix);
        var page = await SignInAsync($"leader-{Db.LltSchool}", width);

        await OpenSearchAsync(page, width);
        await page.Locator("#q").FillAsync(prefix);
        await page.GetByRole(AriaRole.Button, new() { Name = "Search" }).ClickAsync();

        await Expect(page.Locator("#results-heading")).ToHaveTextAsync(expected == 1 ? "1 pupil found" : $"{expected} pupils found");
        await Expect(page.Locator("#results tbody tr")).ToHaveCountAsync(expected);
        await Expect(page.Locator("#results")).ToContainTextAsync($"{pupil.Forename} {pupil.Surname}");
        (await page.EvaluateAsync<int>("document.documentElement.scrollWidth")).Should().BeLessThanOrEqualTo(width);
        await ShotAsync(page, $"homes/leader-pupil-search-{width}");
        await page.GetByRole(AriaRole.Link, new() { Name = pupil.Upn }).ClickAsync();
        await Expect(page.Locator("#checks")).ToBeVisibleAsync();
        page.Url.Should().EndWith($"/schools/{Db.LltSchool}/pupils/{pupil.Id}");
        Problems.Should().BeEmpty();
    }

    [Fact]
    public async Task a_director_searching_by_name_is_told_to_use_a_upn_and_finds_a_trust_pupil_by_it()
    {
        var pupil = await PupilSearchTests.PupilAtAsync(Db, Db.LltOtherSchool, Ct);
        var page = await SignInAsync("director-llt");

        await OpenSearchAsync(page, 1280);
        await page.Locator("#q").FillAsync(pupil.Surname);
        await page.GetByRole(AriaRole.Button, new() { Name = "Search" }).ClickAsync();
        await Expect(page.Locator(".govuk-error-summary")).ToContainTextAsync("Enter a UPN");
        await Expect(page.Locator("#q-error")).ToContainTextAsync("you cannot search by name");
        await ShotAsync(page, "homes/director-pupil-search-by-name-1280");

        await page.Locator("#q").FillAsync(pupil.Upn);
        await page.GetByRole(AriaRole.Button, new() { Name = "Search" }).ClickAsync();
        await Expect(page.Locator("#results tbody tr")).ToHaveCountAsync(1);
        await Expect(page.Locator("#results")).ToContainTextAsync(Db.Directory.School(Db.LltOtherSchool)!.Name);
        await Expect(page.Locator("#results")).Not.ToContainTextAsync(pupil.Surname, new() { Timeout = 1000 });
        await ShotAsync(page, "homes/director-pupil-search-by-upn-1280");
        Problems.Should().BeEmpty();
    }

    private static async Task OpenSearchAsync(IPage page, int width)
    {
        Directory.CreateDirectory(DirectorHomeBrowserTests.HomeShots);
        if (width < 641)
        {
            // At phone widths the header folds its links behind the Menu button, as GOV.UK's service navigation does.
            await page.GetByRole(AriaRole.Button, new() { Name = "Menu" }).ClickAsync();
        }

        await page.GetByRole(AriaRole.Link, new() { Name = "Find a pupil" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync("Find a pupil");
    }

    /// <summary>Pupils of the school whose surname or forename starts with the prefix, counted straight from the register.</summary>
    private async Task<int> CountAsync(string urn, string prefix)
    {
        await using var cmd = Db.Runtime.App.CreateCommand(
            """
            SELECT count(*)::int FROM pii.pupils p JOIN rm.school_streams s ON s.stream_id = p.pupil_id AND s.stream_type = 'pupil'
             WHERE s.school_urn = $1 AND p.erased_at IS NULL AND (p.surname ILIKE $2 || '%' OR p.forename ILIKE $2 || '%')
            """);
        cmd.Parameters.Add(new NpgsqlParameter<string> { TypedValue = urn });
        cmd.Parameters.Add(new NpgsqlParameter<string> { TypedValue = prefix });
        return (int)(await cmd.ExecuteScalarAsync(Ct))!;
    }
}
