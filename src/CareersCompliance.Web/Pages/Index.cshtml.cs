using Microsoft.AspNetCore.Mvc;

namespace CareersCompliance.Web.Pages;

/// <summary>The landing page: the trusts and schools this account may read (a director goes straight to their trust).</summary>
public sealed class IndexModel : CareersPageModel
{
    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        if (!await SignedInAsync(ct))
        {
            return SignIn();
        }

        return Access.Role == Application.Accounts.AccountRole.TrustDirector && Access.ReadableTrusts.Count == 1
            ? Redirect($"/trusts/{Access.ReadableTrusts[0].TrustId}")
            : Page();
    }
}
