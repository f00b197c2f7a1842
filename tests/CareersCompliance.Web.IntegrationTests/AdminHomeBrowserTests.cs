using System.Globalization;
using System.Net;
using CareersCompliance.Application.Accounts;
using Microsoft.Playwright;

namespace CareersCompliance.Web.IntegrationTests;

/// <summary>
/// The administrator's home in real Chromium (issue 15 part 5): from their home an administrator creates an account and
/// the new person signs in with the password shown once; disables, enables, resets, re-scopes an account and issues and
/// revokes its API token; grants an inspector access to a school and revokes it; each change appears in the change table
/// with the administrator as its actor; a careers leader is refused. Screenshots go to TestResults/screenshots/admin.
/// </summary>
[Collection(WebTests.Name)]
public sealed class AdminHomeBrowserTests(DemoDatabase db, InProcessHost host) : ChromiumHost(db, host)
{
    private static async Task AdminShotAsync(IPage page, string name)
    {
        Directory.CreateDirectory(Path.Combine(BrowserTests.Screenshots, "admin"));
        await ShotAsync(page, "admin/" + name);
    }

    private static string NewName(string prefix) => $"{prefix}-{Guid.NewGuid():N}"[..20];

    private HttpClient NewClient() => new(new HttpClientHandler { AllowAutoRedirect = false, CookieContainer = new() }) { BaseAddress = new Uri(BaseUrl) };

    private static ILocator FirstChange(IPage page) => page.Locator("#changes-table tbody tr").First;

    [Fact]
    public async Task an_administrator_creates_an_account_from_their_home_and_the_person_signs_in_with_the_password_shown_once()
    {
        var page = await SignInAsync("admin");
        var name = NewName("leader");

        page.Url.Should().EndWith("/admin");
        await Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync("Administration");
        await Expect(page.Locator("#accounts-table tr[data-username='director-llt']")).ToContainTextAsync("Trust director");
        await Expect(page.Locator("#grants-table")).ToContainTextAsync("inspector");
        await AdminShotAsync(page, "admin-home-1280");

        await page.GetByRole(AriaRole.Button, new() { Name = "Create an account" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync("Create an account");
        await page.GetByLabel("Username").FillAsync(name);
        await page.GetByLabel("Name shown in the application").FillAsync("New careers leader");
        await page.GetByLabel("Careers leader", new() { Exact = true }).CheckAsync();
        await page.GetByLabel("School", new() { Exact = true }).SelectOptionAsync(Db.LltSchool);
        await AdminShotAsync(page, "admin-create-account-filled-1280");
        await page.GetByRole(AriaRole.Button, new() { Name = "Create account" }).ClickAsync();

        await Expect(page.Locator("#created-panel")).ToContainTextAsync("Account created");
        var password = await page.Locator("#new-password").InnerTextAsync();
        password.Should().NotBeNullOrWhiteSpace();
        await Expect(page.Locator("#created-summary")).ToContainTextAsync($"({Db.LltSchool})");
        await AdminShotAsync(page, "admin-account-created-1280");

        var person = NewClient();
        var signIn = await CareersWebFactory.SignInAsync(person, name, password, Ct);
        signIn.StatusCode.Should().Be(HttpStatusCode.Redirect, "the new account signs in with the password shown");
        (await person.GetAsync("/", Ct)).Headers.Location!.ToString().Should().Be($"/schools/{Db.LltSchool}", "a careers leader's home is their school");

        await page.GotoAsync($"{BaseUrl}/admin");
        var row = page.Locator($"#accounts-table tr[data-username='{name}']");
        await Expect(row).ToContainTextAsync("Careers leader");
        await Expect(row).ToContainTextAsync("Active");
        await Expect(row).Not.ToContainTextAsync("Never");
        await Expect(FirstChange(page)).ToContainTextAsync("Account created");
        await Expect(FirstChange(page)).ToContainTextAsync("admin");
        await Expect(FirstChange(page)).ToContainTextAsync(name);
        await page.GotoAsync($"{BaseUrl}/admin/accounts/{name}");
        await Expect(page.Locator("#new-password")).ToHaveCountAsync(0);
        (await page.ContentAsync()).Should().NotContain(password, "the password is shown once, on the page that answered its creation");
        Problems.Should().BeEmpty();
    }

    [Fact]
    public async Task an_administrator_disables_enables_resets_and_rescopes_an_account_and_issues_and_revokes_its_token()
    {
        var name = NewName("director");
        await Db.Accounts.AddAsync(name, "Director to manage", AccountRole.TrustDirector, AccountScope.Trust("LLT"), PasswordHashing.Generate(), "tests", Ct);
        var page = await SignInAsync("admin");
        await page.Locator($"#accounts-table a[href='/admin/accounts/{name}']").ClickAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync(name);

        await page.GetByRole(AriaRole.Button, new() { Name = "Disable account" }).ClickAsync();
        await Expect(page.Locator("#done-banner")).ToContainTextAsync("Account disabled");
        await Expect(page.Locator("#summary-status")).ToContainTextAsync("Disabled");
        await Expect(FirstChange(page)).ToContainTextAsync("Account disabled");
        (await Db.Accounts.FindAsync(name, Ct))!.Disabled.Should().BeTrue();
        await page.GetByRole(AriaRole.Button, new() { Name = "Enable account" }).ClickAsync();
        await Expect(page.Locator("#summary-status")).ToContainTextAsync("Active");

        await page.GetByRole(AriaRole.Button, new() { Name = "Reset password" }).ClickAsync();
        await Expect(page.Locator("#password-panel")).ToContainTextAsync("Password reset");
        var password = await page.Locator("#new-password").InnerTextAsync();
        (await CareersWebFactory.SignInAsync(NewClient(), name, password, Ct)).StatusCode.Should().Be(HttpStatusCode.Redirect, "the new password works");
        await AdminShotAsync(page, "admin-password-reset-1280");

        await page.GetByLabel("Compliance officer", new() { Exact = true }).CheckAsync();
        await page.GetByLabel("Trust", new() { Exact = true }).SelectOptionAsync("");
        await page.GetByLabel("School", new() { Exact = true }).SelectOptionAsync(Db.LltSchool);
        await page.GetByRole(AriaRole.Button, new() { Name = "Change role and scope" }).ClickAsync();
        await Expect(page.Locator("#done-banner")).ToContainTextAsync("Role and scope changed");
        await Expect(page.Locator("#summary-role")).ToHaveTextAsync("Compliance officer");
        await Expect(page.Locator("#summary-scope")).ToContainTextAsync(Db.LltSchool);
        await Expect(FirstChange(page)).ToContainTextAsync("was trust-director, trust LLT");

        await IssueAndRevokeTokenAsync(page, name);

        var actions = await page.Locator("#changes-table tbody tr td:nth-child(3)").AllInnerTextsAsync();
        actions.Select(a => a.Split('\n')[0].Trim()).Take(7).Should().Equal(
            "API token revoked", "API token issued", "Role or scope changed", "Password reset", "Account enabled", "Account disabled", "Account created");
        (await page.Locator("#changes-table tbody tr td:nth-child(2)").AllInnerTextsAsync()).Take(6).Should().OnlyContain(a => a == "admin");
        await AdminShotAsync(page, "admin-account-changes-1280");
        Problems.Should().BeEmpty();
    }

    /// <summary>Issues a token on the account's page, checks the one shown works, revokes it and checks it no longer does.</summary>
    private async Task IssueAndRevokeTokenAsync(IPage page, string name)
    {
        await page.GetByLabel("What the token is for").FillAsync("nightly export");
        await page.GetByLabel("Days until it expires").FillAsync("30");
        await page.GetByRole(AriaRole.Button, new() { Name = "Issue token" }).ClickAsync();
        var token = await page.Locator("#new-token").InnerTextAsync();
        token.Should().StartWith("cct_");
        (await Db.Accounts.AuthenticateTokenAsync(token, Ct))!.Username.Should().Be(name, "the token shown works");
        await Expect(page.Locator("#tokens-table")).ToContainTextAsync("nightly export");
        await AdminShotAsync(page, "admin-token-issued-1280");
        await page.GetByRole(AriaRole.Button, new() { Name = "Revoke token nightly export" }).ClickAsync();
        await Expect(page.Locator("#done-banner")).ToContainTextAsync("API token revoked");
        await Expect(page.Locator("#tokens-table")).ToContainTextAsync("Revoked");
        (await Db.Accounts.AuthenticateTokenAsync(token, Ct)).Should().BeNull("a revoked token no longer works");
    }

    [Fact]
    public async Task an_administrator_grants_an_inspector_access_to_a_school_after_fixing_the_form_and_revokes_it()
    {
        var inspector = NewName("inspector");
        await Db.Accounts.AddAsync(inspector, "Visiting inspector", AccountRole.Inspector, AccountScope.None, PasswordHashing.Generate(), "tests", Ct);
        var page = await SignInAsync("admin");
        var today = Db.Runtime.Clock.GetCurrentInstant().InZone(NodaTime.DateTimeZoneProviders.Tzdb["Europe/London"]).Date;
        var inv = CultureInfo.InvariantCulture;

        await page.GetByRole(AriaRole.Button, new() { Name = "Grant an inspector access" }).ClickAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Grant access" }).ClickAsync();
        var summary = page.Locator(".govuk-error-summary");
        await Expect(summary).ToContainTextAsync("Select the inspector");
        await Expect(summary).ToContainTextAsync("Select the school the inspector may read");
        await Expect(summary).ToContainTextAsync("Enter the first day of the period");
        await Expect(summary).ToContainTextAsync("Enter the day access ends");
        await Expect(summary).ToContainTextAsync("Select whether the inspector sees pupils pseudonymised or identified");
        await AdminShotAsync(page, "admin-grant-errors-1280");

        await page.GetByLabel("Inspector", new() { Exact = true }).SelectOptionAsync(inspector);
        await page.GetByLabel("School", new() { Exact = true }).SelectOptionAsync(Db.LltOtherSchool);
        async Task DateAsync(string id, NodaTime.LocalDate date)
        {
            await page.Locator($"#{id}-day").FillAsync(date.Day.ToString(inv));
            await page.Locator($"#{id}-month").FillAsync(date.Month.ToString(inv));
            await page.Locator($"#{id}-year").FillAsync(date.Year.ToString(inv));
        }

        await DateAsync("period-from", today.PlusMonths(-3));
        await DateAsync("period-to", today);
        await DateAsync("expires", today.PlusDays(14));
        await page.GetByLabel("Identified: names and UPNs").CheckAsync();
        await page.GetByLabel("Purpose (optional)").FillAsync("Ofsted inspection");
        await page.GetByRole(AriaRole.Button, new() { Name = "Grant access" }).ClickAsync();

        await Expect(page.Locator("#done-banner")).ToContainTextAsync("Inspector access granted");
        var row = page.Locator("#grants-table tbody tr", new() { HasText = inspector });
        await Expect(row).ToContainTextAsync(Db.LltOtherSchool);
        await Expect(row).ToContainTextAsync("Identified");
        await Expect(row).ToContainTextAsync("In force");
        await Expect(FirstChange(page)).ToContainTextAsync("Inspector access granted");
        await Expect(FirstChange(page)).ToContainTextAsync("purpose: Ofsted inspection");
        var grant = (await Db.Accounts.ActiveGrantsAsync((await Db.Accounts.FindAsync(inspector, Ct))!.AccountId, Ct)).Single();
        grant.ExpiresAt.Should().Be(today.PlusDays(15).AtStartOfDayInZone(NodaTime.DateTimeZoneProviders.Tzdb["Europe/London"]).ToInstant(), "access ends at the end of the chosen day");
        await AdminShotAsync(page, "admin-grant-created-1280");

        await row.GetByRole(AriaRole.Button).ClickAsync();
        await Expect(page.Locator("#done-banner")).ToContainTextAsync("Inspector access revoked");
        await Expect(page.Locator("#grants-table tbody tr", new() { HasText = inspector })).ToContainTextAsync("Revoked");
        (await Db.Accounts.ActiveGrantsAsync(grant.AccountId, Ct)).Should().BeEmpty();
        Problems.Should().BeEmpty();
    }

    [Fact]
    public async Task at_320_px_the_administration_pages_fit_the_screen_and_a_careers_leader_is_refused_them()
    {
        var page = await SignInAsync("admin", 320);
        foreach (var (path, shot) in new[]
        {
            ("/admin", "admin-home-320"),
            ("/admin/accounts/new", "admin-create-account-320"),
            ("/admin/accounts/inspector", "admin-account-320"),
            ("/admin/grants/new", "admin-grant-320"),
        })
        {
            (await page.GotoAsync(BaseUrl + path))!.Status.Should().Be(200);
            await AdminShotAsync(page, shot);
            var wide = await page.EvaluateAsync<string>(
                "() => [...document.querySelectorAll('body *')].filter(e => e.getBoundingClientRect().right > 321 && !e.closest('.careers-table-scroll')).slice(0, 5).map(e => e.tagName + '#' + e.id + '.' + e.className).join(', ')");
            (await page.EvaluateAsync<int>("document.documentElement.scrollWidth")).Should().BeLessThanOrEqualTo(320, $"{path} does not scroll sideways ({wide})");
        }

        var leader = await SignInAsync($"leader-{Db.LltSchool}");
        (await leader.GotoAsync($"{BaseUrl}/admin"))!.Status.Should().Be(403);
        await AdminShotAsync(leader, "leader-refused-admin-1280");
        Problems.Should().BeEmpty();
    }
}
