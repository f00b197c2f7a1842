using System.Net;
using System.Net.Http.Headers;
using CareersCompliance.Application.Accounts;
using NodaTime;
using NodaTime.Testing;

namespace CareersCompliance.Web.IntegrationTests.Security;

/// <summary>Sessions live on the server: sign-out, a new password and idleness end them, whatever cookie a browser still holds.</summary>
[Collection(WebTests.Name)]
public sealed class SessionTests(DemoDatabase db) : WebHostTests(db)
{
    [Fact]
    public async Task a_session_cookie_copied_before_sign_out_no_longer_opens_the_trust_page_after_it()
    {
        var client = Factory.Client();
        var signIn = await CareersWebFactory.SignInAsync(client, "director-llt", Db.Passwords["director-llt"], Ct);
        var copied = SessionCookie(signIn);
        (await Replay(copied, "/trusts/LLT")).StatusCode.Should().Be(HttpStatusCode.OK, "the copied cookie works while the session is open");

        var signOut = await SignOutAsync(client);
        var replayed = await Replay(copied, "/trusts/LLT");
        var api = await Replay(copied, "/api/trusts/LLT/report");

        signOut.StatusCode.Should().Be(HttpStatusCode.Redirect);
        replayed.StatusCode.Should().Be(HttpStatusCode.Redirect, "the session was ended on the server");
        replayed.Headers.Location!.ToString().Should().Contain("/Account/Login");
        api.StatusCode.Should().Be(HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task a_session_idle_for_31_minutes_is_signed_out_while_one_used_every_20_minutes_stays_open()
    {
        var clock = new FakeClock(SystemClock.Instance.GetCurrentInstant());
        await using var factory = new CareersWebFactory(Db, clock);
        var idle = await factory.SignedInAsync("director-llt", Ct);
        var busy = await factory.SignedInAsync("director-llt", Ct);

        clock.Advance(Duration.FromMinutes(20));
        var busyAt20 = await busy.GetAsync("/trusts/LLT", Ct);
        clock.Advance(Duration.FromMinutes(11));
        var idleAt31 = await idle.GetAsync("/trusts/LLT", Ct);
        var busyAt31 = await busy.GetAsync("/trusts/LLT", Ct);

        busyAt20.StatusCode.Should().Be(HttpStatusCode.OK);
        idleAt31.StatusCode.Should().Be(HttpStatusCode.Redirect, "31 minutes without a request ends the session");
        idleAt31.Headers.Location!.ToString().Should().Contain("/Account/Login");
        busyAt31.StatusCode.Should().Be(HttpStatusCode.OK, "each request restarts the idle timeout");
    }

    [Fact]
    public async Task a_session_in_use_all_day_ends_eight_hours_after_sign_in()
    {
        var clock = new FakeClock(SystemClock.Instance.GetCurrentInstant());
        await using var factory = new CareersWebFactory(Db, clock);
        var client = await factory.SignedInAsync("officer-llt", Ct);
        var statuses = new List<HttpStatusCode>();
        for (var minutes = 20; minutes < 8 * 60; minutes += 20)
        {
            clock.Advance(Duration.FromMinutes(20));
            statuses.Add((await client.GetAsync("/trusts/LLT", Ct)).StatusCode);
        }

        clock.Advance(Duration.FromMinutes(20));
        var afterEightHours = await client.GetAsync("/trusts/LLT", Ct);

        statuses.Should().AllBeEquivalentTo(HttpStatusCode.OK, "a request every 20 minutes keeps the session open until its absolute end");
        afterEightHours.StatusCode.Should().Be(HttpStatusCode.Redirect, "no session outlives eight hours");
    }

    [Fact]
    public async Task a_new_password_ends_the_accounts_open_sessions_and_bearer_tokens_keep_working()
    {
        var (user, password) = await NewAccountAsync();
        var token = await Db.Accounts.IssueTokenAsync(user, "tests", null, "tests", Ct);
        var client = Factory.Client();
        (await CareersWebFactory.SignInAsync(client, user, password, Ct)).StatusCode.Should().Be(HttpStatusCode.Redirect);
        (await client.GetAsync("/trusts/LLT", Ct)).StatusCode.Should().Be(HttpStatusCode.OK);

        await Db.Accounts.SetPasswordAsync(user, PasswordHashing.Generate(), "tests", Ct);
        var afterChange = await client.GetAsync("/trusts/LLT", Ct);
        var script = Factory.Client();
        script.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token.Token);
        var api = await script.GetAsync("/api/trusts/LLT/report", Ct);

        afterChange.StatusCode.Should().Be(HttpStatusCode.Redirect, "a password change signs out every browser that used the old one");
        api.StatusCode.Should().Be(HttpStatusCode.OK, "API tokens are revoked on their own, not by a password change");
    }

    [Fact]
    public async Task disabling_an_account_ends_its_open_session()
    {
        var (user, password) = await NewAccountAsync();
        var client = Factory.Client();
        var signIn = await CareersWebFactory.SignInAsync(client, user, password, Ct);

        await Db.Accounts.DisableAsync(user, "tests", Ct);

        (await client.GetAsync("/trusts/LLT", Ct)).StatusCode.Should().Be(HttpStatusCode.Redirect);
        (await Replay(SessionCookie(signIn), "/api/trusts/LLT/report")).StatusCode.Should().Be(HttpStatusCode.Unauthorized);
    }

    private static string SessionCookie(HttpResponseMessage signIn) =>
        signIn.Headers.GetValues("Set-Cookie").Single(c => c.StartsWith("careers.session=", StringComparison.Ordinal)).Split(';')[0];

    /// <summary>What a thief does with a copied cookie: sends it from a client of their own.</summary>
    private async Task<HttpResponseMessage> Replay(string cookie, string path)
    {
        var thief = Factory.CreateClient(new Microsoft.AspNetCore.Mvc.Testing.WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = false });
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        request.Headers.Add("Cookie", cookie);
        return await thief.SendAsync(request, Ct);
    }

    private async Task<(string User, string Password)> NewAccountAsync()
    {
        var user = $"sess-{Guid.NewGuid():N}"[..20];
        var password = PasswordHashing.Generate();
        await Db.Accounts.AddAsync(user, "Session test", AccountRole.Administrator, AccountScope.None, password, "tests", Ct);
        return (user, password);
    }

    private static async Task<HttpResponseMessage> SignOutAsync(HttpClient client)
    {
        // The sign-out button's form on any page carries the anti-forgery token.
        var token = await CareersWebFactory.AntiforgeryTokenAsync(client, "/trusts/LLT", Ct);
        token.Should().NotBeEmpty();
        return await client.PostAsync("/Account/Logout", new FormUrlEncodedContent(new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["__RequestVerificationToken"] = token,
        }), Ct);
    }
}
