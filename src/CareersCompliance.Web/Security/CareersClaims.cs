using System.Security.Claims;
using CareersCompliance.Application.Accounts;

namespace CareersCompliance.Web.Security;

/// <summary>The claims a session or token carries: the account id and names, and for a browser the server-side session's id;
/// roles and grants are re-read per request.</summary>
internal static class CareersClaims
{
    public const string AccountId = "careers:account";

    public const string SessionId = "careers:session";

    public static ClaimsPrincipal Principal(Account account, string scheme, Guid? sessionId = null)
    {
        ArgumentNullException.ThrowIfNull(account);
        List<Claim> claims =
        [
            new Claim(AccountId, account.AccountId.ToString()),
            new Claim(ClaimTypes.Name, account.Username),
            new Claim(ClaimTypes.Role, AccountRoles.ToName(account.Role)),
        ];
        if (sessionId is { } session)
        {
            claims.Add(new Claim(SessionId, session.ToString()));
        }

        return new ClaimsPrincipal(new ClaimsIdentity(claims, scheme, ClaimTypes.Name, ClaimTypes.Role));
    }

    public static Guid? SessionIdOf(ClaimsPrincipal user) =>
        Guid.TryParse(user?.FindFirstValue(SessionId), out var id) ? id : null;

    public static Guid? AccountIdOf(ClaimsPrincipal user) =>
        Guid.TryParse(user?.FindFirstValue(AccountId), out var id) ? id : null;
}
