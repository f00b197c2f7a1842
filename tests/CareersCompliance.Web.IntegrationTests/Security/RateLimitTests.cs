using System.Net;
using CareersCompliance.Web.Hosting;

namespace CareersCompliance.Web.IntegrationTests.Security;

/// <summary>Sign-in is rate limited per client address and per username before any password is checked.</summary>
[Collection(WebTests.Name)]
public sealed class RateLimitTests(DemoDatabase db) : WebHostTests(db)
{
    [Fact]
    public async Task rapid_sign_in_posts_from_one_client_get_429_with_retry_after_while_another_client_signs_in()
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
        refused.Content.Headers.ContentType!.MediaType.Should().Be("application/problem+json");
        (await refused.Content.ReadAsStringAsync(Ct)).Should().Contain("\"status\":429");
        signIn.StatusCode.Should().Be(HttpStatusCode.Redirect, "another client is not held back, and no account was locked by the flood");
    }

    [Fact]
    public async Task one_username_tried_from_many_addresses_is_limited_without_holding_back_other_accounts()
    {
        await using var host = ClientAddress.Host(Factory);
        var limit = new RequestLimitOptions().LoginPerAccountPerMinute;
        var target = $"ghost-{Guid.NewGuid():N}"[..16];
        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i <= limit; i++)
        {
            var client = ClientAddress.From(host, $"192.0.2.{i + 1}");
            statuses.Add((await CareersWebFactory.SignInAsync(client, target, "wrong-password-123", Ct)).StatusCode);
        }

        var lastAddress = ClientAddress.From(host, $"192.0.2.{limit + 1}");
        var other = await CareersWebFactory.SignInAsync(lastAddress, "officer-llt", Db.Passwords["officer-llt"], Ct);

        statuses.Take(limit).Should().AllBeEquivalentTo(HttpStatusCode.OK);
        statuses[^1].Should().Be(HttpStatusCode.TooManyRequests, "the username has used its attempts for this minute");
        other.StatusCode.Should().Be(HttpStatusCode.Redirect, "the same address may still sign in to a different account");
    }
}
