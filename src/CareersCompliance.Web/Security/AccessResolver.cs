using CareersCompliance.Application.Accounts;
using CareersCompliance.Web.Reading;

namespace CareersCompliance.Web.Security;

/// <summary>Builds the request's <see cref="UserAccess"/> once: the account (must exist and be enabled), its grants in force, today's directory.</summary>
public sealed class AccessResolver(AccountService accounts, Directories directories, IHttpContextAccessor http)
{
    private UserAccess? _resolved;
    private bool _done;

    public async Task<UserAccess?> GetAsync(CancellationToken ct)
    {
        if (_done)
        {
            return _resolved;
        }

        _done = true;
        var user = http.HttpContext?.User;
        if (user?.Identity?.IsAuthenticated != true || CareersClaims.AccountIdOf(user) is not { } id)
        {
            return null;
        }

        var account = await accounts.GetAsync(id, ct);
        if (account is null || account.Disabled)
        {
            return null;
        }

        var grants = account.Role == AccountRole.Inspector ? await accounts.ActiveGrantsAsync(id, ct) : [];
        _resolved = new UserAccess(account, grants, await directories.TodayAsync(ct), await directories.PseudonymsAsync(ct));
        return _resolved;
    }
}
