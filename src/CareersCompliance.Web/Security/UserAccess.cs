using CareersCompliance.Application.Accounts;
using CareersCompliance.Application.Pupils;
using CareersCompliance.Domain.Common;
using NodaTime;

namespace CareersCompliance.Web.Security;

/// <summary>How a page may show pupils to this user.</summary>
public enum PupilVisibility
{
    /// <summary>Initials and a stable code (inspectors, unless their grant says otherwise).</summary>
    Pseudonymised,

    /// <summary>UPN on lists; names on the pupil page only.</summary>
    Identified,
}

/// <summary>
/// What the signed-in account may see, decided per request from the account's role and scope, its grants in force now and
/// the trust membership of schools today. Every page and endpoint asks this before reading.
/// </summary>
public sealed class UserAccess(Account account, IReadOnlyList<AccessGrant> grants, DirectorySnapshot directory, Pseudonyms pseudonyms)
{
    public Account Account => account;

    public DirectorySnapshot Directory => directory;

    public IReadOnlyList<AccessGrant> Grants => grants;

    public AccountRole Role => account.Role;

    public string RoleName => AccountRoles.ToName(account.Role);

    public bool IsAdministrator => account.Role == AccountRole.Administrator;

    /// <summary>Administrators and compliance officers may read the audit trail and the access log.</summary>
    public bool CanAudit => account.Role is AccountRole.Administrator or AccountRole.ComplianceOfficer;

    public bool CanReadTrust(string trustId) =>
        IsAdministrator
        || (account.Role is AccountRole.TrustDirector or AccountRole.ComplianceOfficer
            && account.Scope.Kind == ScopeKind.Trust && string.Equals(account.Scope.Id, trustId, StringComparison.Ordinal));

    public bool CanReadSchool(string urn)
    {
        if (directory.School(urn) is not { } school)
        {
            return false;
        }

        return account.Role switch
        {
            AccountRole.Administrator => true,
            AccountRole.Inspector => GrantFor(urn) is not null,
            _ when account.Scope.Kind == ScopeKind.School => string.Equals(account.Scope.Id, urn, StringComparison.Ordinal),
            _ when account.Scope.Kind == ScopeKind.Trust => school.TrustId is { } t && string.Equals(account.Scope.Id, t, StringComparison.Ordinal),
            _ => false,
        };
    }

    /// <summary>Careers leaders record for their own school only.</summary>
    public bool CanRecord(string urn) =>
        account.Role == AccountRole.CareersLeader && string.Equals(account.Scope.Id, urn, StringComparison.Ordinal);

    public IReadOnlyList<TrustEntry> ReadableTrusts => [.. directory.Trusts.Where(t => CanReadTrust(t.TrustId))];

    public IReadOnlyList<SchoolEntry> ReadableSchools => [.. directory.Schools.Where(s => CanReadSchool(s.Urn))];

    /// <summary>The schools whose access-log rows this user may read (null: all).</summary>
    public IReadOnlyCollection<string>? AuditableSchools =>
        IsAdministrator ? null : account.Role == AccountRole.ComplianceOfficer ? [.. ReadableSchools.Select(s => s.Urn)] : [];

    /// <summary>The inspector's grant in force for this school, if any.</summary>
    public AccessGrant? GrantFor(string urn) =>
        grants.FirstOrDefault(g => string.Equals(g.SchoolUrn, urn, StringComparison.Ordinal));

    public PupilVisibility PupilsAt(string urn) =>
        account.Role == AccountRole.Inspector && GrantFor(urn) is not { ShowIdentities: true } ? PupilVisibility.Pseudonymised : PupilVisibility.Identified;

    /// <summary>Names appear on a pupil's own page only, and only to those who work with the pupil's records.</summary>
    public bool MaySeeNames(string urn) =>
        PupilsAt(urn) == PupilVisibility.Identified && account.Role is AccountRole.CareersLeader or AccountRole.Administrator or AccountRole.Inspector;

    /// <summary>The schools whose pupils this user may find by UPN: those where pupils are shown identified (not pseudonymised).</summary>
    public IReadOnlyList<SchoolEntry> SearchableSchools => [.. ReadableSchools.Where(s => PupilsAt(s.Urn) == PupilVisibility.Identified)];

    /// <summary>Whether the header offers pupil search: someone who cannot see who a pupil is cannot look one up.</summary>
    public bool CanSearchPupils => SearchableSchools.Count > 0;

    /// <summary>How a list shows a pupil: UPN, or initials and code.</summary>
    public string PupilLabel(string urn, PupilId pupil, PupilDetails? details) =>
        PupilsAt(urn) == PupilVisibility.Pseudonymised ? pseudonyms.Label(pupil, details) : details?.DisplayUpn ?? "[unknown]";

    /// <summary>An inspector reads the school within the grant's period; others at any date.</summary>
    public LocalDate ClampAsOf(string urn, LocalDate asOf) =>
        account.Role == AccountRole.Inspector && GrantFor(urn) is { } g
            ? (asOf < g.PeriodFrom ? g.PeriodFrom : asOf > g.PeriodTo ? g.PeriodTo : asOf)
            : asOf;
}
