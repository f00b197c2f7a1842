using System.Net;
using CareersCompliance.Application.Accounts;
using Npgsql;

namespace CareersCompliance.Web.IntegrationTests;

/// <summary>
/// Issue 15 part 5 over HTTP and on the database: only an administrator may open or post the administration pages; bad
/// input is answered with what to fix and writes nothing; and every change the one <see cref="AccountService"/> makes, for
/// the web or the command line, is recorded with its actor in app.account_changes, which refuses to be rewritten.
/// </summary>
[Collection(WebTests.Name)]
public sealed class AdministrationTests(DemoDatabase db, SharedWebHost host) : SharedWebHostTests(db, host)
{
    private static readonly string[] Pages = ["/admin", "/admin/accounts/new", "/admin/accounts/admin", "/admin/grants/new"];

    private static string NewName(string prefix) => $"{prefix}-{Guid.NewGuid():N}"[..20];

    private static FormUrlEncodedContent Form(string? token, params (string Key, string Value)[] fields)
    {
        var values = fields.ToDictionary(f => f.Key, f => f.Value, StringComparer.Ordinal);
        if (token is not null)
        {
            values["__RequestVerificationToken"] = token;
        }

        return new FormUrlEncodedContent(values);
    }

    private async Task<long> ChangeCountAsync()
    {
        await using var cmd = Db.Runtime.App.CreateCommand("SELECT count(*) FROM app.account_changes");
        return (long)(await cmd.ExecuteScalarAsync(Ct))!;
    }

    [Fact]
    public async Task only_an_administrator_opens_or_posts_the_administration_pages_and_a_refused_post_creates_nothing()
    {
        var anonymous = Factory.Client();
        foreach (var page in Pages)
        {
            var answer = await anonymous.GetAsync(page, Ct);
            answer.StatusCode.Should().Be(HttpStatusCode.Redirect, $"{page} sends a visitor to sign in");
            answer.Headers.Location!.ToString().Should().Contain("/Account/Login");
        }

        foreach (var (user, tokenPage) in new[] { ("officer-llt", "/audit"), ($"leader-{Db.LltSchool}", $"/schools/{Db.LltSchool}/record/activity"), ("director-llt", "/alerts"), ("inspector", "/Index") })
        {
            var client = await Factory.SignedInAsync(user, Ct);
            foreach (var page in Pages)
            {
                (await client.GetAsync(page, Ct)).StatusCode.Should().Be(HttpStatusCode.Forbidden, $"{user} may not open {page}");
            }

            var name = NewName("refused");
            var token = await CareersWebFactory.AntiforgeryTokenAsync(client, tokenPage, Ct);
            token.Should().NotBeEmpty();
            var created = await client.PostAsync("/admin/accounts/new", Form(token, ("Username", name), ("DisplayName", "Not made"), ("Role", "administrator")), Ct);
            var disabled = await client.PostAsync($"/admin/accounts/director-llt?handler=Disable", Form(token), Ct);

            created.StatusCode.Should().Be(HttpStatusCode.Forbidden, $"{user} may not create accounts");
            disabled.StatusCode.Should().Be(HttpStatusCode.Forbidden, $"{user} may not disable accounts");
            (await Db.Accounts.FindAsync(name, Ct)).Should().BeNull();
            (await Db.Accounts.FindAsync("director-llt", Ct))!.Disabled.Should().BeFalse();
        }

        (await (await Factory.SignedInAsync("admin", Ct)).GetAsync("/", Ct)).Headers.Location!.ToString().Should().Be("/admin", "an administrator's home is administration");
    }

    [Fact]
    public async Task a_post_without_the_antiforgery_token_is_refused_and_creates_nothing()
    {
        var admin = await Factory.SignedInAsync("admin", Ct);
        var name = NewName("no-token");

        var answer = await admin.PostAsync("/admin/accounts/new", Form(null, ("Username", name), ("DisplayName", "No token"), ("Role", "administrator")), Ct);

        answer.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        (await Db.Accounts.FindAsync(name, Ct)).Should().BeNull();
    }

    [Fact]
    public async Task bad_account_input_is_answered_with_what_to_fix_field_by_field_and_nothing_is_written()
    {
        var admin = await Factory.SignedInAsync("admin", Ct);
        var token = await CareersWebFactory.AntiforgeryTokenAsync(admin, "/admin/accounts/new", Ct);
        var before = await ChangeCountAsync();

        var empty = await admin.PostAsync("/admin/accounts/new", Form(token, ("Username", " "), ("DisplayName", ""), ("Role", "careers-leader")), Ct);
        var taken = await admin.PostAsync("/admin/accounts/new", Form(token, ("Username", "Admin"), ("DisplayName", "Second admin"), ("Role", "administrator")), Ct);
        var badName = await admin.PostAsync("/admin/accounts/new", Form(token, ("Username", "has space"), ("DisplayName", "Bad"), ("Role", "administrator")), Ct);
        var trustAndSchool = await admin.PostAsync("/admin/accounts/new",
            Form(token, ("Username", NewName("both")), ("DisplayName", "Both"), ("Role", "compliance-officer"), ("Trust", "LLT"), ("School", Db.LltSchool)), Ct);

        empty.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        var html = WebUtility.HtmlDecode(await empty.Content.ReadAsStringAsync(Ct));
        html.Should().Contain("There is a problem").And.Contain("<a href=\"#username\">Enter a username</a>")
            .And.Contain("<a href=\"#display-name\">Enter the name shown in the application")
            .And.Contain("<a href=\"#school\">A careers leader works in one school: select the school and no trust</a>")
            .And.Contain("govuk-form-group--error");
        WebUtility.HtmlDecode(await taken.Content.ReadAsStringAsync(Ct)).Should().Contain("The username 'admin' is taken");
        WebUtility.HtmlDecode(await badName.Content.ReadAsStringAsync(Ct)).Should().Contain("'has space' is not a valid username");
        WebUtility.HtmlDecode(await trustAndSchool.Content.ReadAsStringAsync(Ct)).Should().Contain("select one of the two, not both");
        (await ChangeCountAsync()).Should().Be(before, "a refused form writes no account and no change record");
    }

    [Fact]
    public async Task every_change_the_account_service_makes_is_recorded_with_its_actor_and_a_refused_one_records_nothing()
    {
        var accounts = Db.Accounts;
        var user = NewName("cli-made");
        var inspector = NewName("cli-insp");
        var now = Db.Runtime.Clock.GetCurrentInstant();
        var today = now.InUtc().Date;

        var account = await accounts.AddAsync(user, "Made on the command line", AccountRole.TrustDirector, AccountScope.Trust("LLT"), PasswordHashing.Generate(), "operator", Ct);
        await accounts.DisableAsync(user, "operator", Ct);
        await accounts.EnableAsync(user, "operator", Ct);
        await accounts.SetPasswordAsync(user, PasswordHashing.Generate(), "operator", Ct);
        await accounts.ChangeRoleAsync(user, AccountRole.CareersLeader, AccountScope.School(Db.LltSchool), "operator", Ct);
        var token = await accounts.IssueTokenAsync(user, "nightly export", null, "operator", Ct);
        await accounts.RevokeTokenAsync(token.TokenId, "operator", Ct);
        var before = await ChangeCountAsync();
        var wrongScope = () => accounts.ChangeRoleAsync(user, AccountRole.TrustDirector, AccountScope.School(Db.LltSchool), "operator", Ct);
        var revokedAgain = () => accounts.RevokeTokenAsync(token.TokenId, "operator", Ct);
        await wrongScope.Should().ThrowAsync<AccountException>();
        await revokedAgain.Should().ThrowAsync<AccountException>().WithMessage("No token * in force");
        (await ChangeCountAsync()).Should().Be(before, "a refused change records nothing");

        var inspectorAccount = await accounts.AddAsync(inspector, "Inspector", AccountRole.Inspector, AccountScope.None, null, "operator", Ct);
        var grant = await accounts.GrantAsync(inspector, Db.LltSchool, today.PlusDays(-30), today, now + NodaTime.Duration.FromDays(3), true, "Ofsted", "lead-inspector-admin", Ct);
        await accounts.RevokeGrantAsync(grant.GrantId, "another-admin", Ct);

        var changes = (await accounts.ListChangesAsync(account.AccountId, 50, Ct)).Reverse().ToList();
        changes.Select(c => c.Action).Should().Equal(
            "account-created", "account-disabled", "account-enabled", "password-reset", "role-changed", "token-issued", "token-revoked");
        changes.Should().OnlyContain(c => c.Actor == "operator" && c.Username == user);
        changes[0].Detail.Should().Be("trust-director, trust LLT");
        changes[4].Detail.Should().Be($"careers-leader, school {Db.LltSchool} (was trust-director, trust LLT)");
        changes[5].Detail.Should().Be("token \"nightly export\", never expires");
        string.Join(" ", changes.Select(c => c.Detail)).Should().NotContain(token.Token, "a token is never recorded");
        var granted = (await accounts.ListChangesAsync(inspectorAccount.AccountId, 50, Ct)).Reverse().ToList();
        granted.Select(c => (c.Action, c.Actor)).Should().Equal(("account-created", "operator"), ("grant-created", "lead-inspector-admin"), ("grant-revoked", "another-admin"));
        granted[1].Detail.Should().Contain($"school {Db.LltSchool}").And.Contain("pupils identified").And.Contain("purpose: Ofsted");
    }

    [Fact]
    public async Task the_change_record_refuses_updates_and_deletes_even_from_the_owner()
    {
        // Why the owner's login: the application's role has no UPDATE or DELETE grant at all; the triggers stop the owner too.
        await using var owner = NpgsqlDataSource.Create(Db.ConnectionString);
        await using var update = owner.CreateCommand("UPDATE app.account_changes SET actor = 'someone else'");
        await using var delete = owner.CreateCommand("DELETE FROM app.account_changes");

        (await ChangeCountAsync()).Should().BePositive("the demo's accounts were recorded");
        await ((Func<Task>)(() => update.ExecuteNonQueryAsync(Ct))).Should().ThrowAsync<PostgresException>().WithMessage("*insert-only*");
        await ((Func<Task>)(() => delete.ExecuteNonQueryAsync(Ct))).Should().ThrowAsync<PostgresException>().WithMessage("*insert-only*");
    }
}
