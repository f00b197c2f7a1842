using NodaTime;

namespace CareersCompliance.Application.Accounts;

/// <summary>A demo account and the password it was given (shown once, never stored).</summary>
public sealed record DemoAccount(string Username, AccountRole Role, AccountScope Scope, string? Password, string Note);

/// <summary>
/// One account per role for the demo trusts: a director and a compliance officer per trust, a careers leader per school's
/// first school, an inspector with a grant to the first trust's first school, and an administrator. Existing accounts are
/// left as they are (their password is not shown again) unless <c>resetPasswords</c> is set.
/// </summary>
public sealed class DemoAccounts(AccountService accounts, IClock clock)
{
    /// <summary>Who the change record names for the demo's own accounts and grant, as the grant's <c>granted_by</c> always has.</summary>
    private const string Actor = "demo";

    public async Task<IReadOnlyList<DemoAccount>> EnsureAsync(DirectorySnapshot directory, bool resetPasswords, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(directory);
        var wanted = new List<(string User, string Name, AccountRole Role, AccountScope Scope)>
        {
            ("admin", "Demo administrator", AccountRole.Administrator, AccountScope.None),
        };
        foreach (var trust in directory.Trusts)
        {
            var key = trust.TrustId.ToLowerInvariant();
            wanted.Add(($"director-{key}", $"Director, {trust.Name}", AccountRole.TrustDirector, AccountScope.Trust(trust.TrustId)));
            wanted.Add(($"officer-{key}", $"Compliance officer, {trust.Name}", AccountRole.ComplianceOfficer, AccountScope.Trust(trust.TrustId)));
            if (directory.SchoolsOf(trust.TrustId).OrderBy(s => s.Urn, StringComparer.Ordinal).FirstOrDefault() is { } school)
            {
                wanted.Add(($"leader-{school.Urn}", $"Careers leader, {school.Name}", AccountRole.CareersLeader, AccountScope.School(school.Urn)));
            }
        }

        wanted.Add(("inspector", "Demo inspector", AccountRole.Inspector, AccountScope.None));
        var result = new List<DemoAccount>();
        foreach (var (user, name, role, scope) in wanted)
        {
            var existing = await accounts.FindAsync(user, ct);
            string? password = null;
            if (existing is null)
            {
                password = PasswordHashing.Generate();
                await accounts.AddAsync(user, name, role, scope, password, Actor, ct);
            }
            else if (resetPasswords)
            {
                password = PasswordHashing.Generate();
                await accounts.SetPasswordAsync(user, password, Actor, ct);
            }

            result.Add(new DemoAccount(user, role, scope, password, existing is null ? "created" : resetPasswords ? "password reset" : "exists"));
        }

        if (await EnsureInspectorGrantAsync(directory, ct) is { } grant)
        {
            var i = result.FindIndex(a => string.Equals(a.Username, "inspector", StringComparison.Ordinal));
            result[i] = result[i] with { Note = $"{result[i].Note}; grant to {grant.SchoolUrn} for {grant.PeriodFrom:yyyy-MM-dd}..{grant.PeriodTo:yyyy-MM-dd}, expires {grant.ExpiresAt}" };
        }

        return result;
    }

    private async Task<AccessGrant?> EnsureInspectorGrantAsync(DirectorySnapshot directory, CancellationToken ct)
    {
        var school = directory.Trusts.Select(t => directory.SchoolsOf(t.TrustId).OrderBy(s => s.Urn, StringComparer.Ordinal).FirstOrDefault())
            .FirstOrDefault(s => s is not null);
        var inspector = await accounts.FindAsync("inspector", ct);
        if (school is null || inspector is null)
        {
            return null;
        }

        var active = (await accounts.ActiveGrantsAsync(inspector.AccountId, ct)).FirstOrDefault(g => string.Equals(g.SchoolUrn, school.Urn, StringComparison.Ordinal));
        if (active is not null)
        {
            return active;
        }

        // The current academic year (from 1 September) as the period; the grant lasts thirty days.
        var today = clock.GetCurrentInstant().InUtc().Date;
        var yearStart = new LocalDate(today.Month >= 9 ? today.Year : today.Year - 1, 9, 1);
        return await accounts.GrantAsync("inspector", school.Urn, yearStart, yearStart.PlusYears(1).PlusDays(-1),
            clock.GetCurrentInstant() + Duration.FromDays(30), showIdentities: false, "demo inspection", Actor, ct);
    }
}
