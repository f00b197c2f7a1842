using System.Net;
using System.Text.RegularExpressions;
using CareersCompliance.Application.Accounts;

namespace CareersCompliance.Web.IntegrationTests.Security;

/// <summary>
/// Failed sign-ins are throttled per username and address together: a stranger cannot lock the real user out, and the
/// answers never tell a known username from an unknown one.
/// </summary>
[Collection(WebTests.Name)]
public sealed class SignInThrottleTests(DemoDatabase db) : WebHostTests(db)
{
    [Fact]
    public async Task wrong_passwords_from_address_a_do_not_lock_out_the_right_password_from_address_b()
    {
        var (user, password) = await NewAccountAsync();
        await using var host = ClientAddress.Host(Factory);
        var attacker = ClientAddress.From(host, "203.0.113.50");
        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i <= AccountService.MaxFailedLogins; i++)
        {
            statuses.Add((await CareersWebFactory.SignInAsync(attacker, user, "wrong-password-123", Ct)).StatusCode);
        }

        var attackerWithTheRightPassword = await CareersWebFactory.SignInAsync(attacker, user, password, Ct);
        var realUser = await CareersWebFactory.SignInAsync(ClientAddress.From(host, "198.51.100.50"), user, password, Ct);

        statuses.Take(AccountService.MaxFailedLogins - 1).Should().AllBeEquivalentTo(HttpStatusCode.OK);
        statuses.Skip(AccountService.MaxFailedLogins - 1).Should().AllBeEquivalentTo(HttpStatusCode.TooManyRequests,
            "the fifth failure from this address blocks this address for this username");
        attackerWithTheRightPassword.StatusCode.Should().Be(HttpStatusCode.TooManyRequests, "a blocked address is not told whether a password is right");
        attackerWithTheRightPassword.Headers.Contains("Set-Cookie").Should().BeFalse();
        realUser.StatusCode.Should().Be(HttpStatusCode.Redirect, "the real user, elsewhere, signs in as usual");
    }

    [Fact]
    public async Task an_unknown_username_gets_the_same_status_and_message_as_a_known_one_at_every_attempt()
    {
        var (known, _) = await NewAccountAsync();
        var unknown = $"nobody-{Guid.NewGuid():N}"[..20];
        await using var host = ClientAddress.Host(Factory);
        var client = ClientAddress.From(host, "203.0.113.51");
        var answers = new List<(string Name, int Attempt, HttpStatusCode Status, string Message)>();
        for (var attempt = 1; attempt <= AccountService.MaxFailedLogins + 1; attempt++)
        {
            foreach (var name in new[] { known, unknown })
            {
                var response = await CareersWebFactory.SignInAsync(client, name, "wrong-password-123", Ct);
                answers.Add((name, attempt, response.StatusCode, ErrorSummary(await response.Content.ReadAsStringAsync(Ct))));
            }
        }

        answers.Should().OnlyContain(a => a.Message.Length > 0, "every refusal says what to do");
        foreach (var attempt in answers.GroupBy(a => a.Attempt))
        {
            attempt.Select(a => (a.Status, a.Message)).Distinct().Should().ContainSingle($"attempt {attempt.Key} reads the same for a known and an unknown name");
        }

        answers.Select(a => a.Status).Should().Contain(HttpStatusCode.TooManyRequests, "both names end up throttled alike");
    }

    private async Task<(string User, string Password)> NewAccountAsync()
    {
        var user = $"thr-{Guid.NewGuid():N}"[..20];
        var password = PasswordHashing.Generate();
        await Db.Accounts.AddAsync(user, "Throttle test", AccountRole.TrustDirector, AccountScope.Trust("LLT"), password, "tests", Ct);
        return (user, password);
    }

    /// <summary>The error summary's text, with numbers masked (a retry time may tick over between two answers).</summary>
    private static string ErrorSummary(string html)
    {
        var list = Regex.Match(html, "<ul class=\"govuk-list govuk-error-summary__list\">(?<items>.*?)</ul>", RegexOptions.Singleline, TimeSpan.FromSeconds(1));
        var text = Regex.Replace(list.Groups["items"].Value, "<[^>]+>", " ", RegexOptions.None, TimeSpan.FromSeconds(1));
        return Regex.Replace(Regex.Replace(text, @"\d+", "#", RegexOptions.None, TimeSpan.FromSeconds(1)), @"\s+", " ", RegexOptions.None, TimeSpan.FromSeconds(1)).Trim();
    }
}
