using System.Globalization;
using CareersCompliance.Application.Accounts;
using CareersCompliance.Web.Security;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using NodaTime;

namespace CareersCompliance.Web.Pages.Account;

/// <summary>
/// Cookie sign-in with the GOV.UK error summary. A success opens a server-side session; five failures for one username from
/// one address block that pair for fifteen minutes (429), with the same words whether or not the username exists.
/// </summary>
public sealed class LoginModel(AccountService accounts, AccountSessions sessions, IClock clock) : PageModel
{
    public sealed record InputModel
    {
        public string? Username { get; init; }

        public string? Password { get; init; }
    }

    [BindProperty]
    public InputModel Input { get; set; } = new();

    [BindProperty(SupportsGet = true)]
    public string? ReturnUrl { get; set; }

    private readonly Dictionary<string, string> _errors = new(StringComparer.Ordinal);

    public IReadOnlyDictionary<string, string> Errors => _errors;

    public void OnGet()
    {
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        if (string.IsNullOrWhiteSpace(Input.Username))
        {
            _errors["username"] = "Enter your username";
        }

        if (string.IsNullOrEmpty(Input.Password))
        {
            _errors["password"] = "Enter your password";
        }

        if (_errors.Count > 0)
        {
            return Page();
        }

        var result = await accounts.LoginAsync(Input.Username!, Input.Password!, ClientKey.Of(HttpContext), ct);
        switch (result.Status)
        {
            case LoginStatus.Succeeded:
                var session = await sessions.StartAsync(result.Account!.AccountId, ct);
                await HttpContext.SignInAsync(CookieAuthenticationDefaults.AuthenticationScheme,
                    CareersClaims.Principal(result.Account, CookieAuthenticationDefaults.AuthenticationScheme, session),
                    new AuthenticationProperties { IsPersistent = false, AllowRefresh = false });
                return LocalRedirect(Url.IsLocalUrl(ReturnUrl) ? ReturnUrl : "/");
            case LoginStatus.Throttled:
                var wait = result.BlockedUntil!.Value - clock.GetCurrentInstant();
                var minutes = Math.Max(1, (int)Math.Ceiling(wait.TotalMinutes));
                _errors["username"] = $"Too many attempts to sign in with this username from this network. Wait {minutes} minute{(minutes == 1 ? "" : "s")}, then try again";
                Response.Headers.RetryAfter = ((int)Math.Ceiling(wait.TotalSeconds)).ToString(CultureInfo.InvariantCulture);
                Response.StatusCode = StatusCodes.Status429TooManyRequests;
                return Page();
            default:
                // Why one message for unknown user, wrong password and disabled account: the form must not reveal which usernames exist.
                _errors["username"] = "Enter a correct username and password";
                break;
        }

        Response.StatusCode = StatusCodes.Status200OK;
        return Page();
    }
}
