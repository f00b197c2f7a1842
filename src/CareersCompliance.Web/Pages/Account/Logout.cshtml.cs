using CareersCompliance.Application.Accounts;
using CareersCompliance.Web.Security;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace CareersCompliance.Web.Pages.Account;

/// <summary>Signs out (POST only, with the anti-forgery token): ends the session on the server, so a copy of the cookie opens
/// nothing afterwards, then returns to the sign-in page.</summary>
public sealed class LogoutModel(AccountSessions sessions) : PageModel
{
    public IActionResult OnGet() => RedirectToPage("/Index");

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        if (CareersClaims.SessionIdOf(User) is { } session)
        {
            await sessions.EndAsync(session, ct);
        }

        await HttpContext.SignOutAsync(CookieAuthenticationDefaults.AuthenticationScheme);
        return RedirectToPage("/Account/Login");
    }
}
