using System.Net;
using CareersCompliance.Web.Hosting;

namespace CareersCompliance.Web.IntegrationTests.Security;

/// <summary>
/// Sign-in is rate limited per client address, per username at one address, and per username across addresses before any
/// password is checked; bearer requests per address and account.
/// </summary>
[Collection(WebTests.Name)]
public sealed class RateLimitTests(DemoDatabase db) : WebHostTests(db)
{
    [Fact]
    public async Task rapid_sign_in_posts_from_one_client_get_the_govuk_429_page_with_retry_after_while_another_client_signs_in()
    {
        await using var host = ClientAddress.Host(Factory);
        var attacker = ClientAddress.From(host, "203.0.113.9");
        var limit = new RequestLimitOptions().LoginPerClientPerMinute;
        var statuses = new List<HttpStatusCode>();
        HttpResponseMessage? refused = null;
        for (var i = 0; i <= limit && refused is null; i++)
        {
            var response = await CareersWebFactory.SignInAsync(attacker, $"nobody-{i}", "wrong-password-123", Ct);
            statuses.Add(response.StatusCode);
            refused = response.StatusCode == HttpStatusCode.TooManyRequests ? response : null;
        }

        var colleague = ClientAddress.From(host, "198.51.100.20");
        var signIn = await CareersWebFactory.SignInAsync(colleague, "director-llt", Db.Passwords["director-llt"], Ct);

        statuses.Should().HaveCount(limit + 1).And.StartWith(Enumerable.Repeat(HttpStatusCode.OK, limit), "attempts within the limit reach the form");
        refused.Should().NotBeNull();
        int.Parse(refused!.Headers.GetValues("Retry-After").Single(), System.Globalization.CultureInfo.InvariantCulture).Should().BeInRange(1, 60);
        refused.Content.Headers.ContentType!.MediaType.Should().Be("text/html", "a person at a browser gets a page, not JSON");
        var page = await refused.Content.ReadAsStringAsync(Ct);
        page.Should().Contain("govuk-template__header", "the page has the service's layout").And.Contain("Too many attempts to sign in");
        signIn.StatusCode.Should().Be(HttpStatusCode.Redirect, "another client is not held back, and no account was locked by the flood");
    }

    [Fact]
    public async Task one_username_flooded_from_one_address_is_limited_there_while_the_same_account_signs_in_from_another()
    {
        await using var host = ClientAddress.Host(Factory);
        var limit = new RequestLimitOptions().LoginPerAccountAndClientPerMinute;
        var attacker = ClientAddress.From(host, "192.0.2.77");
        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i <= limit; i++)
        {
            statuses.Add((await CareersWebFactory.SignInAsync(attacker, "officer-llt", "wrong-password-123", Ct)).StatusCode);
        }

        var flooded = statuses[^1];
        var realUser = await CareersWebFactory.SignInAsync(ClientAddress.From(host, "198.51.100.77"), "officer-llt", Db.Passwords["officer-llt"], Ct);

        flooded.Should().Be(HttpStatusCode.TooManyRequests, "the username has used its attempts from this address");
        realUser.StatusCode.Should().Be(HttpStatusCode.Redirect, "the account's owner, at another address, is not held back");
    }

    [Fact]
    public async Task one_username_tried_from_many_addresses_is_limited_across_them_without_holding_back_other_accounts()
    {
        await using var host = ClientAddress.Host(Factory.WithWebHostBuilder(b => b.UseSetting("Careers:Limits:LoginPerAccountPerMinute", "4")));
        var target = $"ghost-{Guid.NewGuid():N}"[..16];
        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i <= 4; i++)
        {
            statuses.Add((await CareersWebFactory.SignInAsync(ClientAddress.From(host, $"192.0.2.{i + 1}"), target, "wrong-password-123", Ct)).StatusCode);
        }

        var other = await CareersWebFactory.SignInAsync(ClientAddress.From(host, "192.0.2.5"), "officer-llt", Db.Passwords["officer-llt"], Ct);

        statuses.Take(4).Should().AllBeEquivalentTo(HttpStatusCode.OK);
        statuses[^1].Should().Be(HttpStatusCode.TooManyRequests, "the username has used its attempts for this minute across all addresses");
        other.StatusCode.Should().Be(HttpStatusCode.Redirect, "the same address may still sign in to a different account");
    }

    [Fact]
    public async Task a_script_over_its_bearer_limit_gets_a_429_problem_with_retry_after()
    {
        var token = await Db.Accounts.IssueTokenAsync("director-llt", "rate-limit test", null, "tests", Ct);
        await using var host = ClientAddress.Host(Factory.WithWebHostBuilder(b => b.UseSetting("Careers:Limits:TokenPerClientPerMinute", "3")));
        var script = ClientAddress.From(host, "203.0.113.77");
        script.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", token.Token);
        var statuses = new List<HttpStatusCode>();
        HttpResponseMessage? refused = null;
        for (var i = 0; i < 4; i++)
        {
            refused = await script.GetAsync("/api/trusts/LLT/report", Ct);
            statuses.Add(refused.StatusCode);
        }

        statuses.Should().Equal(HttpStatusCode.OK, HttpStatusCode.OK, HttpStatusCode.OK, HttpStatusCode.TooManyRequests);
        refused!.Headers.Contains("Retry-After").Should().BeTrue();
        refused.Content.Headers.ContentType!.MediaType.Should().Be("application/problem+json");
        (await refused.Content.ReadAsStringAsync(Ct)).Should().Contain("\"status\":429");
    }
}
