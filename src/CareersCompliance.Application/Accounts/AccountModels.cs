using NodaTime;

namespace CareersCompliance.Application.Accounts;

/// <summary>What an account may do; the scope says where.</summary>
public enum AccountRole
{
    /// <summary>Reads one trust.</summary>
    TrustDirector,

    /// <summary>Reads and audits a school or a trust.</summary>
    ComplianceOfficer,

    /// <summary>Records evidence for, and reads, their own school.</summary>
    CareersLeader,

    /// <summary>Reads one school for a stated period through a grant, pupils pseudonymised unless the grant says otherwise.</summary>
    Inspector,

    /// <summary>Manages accounts and grants; reads everything.</summary>
    Administrator,
}

/// <summary>Where an account's role applies.</summary>
public enum ScopeKind
{
    None,
    Trust,
    School,
}

/// <summary>The scope of an account: a trust id, a school URN, or none.</summary>
public sealed record AccountScope(ScopeKind Kind, string? Id)
{
    public static AccountScope None { get; } = new(ScopeKind.None, null);

    public static AccountScope Trust(string trustId) => new(ScopeKind.Trust, trustId);

    public static AccountScope School(string urn) => new(ScopeKind.School, urn);

    public override string ToString() => Kind switch
    {
        ScopeKind.Trust => $"trust {Id}",
        ScopeKind.School => $"school {Id}",
        _ => "-",
    };
}

/// <summary>An account as the application sees it (never with its password hash).</summary>
public sealed record Account(
    Guid AccountId, string Username, string DisplayName, AccountRole Role, AccountScope Scope, Instant? DisabledAt)
{
    public bool Disabled => DisabledAt is not null;
}

/// <summary>An inspector's read-only access to one school for a stated period.</summary>
public sealed record AccessGrant(
    Guid GrantId, Guid AccountId, string Username, string SchoolUrn, LocalDate PeriodFrom, LocalDate PeriodTo, Instant ExpiresAt,
    bool ShowIdentities, string Purpose, string GrantedBy, Instant GrantedAt, Instant? RevokedAt)
{
    public bool ActiveAt(Instant now) => RevokedAt is null && now < ExpiresAt;
}

/// <summary>The outcome of a login attempt.</summary>
public enum LoginStatus
{
    Succeeded,

    /// <summary>Unknown username, wrong password, no password set or a disabled account: one answer for all of them.</summary>
    InvalidCredentials,

    /// <summary>Too many failures for this username from this address; no password was checked.</summary>
    Throttled,
}

/// <summary>A login attempt's outcome; <see cref="Account"/> is set only when it succeeded, <see cref="BlockedUntil"/> when throttled.</summary>
public sealed record LoginResult(LoginStatus Status, Account? Account, Instant? BlockedUntil = null);

/// <summary>A freshly issued API token: the secret is shown once and stored only as a hash.</summary>
public sealed record IssuedToken(Guid TokenId, string Token, Instant? ExpiresAt);

/// <summary>Role names as stored and typed on the command line.</summary>
public static class AccountRoles
{
    public static string ToName(AccountRole role) => role switch
    {
        AccountRole.TrustDirector => "trust-director",
        AccountRole.ComplianceOfficer => "compliance-officer",
        AccountRole.CareersLeader => "careers-leader",
        AccountRole.Inspector => "inspector",
        AccountRole.Administrator => "administrator",
        _ => throw new ArgumentOutOfRangeException(nameof(role)),
    };

    public static bool TryParse(string? name, out AccountRole role)
    {
        foreach (var r in Enum.GetValues<AccountRole>())
        {
            if (string.Equals(ToName(r), name?.Trim(), StringComparison.OrdinalIgnoreCase))
            {
                role = r;
                return true;
            }
        }

        role = default;
        return false;
    }

    /// <summary>The scope kinds a role may have (the database checks the same).</summary>
    public static bool Allows(AccountRole role, ScopeKind kind) => role switch
    {
        AccountRole.TrustDirector => kind == ScopeKind.Trust,
        AccountRole.CareersLeader => kind == ScopeKind.School,
        AccountRole.ComplianceOfficer => kind is ScopeKind.Trust or ScopeKind.School,
        _ => kind == ScopeKind.None,
    };

    public static string Describe(AccountRole role) => role switch
    {
        AccountRole.TrustDirector => "Trust director",
        AccountRole.ComplianceOfficer => "Compliance officer",
        AccountRole.CareersLeader => "Careers leader",
        AccountRole.Inspector => "Inspector",
        AccountRole.Administrator => "Administrator",
        _ => role.ToString(),
    };
}
