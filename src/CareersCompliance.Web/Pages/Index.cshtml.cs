using Microsoft.AspNetCore.Mvc;

namespace CareersCompliance.Web.Pages;

/// <summary>The landing page: the trusts and schools this account may read (a director goes straight to their trust, a careers leader to their school, an administrator to administration).</summary>
public sealed class IndexModel : CareersPageModel
{
    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        if (!await SignedInAsync(ct))
        {
            return SignIn();
        }

        // Each role's home is its first screen: a director's trust grid, a careers leader's school with its to-do list first,
        // an administrator's accounts, grants and latest changes.
        if (Access.IsAdministrator)
        {
            return Redirect("/admin");
        }

        return Access.Role == Application.Accounts.AccountRole.TrustDirector && Access.ReadableTrusts.Count == 1
            ? Redirect($"/trusts/{Access.ReadableTrusts[0].TrustId}")
            : Access.Role == Application.Accounts.AccountRole.CareersLeader && Access.ReadableSchools.Count == 1
                ? Redirect($"/schools/{Access.ReadableSchools[0].Urn}")
                : Page();
    }
}
