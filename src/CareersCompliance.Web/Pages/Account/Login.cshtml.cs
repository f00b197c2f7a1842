using CareersCompliance.Application.Accounts;
using CareersCompliance.Web.Security;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace CareersCompliance.Web.Pages.Account;

/// <summary>Cookie sign-in with the GOV.UK error summary; five failures lock the account for fifteen minutes.</summary>
public sealed class LoginModel(AccountService accounts) : PageModel
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

        var result = await accounts.LoginAsync(Input.Username!, Input.Password!, ct);
        switch (result.Status)
        {
            case LoginStatus.Succeeded:
                await HttpContext.SignInAsync(CookieAuthenticationDefaults.AuthenticationScheme,
                    CareersClaims.Principal(result.Account!, CookieAuthenticationDefaults.AuthenticationScheme));
                return LocalRedirect(Url.IsLocalUrl(ReturnUrl) ? ReturnUrl : "/");
            case LoginStatus.LockedOut:
                _errors["username"] = $"Your account is locked after {AccountService.MaxFailedLogins} failed attempts. Try again after {Ui.Instant(result.LockedUntil!.Value)}";
                break;
            default:
                // Why one message for unknown user, wrong password and disabled account: the form must not reveal which usernames exist.
                _errors["username"] = "Enter a correct username and password";
                break;
        }

        Response.StatusCode = StatusCodes.Status200OK;
        return Page();
    }
}
