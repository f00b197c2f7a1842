using CareersCompliance.Application.Accounts;
using Microsoft.AspNetCore.Mvc;

namespace CareersCompliance.Web.Pages.Admin;

/// <summary>
/// The administrator's home (issue 15 part 5): every account with its role, scope, status and last sign-in; the inspectors'
/// grants, each revocable; and the latest administration changes, whoever made them, on the web or the command line.
/// </summary>
public sealed class HomeModel(AccountService accounts) : AdminPageModel(accounts)
{
    public const int ChangesShown = 20;

    [BindProperty(SupportsGet = true)]
    public string? Done { get; set; }

    public IReadOnlyList<AccountSummary> AccountList { get; private set; } = [];

    public IReadOnlyList<AccessGrant> GrantList { get; private set; } = [];

    public IReadOnlyList<AccountChange> Changes { get; private set; } = [];

    public NodaTime.Instant Now { get; private set; }

    public async Task<IActionResult> OnGetAsync(CancellationToken ct) => await AdministratorOnlyAsync(ct) ?? await LoadAsync(ct);

    public async Task<IActionResult> OnPostRevokeGrantAsync(Guid id, CancellationToken ct)
    {
        if (await AdministratorOnlyAsync(ct) is { } refused)
        {
            return refused;
        }

        try
        {
            await Accounts.RevokeGrantAsync(id, Actor, ct);
        }
        catch (AccountException e)
        {
            Errors.Add(new FormError("grants-heading", e.Message + ": it may have been revoked already"));
            await LoadAsync(ct);
            return Refused();
        }

        return RedirectToPage("/Admin/Home", new { done = "grant-revoked" });
    }

    /// <summary>What a grant's state is now, in words.</summary>
    public string GrantState(AccessGrant grant)
    {
        ArgumentNullException.ThrowIfNull(grant);
        return grant.RevokedAt is not null ? "Revoked" : grant.ActiveAt(Now) ? "In force" : "Expired";
    }

    public string? DoneMessage => Done switch
    {
        "grant-created" => "Inspector access granted.",
        "grant-revoked" => "Inspector access revoked.",
        _ => null,
    };

    private async Task<IActionResult> LoadAsync(CancellationToken ct)
    {
        Now = HttpContext.RequestServices.GetRequiredService<NodaTime.IClock>().GetCurrentInstant();
        AccountList = await Accounts.ListSummariesAsync(ct);
        GrantList = await Accounts.ListGrantsAsync(null, ct);
        Changes = await Accounts.ListChangesAsync(null, ChangesShown, ct);
        return Page();
    }
}
