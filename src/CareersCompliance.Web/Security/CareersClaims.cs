using System.Security.Claims;
using CareersCompliance.Application.Accounts;

namespace CareersCompliance.Web.Security;

/// <summary>The claims a session or token carries: only the account id and names; roles and grants are re-read per request.</summary>
internal static class CareersClaims
{
    public const string AccountId = "careers:account";

    public static ClaimsPrincipal Principal(Account account, string scheme)
    {
        ArgumentNullException.ThrowIfNull(account);
        var identity = new ClaimsIdentity(
        [
            new Claim(AccountId, account.AccountId.ToString()),
            new Claim(ClaimTypes.Name, account.Username),
            new Claim(ClaimTypes.Role, AccountRoles.ToName(account.Role)),
        ], scheme, ClaimTypes.Name, ClaimTypes.Role);
        return new ClaimsPrincipal(identity);
    }

    public static Guid? AccountIdOf(ClaimsPrincipal user) =>
        Guid.TryParse(user?.FindFirstValue(AccountId), out var id) ? id : null;
}
