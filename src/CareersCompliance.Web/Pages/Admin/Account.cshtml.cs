using System.Globalization;
using CareersCompliance.Application.Accounts;
using Microsoft.AspNetCore.Mvc;
using NodaTime;

namespace CareersCompliance.Web.Pages.Admin;

/// <summary>
/// One account for the administrator: disable or enable it, reset its password (a new one generated and shown once, as
/// <c>careers users set-password</c> prints it), change its role and scope, issue API tokens (shown once) and revoke them,
/// and see its grants and its own change record. An administrator cannot disable or demote their own account, so the
/// service is never left without one by mistake.
/// </summary>
public sealed class AccountModel(AccountService accounts, IClock clock) : AdminPageModel(accounts)
{
    public const int ChangesShown = 20;

    public AccountSummary Subject { get; private set; } = null!;

    public IReadOnlyList<ApiTokenInfo> Tokens { get; private set; } = [];

    public IReadOnlyList<AccessGrant> GrantList { get; private set; } = [];

    public IReadOnlyList<AccountChange> Changes { get; private set; } = [];

    public Instant Now => clock.GetCurrentInstant();

    [BindProperty(SupportsGet = true)]
    public string? Done { get; set; }

    [BindProperty]
    public string? TokenName { get; set; }

    [BindProperty]
    public string? TokenDays { get; set; }

    /// <summary>The password just set (this response only).</summary>
    public string? NewPassword { get; private set; }

    /// <summary>The token just issued (this response only).</summary>
    public IssuedToken? NewToken { get; private set; }

    public bool IsSelf => string.Equals(Subject.Account.Username, Access.Account.Username, StringComparison.Ordinal);

    public string? DoneMessage => Done switch
    {
        "disabled" => "Account disabled. Its sessions have ended and its API tokens no longer work.",
        "enabled" => "Account enabled. It can sign in again with its password.",
        "role-changed" => "Role and scope changed. The account sees its new pages at its next request.",
        "token-revoked" => "API token revoked.",
        _ => null,
    };

    public async Task<IActionResult> OnGetAsync(string username, CancellationToken ct)
    {
        if (await AdministratorOnlyAsync(ct) is { } refused)
        {
            return refused;
        }

        if (!await LoadAsync(username, ct))
        {
            return NotFound();
        }

        ShowCurrentRole();
        return Page();
    }

    public Task<IActionResult> OnPostDisableAsync(string username, CancellationToken ct) => ChangeAsync(username, "disabled", async () =>
    {
        if (IsSelf)
        {
            Errors.Add(new FormError("disable-button", "You cannot disable your own account: ask another administrator"));
            return false;
        }

        await Accounts.DisableAsync(username, Actor, ct);
        return true;
    }, ct);

    public Task<IActionResult> OnPostEnableAsync(string username, CancellationToken ct) => ChangeAsync(username, "enabled", async () =>
    {
        await Accounts.EnableAsync(username, Actor, ct);
        return true;
    }, ct);

    public Task<IActionResult> OnPostChangeRoleAsync(string username, CancellationToken ct) => ChangeAsync(username, "role-changed", async () =>
    {
        if (ReadRoleAndScope() is not { } rs)
        {
            return false;
        }

        if (IsSelf && rs.Role != AccountRole.Administrator)
        {
            Errors.Add(new FormError("role", "You cannot take the administrator role from your own account: ask another administrator"));
            return false;
        }

        if (rs.Role == Subject.Account.Role && rs.Scope == Subject.Account.Scope)
        {
            Errors.Add(new FormError("role", "The account already has this role and scope: choose another, or go back"));
            return false;
        }

        await Accounts.ChangeRoleAsync(username, rs.Role, rs.Scope, Actor, ct);
        return true;
    }, ct);

    public async Task<IActionResult> OnPostResetPasswordAsync(string username, CancellationToken ct)
    {
        if (await AdministratorOnlyAsync(ct) is { } refused)
        {
            return refused;
        }

        if (!await LoadAsync(username, ct))
        {
            return NotFound();
        }

        var password = PasswordHashing.Generate();
        await Accounts.SetPasswordAsync(username, password, Actor, ct);
        NewPassword = password;
        await LoadAsync(username, ct);
        ShowCurrentRole();
        return Page();
    }

    public async Task<IActionResult> OnPostIssueTokenAsync(string username, CancellationToken ct)
    {
        if (await AdministratorOnlyAsync(ct) is { } refused)
        {
            return refused;
        }

        if (!await LoadAsync(username, ct))
        {
            return NotFound();
        }

        var name = TokenName?.Trim() ?? "";
        if (name.Length == 0)
        {
            Errors.Add(new FormError("token-name", "Enter what the token is for, for example the script that will use it"));
        }
        else if (name.Length > 80)
        {
            Errors.Add(new FormError("token-name", $"The name must be 80 characters or fewer (it has {name.Length})"));
        }

        int? days = null;
        if (!string.IsNullOrWhiteSpace(TokenDays))
        {
            if (int.TryParse(TokenDays.Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out var d) && d is >= 1 and <= 3660)
            {
                days = d;
            }
            else
            {
                Errors.Add(new FormError("token-days", "Days until the token expires must be a whole number from 1 to 3660, or empty for never"));
            }
        }

        ShowCurrentRole();
        if (Errors.Count > 0)
        {
            return Refused();
        }

        NewToken = await Accounts.IssueTokenAsync(username, name, days is { } n ? clock.GetCurrentInstant() + Duration.FromDays(n) : null, Actor, ct);
        (TokenName, TokenDays) = (null, null);
        await LoadAsync(username, ct);
        return Page();
    }

    public Task<IActionResult> OnPostRevokeTokenAsync(string username, Guid id, CancellationToken ct) => ChangeAsync(username, "token-revoked", async () =>
    {
        // Why only from this account's list: a token id of another account must not be revocable through this page.
        if (Tokens.All(t => t.TokenId != id))
        {
            Errors.Add(new FormError("tokens-heading", "That token is not one of this account's"));
            return false;
        }

        try
        {
            await Accounts.RevokeTokenAsync(id, Actor, ct);
            return true;
        }
        catch (AccountException e)
        {
            Errors.Add(new FormError("tokens-heading", e.Message + ": it may have been revoked already"));
            return false;
        }
    }, ct);

    /// <summary>A token's state now, in words.</summary>
    public string TokenState(ApiTokenInfo token)
    {
        ArgumentNullException.ThrowIfNull(token);
        return token.RevokedAt is not null ? "Revoked" : token.ActiveAt(Now) ? "In force" : "Expired";
    }

    /// <summary>The shape of each posted change: administrator only, the account must exist, then redirect with a notice or show what to fix.</summary>
    private async Task<IActionResult> ChangeAsync(string username, string done, Func<Task<bool>> change, CancellationToken ct)
    {
        if (await AdministratorOnlyAsync(ct) is { } refused)
        {
            return refused;
        }

        if (!await LoadAsync(username, ct))
        {
            return NotFound();
        }

        try
        {
            if (await change())
            {
                return RedirectToPage("/Admin/Account", new { username = Subject.Account.Username, done });
            }
        }
        catch (AccountException e)
        {
            Errors.Add(new FormError("role", e.Message));
        }

        if (!string.Equals(done, "role-changed", StringComparison.Ordinal))
        {
            ShowCurrentRole();
        }

        return Refused();
    }

    /// <summary>Fills the change form with the account's role and scope as they are.</summary>
    private void ShowCurrentRole() =>
        (Role, Trust, School) = (AccountRoles.ToName(Subject.Account.Role),
            Subject.Account.Scope.Kind == ScopeKind.Trust ? Subject.Account.Scope.Id : null,
            Subject.Account.Scope.Kind == ScopeKind.School ? Subject.Account.Scope.Id : null);

    private async Task<bool> LoadAsync(string username, CancellationToken ct)
    {
        if (await Accounts.FindSummaryAsync(username, ct) is not { } subject)
        {
            return false;
        }

        Subject = subject;
        Tokens = await Accounts.ListTokensAsync(subject.Account.AccountId, ct);
        GrantList = await Accounts.ListGrantsAsync(subject.Account.AccountId, ct);
        Changes = await Accounts.ListChangesAsync(subject.Account.AccountId, ChangesShown, ct);
        return true;
    }
}
