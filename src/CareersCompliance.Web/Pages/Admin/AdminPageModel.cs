using CareersCompliance.Application.Accounts;
using Microsoft.AspNetCore.Mvc;

namespace CareersCompliance.Web.Pages.Admin;

/// <summary>
/// What the administrator's pages share: only an administrator may open or post them (anyone else is refused with 403, a
/// visitor sent to sign in), each change is made through <see cref="AccountService"/> with the administrator as its actor,
/// and the role and scope fields of the create and change forms are read one way.
/// </summary>
public abstract class AdminPageModel(AccountService accounts) : CareersPageModel
{
    protected AccountService Accounts => accounts;

    /// <summary>The signed-in administrator's username: the actor the change record names.</summary>
    protected string Actor => Access.Account.Username;

    [BindProperty]
    public string? Role { get; set; }

    [BindProperty]
    public string? Trust { get; set; }

    [BindProperty]
    public string? School { get; set; }

    /// <summary>Null when the signed-in account is an administrator; else the answer to give (sign in, or 403).</summary>
    protected async Task<IActionResult?> AdministratorOnlyAsync(CancellationToken ct)
    {
        if (!await SignedInAsync(ct))
        {
            return SignIn();
        }

        return Access.IsAdministrator ? null : Refuse();
    }

    /// <summary>Answers a refused form: 400 with the page and its error summary.</summary>
    protected IActionResult Refused()
    {
        Response.StatusCode = StatusCodes.Status400BadRequest;
        return Page();
    }

    /// <summary>Reads the role and the trust or school it needs, adding what to fix for each field that is wrong.</summary>
    protected (AccountRole Role, AccountScope Scope)? ReadRoleAndScope()
    {
        if (!AccountRoles.TryParse(Role, out var role))
        {
            Errors.Add(new FormError("role", "Select the account's role"));
            return null;
        }

        var trust = string.IsNullOrWhiteSpace(Trust) ? null : Trust.Trim();
        var school = string.IsNullOrWhiteSpace(School) ? null : School.Trim();
        if (trust is not null && Access.Directory.Trusts.All(t => !string.Equals(t.TrustId, trust, StringComparison.Ordinal)))
        {
            Errors.Add(new FormError("trust", "Select a trust from the list"));
            return null;
        }

        if (school is not null && Access.Directory.School(school) is null)
        {
            Errors.Add(new FormError("school", "Select a school from the list"));
            return null;
        }

        switch (role)
        {
            case AccountRole.TrustDirector when trust is null || school is not null:
                Errors.Add(new FormError(trust is null ? "trust" : "school", "A trust director reads one trust: select the trust and no school"));
                return null;
            case AccountRole.CareersLeader when school is null || trust is not null:
                Errors.Add(new FormError(school is null ? "school" : "trust", "A careers leader works in one school: select the school and no trust"));
                return null;
            case AccountRole.ComplianceOfficer when (trust is null) == (school is null):
                Errors.Add(new FormError("trust", "A compliance officer audits a trust or a school: select one of the two, not both"));
                return null;
            case AccountRole.Inspector or AccountRole.Administrator when trust is not null || school is not null:
                Errors.Add(new FormError(trust is not null ? "trust" : "school",
                    $"An {(role == AccountRole.Inspector ? "inspector is given schools by grants" : "administrator sees every trust")}: leave trust and school empty"));
                return null;
        }

        var scope = trust is not null ? AccountScope.Trust(trust) : school is not null ? AccountScope.School(school) : AccountScope.None;
        return (role, scope);
    }

    /// <summary>The scope in words for tables: the trust's or school's name with its id.</summary>
    public string ScopeName(AccountScope scope)
    {
        ArgumentNullException.ThrowIfNull(scope);
        return scope.Kind switch
        {
            ScopeKind.Trust => $"{Access.Directory.Trusts.FirstOrDefault(t => string.Equals(t.TrustId, scope.Id, StringComparison.Ordinal))?.Name ?? "Trust"} ({scope.Id})",
            ScopeKind.School => $"{Access.Directory.School(scope.Id!)?.Name ?? "School"} ({scope.Id})",
            _ => "–",
        };
    }

    /// <summary>A change's action in words for the change table.</summary>
    public static string ActionWords(string action) => action switch
    {
        "account-created" => "Account created",
        "account-disabled" => "Account disabled",
        "account-enabled" => "Account enabled",
        "password-reset" => "Password reset",
        "role-changed" => "Role or scope changed",
        "token-issued" => "API token issued",
        "token-revoked" => "API token revoked",
        "grant-created" => "Inspector access granted",
        "grant-revoked" => "Inspector access revoked",
        _ => action,
    };
}
