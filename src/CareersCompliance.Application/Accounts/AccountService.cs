using System.Security.Cryptography;
using System.Text;
using NodaTime;
using Npgsql;

namespace CareersCompliance.Application.Accounts;

/// <summary>A refused account operation (unknown user, wrong role for a scope, weak password); the message is for people.</summary>
public sealed class AccountException(string message) : InvalidOperationException(message);

/// <summary>
/// Accounts, passwords, sign-in throttling, API tokens and inspector grants (schema app). Passwords are PBKDF2 hashes with a
/// per-user salt; five failed sign-ins for one username from one client address block that pair (not the account) for
/// fifteen minutes; tokens are stored as their SHA-256 only. Every change names its <c>actor</c> (the administrator on the
/// web, the operating-system user or <c>--by</c> on the command line) and is written to app.account_changes by the same
/// statement that makes it (decision 0057), so a change is never without its audit row nor the other way round.
/// </summary>
public sealed partial class AccountService(NpgsqlDataSource dataSource, IClock clock)
{
    public const int MaxFailedLogins = 5;

    /// <summary>How long a (username, address) pair is blocked after <see cref="MaxFailedLogins"/> failures; failures further
    /// apart than this are not counted together.</summary>
    public static Duration LockoutDuration { get; } = Duration.FromMinutes(15);

    // A pair's failure record is pruned a day after its last failure.
    private static readonly Duration KeepFailures = Duration.FromDays(1);

    private const string TokenPrefix = "cct_";

    private const string AccountColumns = "account_id, username, display_name, role, scope_kind, scope_id, disabled_at";

    /// <summary>How many columns <see cref="ReadAccount"/> reads; a query's own columns come after them.</summary>
    internal const int AccountColumnCount = 7;

    private const string GrantColumns =
        "g.grant_id, g.account_id, a.username, g.school_urn, g.period_from, g.period_to, g.expires_at, g.show_identities, g.purpose, g.granted_by, g.granted_at, g.revoked_at";

    // Why: hashing a dummy when the user is unknown keeps the response time from telling which usernames exist.
    private static readonly (byte[] Hash, byte[] Salt, int Iterations) Dummy = PasswordHashing.Hash("not-a-real-password-0000");

    public static string Normalise(string username) => (username ?? "").Trim().ToLowerInvariant();

    internal static string AccountColumnsOf(string alias) => string.Join(", ", AccountColumns.Split(", ").Select(c => alias + "." + c));

    public async Task<Account> AddAsync(
        string username, string displayName, AccountRole role, AccountScope scope, string? password, string actor, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(scope);
        RequireActor(actor);
        if (!AccountRoles.Allows(role, scope.Kind))
        {
            throw new AccountException($"A {AccountRoles.ToName(role)} needs {RequiredScope(role)}, not {scope}");
        }

        if (password is not null && PasswordHashing.Weakness(password) is { } weakness)
        {
            throw new AccountException(weakness);
        }

        var name = Normalise(username);
        var hashed = password is null ? default : PasswordHashing.Hash(password);
        await using var cmd = dataSource.CreateCommand(
            $"""
            WITH added AS (
                INSERT INTO app.accounts (account_id, username, display_name, role, scope_kind, scope_id, password_hash, password_salt, password_iterations)
                VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)
                ON CONFLICT (username) DO NOTHING
                RETURNING {AccountColumns}),
                 audit AS ({AuditInsert} SELECT $10, $11, 'account-created', account_id, username, $12 FROM added)
            SELECT {AccountColumns} FROM added
            """);
        cmd.Parameters.Add(new NpgsqlParameter<Guid> { TypedValue = Guid.CreateVersion7() });
        cmd.Parameters.Add(new NpgsqlParameter<string> { TypedValue = name });
        cmd.Parameters.Add(new NpgsqlParameter<string> { TypedValue = string.IsNullOrWhiteSpace(displayName) ? name : displayName.Trim() });
        cmd.Parameters.Add(new NpgsqlParameter<string> { TypedValue = AccountRoles.ToName(role) });
        cmd.Parameters.Add(new NpgsqlParameter<string> { TypedValue = scope.Kind.ToString().ToLowerInvariant() });
        cmd.Parameters.Add(new NpgsqlParameter { Value = (object?)scope.Id ?? DBNull.Value });
        cmd.Parameters.Add(new NpgsqlParameter { Value = (object?)hashed.Hash ?? DBNull.Value });
        cmd.Parameters.Add(new NpgsqlParameter { Value = (object?)hashed.Salt ?? DBNull.Value });
        cmd.Parameters.Add(new NpgsqlParameter { Value = password is null ? DBNull.Value : hashed.Iterations });
        AddAudit(cmd, actor, $"{AccountRoles.ToName(role)}, {ScopeWords(scope)}");
        try
        {
            await using var reader = await cmd.ExecuteReaderAsync(ct);
            return await reader.ReadAsync(ct) ? ReadAccount(reader) : throw new AccountException($"The username '{name}' is taken");
        }
        catch (PostgresException e) when (string.Equals(e.SqlState, PostgresErrorCodes.CheckViolation, StringComparison.Ordinal))
        {
            throw new AccountException($"'{name}' is not a valid username (lower-case letters, digits, . _ @ -; 2 to 64 characters)");
        }
    }

    public async Task<Account?> FindAsync(string username, CancellationToken ct)
    {
        await using var cmd = dataSource.CreateCommand($"SELECT {AccountColumns} FROM app.accounts WHERE username = $1");
        cmd.Parameters.Add(new NpgsqlParameter<string> { TypedValue = Normalise(username) });
        return await ReadOneAsync(cmd, ct);
    }

    public async Task<Account?> GetAsync(Guid accountId, CancellationToken ct)
    {
        await using var cmd = dataSource.CreateCommand($"SELECT {AccountColumns} FROM app.accounts WHERE account_id = $1");
        cmd.Parameters.Add(new NpgsqlParameter<Guid> { TypedValue = accountId });
        return await ReadOneAsync(cmd, ct);
    }

    public async Task<IReadOnlyList<Account>> ListAsync(CancellationToken ct)
    {
        await using var cmd = dataSource.CreateCommand($"SELECT {AccountColumns} FROM app.accounts ORDER BY username");
        await using var reader = await cmd.ExecuteReaderAsync(ct);
        var accounts = new List<Account>();
        while (await reader.ReadAsync(ct))
        {
            accounts.Add(ReadAccount(reader));
        }

        return accounts;
    }

    /// <summary>Disables an account: it can no longer log in, its sessions end now and its tokens stop working at their next request.</summary>
    public async Task DisableAsync(string username, string actor, CancellationToken ct)
    {
        RequireActor(actor);
        await using var cmd = dataSource.CreateCommand(Audited(
            "UPDATE app.accounts SET disabled_at = coalesce(disabled_at, $2), updated_at = $2 WHERE username = $1", "account-disabled", 2, "account-disabled"));
        cmd.Parameters.Add(new NpgsqlParameter<string> { TypedValue = Normalise(username) });
        cmd.Parameters.Add(new NpgsqlParameter<DateTime> { TypedValue = clock.GetCurrentInstant().ToDateTimeUtc() });
        cmd.Parameters.Add(new NpgsqlParameter<string> { TypedValue = actor.Trim() });
        cmd.Parameters.Add(new NpgsqlParameter<string> { TypedValue = "signed out everywhere; tokens stop working" });
        await ExpectOneAsync(cmd, username, ct);
    }

    /// <summary>Sets a new password and ends the account's open sessions: a browser signed in with the old one must sign in again.</summary>
    public async Task SetPasswordAsync(string username, string password, string actor, CancellationToken ct)
    {
        RequireActor(actor);
        if (PasswordHashing.Weakness(password) is { } weakness)
        {
            throw new AccountException(weakness);
        }

        var (hash, salt, iterations) = PasswordHashing.Hash(password);
        await using var cmd = dataSource.CreateCommand(Audited(
            """
            UPDATE app.accounts SET password_hash = $2, password_salt = $3, password_iterations = $4, updated_at = $5
             WHERE username = $1
            """, "password-reset", 5, "password-changed"));
        cmd.Parameters.Add(new NpgsqlParameter<string> { TypedValue = Normalise(username) });
        cmd.Parameters.Add(new NpgsqlParameter<byte[]> { TypedValue = hash });
        cmd.Parameters.Add(new NpgsqlParameter<byte[]> { TypedValue = salt });
        cmd.Parameters.Add(new NpgsqlParameter<int> { TypedValue = iterations });
        cmd.Parameters.Add(new NpgsqlParameter<DateTime> { TypedValue = clock.GetCurrentInstant().ToDateTimeUtc() });
        cmd.Parameters.Add(new NpgsqlParameter<string> { TypedValue = actor.Trim() });
        cmd.Parameters.Add(new NpgsqlParameter<string> { TypedValue = "new password set; open sessions ended" });
        await ExpectOneAsync(cmd, username, ct);
    }

    /// <summary>
    /// Checks a password from a client address. A (username, address) pair with <see cref="MaxFailedLogins"/> failures within
    /// <see cref="LockoutDuration"/> is blocked for that long, without checking any password. Unknown usernames, accounts without a
    /// password, disabled accounts and wrong passwords take the same path, with a hash computed each time, so neither the answer
    /// nor its timing tells whether a username exists.
    /// </summary>
    public async Task<LoginResult> LoginAsync(string username, string password, string clientAddress, CancellationToken ct)
    {
        var now = clock.GetCurrentInstant();
        var pair = PairKey(username, clientAddress);
        if (await BlockedUntilAsync(pair, now, ct) is { } blocked)
        {
            return new LoginResult(LoginStatus.Throttled, null, blocked);
        }

        await using var cmd = dataSource.CreateCommand(
            $"SELECT {AccountColumns}, password_hash, password_salt, password_iterations FROM app.accounts WHERE username = $1");
        cmd.Parameters.Add(new NpgsqlParameter<string> { TypedValue = Normalise(username) });
        Account? account = null;
        var (hash, salt, iterations) = Dummy;
        await using (var reader = await cmd.ExecuteReaderAsync(ct))
        {
            if (await reader.ReadAsync(ct))
            {
                account = ReadAccount(reader);
                const int Hash = AccountColumnCount;
                if (!await reader.IsDBNullAsync(Hash, ct))
                {
                    (hash, salt, iterations) = (await reader.GetFieldValueAsync<byte[]>(Hash, ct), await reader.GetFieldValueAsync<byte[]>(Hash + 1, ct), reader.GetInt32(Hash + 2));
                }
                else
                {
                    account = null;
                }
            }
        }

        // Why verify even when there is no account: hashing the dummy takes as long as hashing a real one.
        var verified = PasswordHashing.Verify(password ?? "", hash, salt, iterations);
        if (account is null || !verified || account.Disabled)
        {
            return await RecordFailureAsync(pair, now, ct);
        }

        await using var reset = dataSource.CreateCommand("DELETE FROM app.login_throttle WHERE pair_sha256 = $1");
        reset.Parameters.Add(new NpgsqlParameter<byte[]> { TypedValue = pair });
        await reset.ExecuteNonQueryAsync(ct);
        return new LoginResult(LoginStatus.Succeeded, account);
    }

    /// <summary>Issues a bearer token for scripts; the returned secret is never stored and cannot be shown again.</summary>
    public async Task<IssuedToken> IssueTokenAsync(string username, string name, Instant? expiresAt, string actor, CancellationToken ct)
    {
        RequireActor(actor);
        var account = await FindAsync(username, ct) ?? throw new AccountException($"No account '{Normalise(username)}'");
        var token = TokenPrefix + Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)).TrimEnd('=').Replace('+', '-').Replace('/', '_');
        var id = Guid.CreateVersion7();
        var tokenName = string.IsNullOrWhiteSpace(name) ? "script" : name.Trim();
        await using var cmd = dataSource.CreateCommand(
            $"""
            WITH issued AS (
                INSERT INTO app.api_tokens (token_id, account_id, token_sha256, name, expires_at) VALUES ($1, $2, $3, $4, $5) RETURNING account_id),
                 audit AS ({AuditInsert} SELECT $6, $7, 'token-issued', account_id, $8, $9 FROM issued)
            SELECT count(*) FROM issued
            """);
        cmd.Parameters.Add(new NpgsqlParameter<Guid> { TypedValue = id });
        cmd.Parameters.Add(new NpgsqlParameter<Guid> { TypedValue = account.AccountId });
        cmd.Parameters.Add(new NpgsqlParameter<byte[]> { TypedValue = TokenHash(token) });
        cmd.Parameters.Add(new NpgsqlParameter<string> { TypedValue = tokenName });
        cmd.Parameters.Add(new NpgsqlParameter { Value = (object?)expiresAt?.ToDateTimeUtc() ?? DBNull.Value, NpgsqlDbType = NpgsqlTypes.NpgsqlDbType.TimestampTz });
        AddAudit(cmd, actor, $"token \"{tokenName}\", {(expiresAt is { } e ? "expires " + NodaTime.Text.InstantPattern.General.Format(e) : "never expires")}", account.Username);
        await cmd.ExecuteScalarAsync(ct);
        return new IssuedToken(id, token, expiresAt);
    }

    /// <summary>The account a bearer token stands for, or null when it is unknown, revoked, expired or its account disabled.</summary>
    public async Task<Account?> AuthenticateTokenAsync(string token, CancellationToken ct)
    {
        if (string.IsNullOrEmpty(token) || !token.StartsWith(TokenPrefix, StringComparison.Ordinal))
        {
            return null;
        }

        await using var cmd = dataSource.CreateCommand(
            $"""
            SELECT {AccountColumnsOf("a")}
              FROM app.api_tokens t JOIN app.accounts a USING (account_id)
             WHERE t.token_sha256 = $1 AND t.revoked_at IS NULL AND (t.expires_at IS NULL OR t.expires_at > $2) AND a.disabled_at IS NULL
            """);
        cmd.Parameters.Add(new NpgsqlParameter<byte[]> { TypedValue = TokenHash(token) });
        cmd.Parameters.Add(new NpgsqlParameter<DateTime> { TypedValue = clock.GetCurrentInstant().ToDateTimeUtc() });
        return await ReadOneAsync(cmd, ct);
    }

    /// <summary>Grants an inspector read-only access to one school for a stated period, until <paramref name="expiresAt"/>.</summary>
    public async Task<AccessGrant> GrantAsync(
        string username, string schoolUrn, LocalDate periodFrom, LocalDate periodTo, Instant expiresAt, bool showIdentities, string purpose,
        string grantedBy, CancellationToken ct)
    {
        var account = await FindAsync(username, ct) ?? throw new AccountException($"No account '{Normalise(username)}'");
        if (account.Role != AccountRole.Inspector)
        {
            throw new AccountException($"Grants are for inspectors; '{account.Username}' is a {AccountRoles.ToName(account.Role)}");
        }

        if (periodTo < periodFrom)
        {
            throw new AccountException("The period ends before it starts");
        }

        if (expiresAt <= clock.GetCurrentInstant())
        {
            throw new AccountException("The grant would already have expired");
        }

        RequireActor(grantedBy);
        var id = Guid.CreateVersion7();
        await using var cmd = dataSource.CreateCommand(
            $"""
            WITH granted AS (
                INSERT INTO app.grants (grant_id, account_id, school_urn, period_from, period_to, expires_at, show_identities, purpose, granted_by, granted_at)
                VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) RETURNING account_id),
                 audit AS ({AuditInsert} SELECT $10, $9, 'grant-created', account_id, $11, $12 FROM granted)
            SELECT count(*) FROM granted
            """);
        cmd.Parameters.Add(new NpgsqlParameter<Guid> { TypedValue = id });
        cmd.Parameters.Add(new NpgsqlParameter<Guid> { TypedValue = account.AccountId });
        cmd.Parameters.Add(new NpgsqlParameter<string> { TypedValue = schoolUrn.Trim() });
        cmd.Parameters.Add(new NpgsqlParameter<DateOnly> { TypedValue = periodFrom.ToDateOnly() });
        cmd.Parameters.Add(new NpgsqlParameter<DateOnly> { TypedValue = periodTo.ToDateOnly() });
        cmd.Parameters.Add(new NpgsqlParameter<DateTime> { TypedValue = expiresAt.ToDateTimeUtc() });
        cmd.Parameters.Add(new NpgsqlParameter<bool> { TypedValue = showIdentities });
        var why = string.IsNullOrWhiteSpace(purpose) ? "inspection" : purpose.Trim();
        cmd.Parameters.Add(new NpgsqlParameter<string> { TypedValue = why });
        cmd.Parameters.Add(new NpgsqlParameter<string> { TypedValue = grantedBy.Trim() });
        cmd.Parameters.Add(new NpgsqlParameter<DateTime> { TypedValue = clock.GetCurrentInstant().ToDateTimeUtc() });
        cmd.Parameters.Add(new NpgsqlParameter<string> { TypedValue = account.Username });
        cmd.Parameters.Add(new NpgsqlParameter<string>
        {
            TypedValue = $"school {schoolUrn.Trim()}, period {Iso(periodFrom)} to {Iso(periodTo)}, until {NodaTime.Text.InstantPattern.General.Format(expiresAt)}, " +
                         $"{(showIdentities ? "pupils identified" : "pupils pseudonymised")}, purpose: {why}",
        });
        await cmd.ExecuteScalarAsync(ct);
        return (await ListGrantsAsync(null, ct)).Single(g => g.GrantId == id);
    }

    /// <summary>Grants, newest first; all of them, or one account's.</summary>
    public async Task<IReadOnlyList<AccessGrant>> ListGrantsAsync(Guid? accountId, CancellationToken ct)
    {
        await using var cmd = dataSource.CreateCommand(
            $"SELECT {GrantColumns} FROM app.grants g JOIN app.accounts a USING (account_id) WHERE $1::uuid IS NULL OR g.account_id = $1 ORDER BY g.granted_at DESC");
        cmd.Parameters.Add(new NpgsqlParameter { Value = (object?)accountId ?? DBNull.Value, NpgsqlDbType = NpgsqlTypes.NpgsqlDbType.Uuid });
        await using var reader = await cmd.ExecuteReaderAsync(ct);
        var grants = new List<AccessGrant>();
        while (await reader.ReadAsync(ct))
        {
            grants.Add(ReadGrant(reader));
        }

        return grants;
    }

    /// <summary>The grants of an account that are in force now (not revoked, not expired).</summary>
    public async Task<IReadOnlyList<AccessGrant>> ActiveGrantsAsync(Guid accountId, CancellationToken ct)
    {
        var now = clock.GetCurrentInstant();
        return [.. (await ListGrantsAsync(accountId, ct)).Where(g => g.ActiveAt(now))];
    }

    public async Task RevokeGrantAsync(Guid grantId, string revokedBy, CancellationToken ct)
    {
        RequireActor(revokedBy);
        await using var cmd = dataSource.CreateCommand(
            $"""
            WITH revoked AS (
                UPDATE app.grants g SET revoked_at = $2, revoked_by = $3 FROM app.accounts a
                 WHERE g.grant_id = $1 AND g.revoked_at IS NULL AND a.account_id = g.account_id
                RETURNING g.account_id, a.username, g.school_urn),
                 audit AS ({AuditInsert} SELECT $2, $3, 'grant-revoked', account_id, username, 'school ' || school_urn FROM revoked)
            SELECT count(*) FROM revoked
            """);
        cmd.Parameters.Add(new NpgsqlParameter<Guid> { TypedValue = grantId });
        cmd.Parameters.Add(new NpgsqlParameter<DateTime> { TypedValue = clock.GetCurrentInstant().ToDateTimeUtc() });
        cmd.Parameters.Add(new NpgsqlParameter<string> { TypedValue = revokedBy.Trim() });
        if (await cmd.ExecuteScalarAsync(ct) is 0L)
        {
            throw new AccountException($"No grant {grantId} in force");
        }
    }

    private async Task<Instant?> BlockedUntilAsync(byte[] pair, Instant now, CancellationToken ct)
    {
        await using var cmd = dataSource.CreateCommand("SELECT blocked_until FROM app.login_throttle WHERE pair_sha256 = $1 AND blocked_until > $2");
        cmd.Parameters.Add(new NpgsqlParameter<byte[]> { TypedValue = pair });
        cmd.Parameters.Add(new NpgsqlParameter<DateTime> { TypedValue = now.ToDateTimeUtc() });
        return await cmd.ExecuteScalarAsync(ct) is DateTime until ? Instant.FromDateTimeUtc(until) : null;
    }

    /// <summary>Counts a failure for the pair; the failure that reaches the limit blocks the pair and starts a fresh count for afterwards.</summary>
    private async Task<LoginResult> RecordFailureAsync(byte[] pair, Instant now, CancellationToken ct)
    {
        await using var batch = dataSource.CreateBatch();
        var prune = new NpgsqlBatchCommand("DELETE FROM app.login_throttle WHERE last_failure_at < $1");
        prune.Parameters.Add(new NpgsqlParameter<DateTime> { TypedValue = (now - KeepFailures).ToDateTimeUtc() });
        var count = new NpgsqlBatchCommand(
            """
            INSERT INTO app.login_throttle AS t (pair_sha256, failures, last_failure_at) VALUES ($1, 1, $2)
            ON CONFLICT (pair_sha256) DO UPDATE SET
                failures        = CASE WHEN t.last_failure_at <= $3 THEN 1 WHEN t.failures + 1 >= $4 THEN 0 ELSE t.failures + 1 END,
                blocked_until   = CASE WHEN t.last_failure_at > $3 AND t.failures + 1 >= $4 THEN $5 END,
                last_failure_at = $2
            RETURNING blocked_until
            """);
        count.Parameters.Add(new NpgsqlParameter<byte[]> { TypedValue = pair });
        count.Parameters.Add(new NpgsqlParameter<DateTime> { TypedValue = now.ToDateTimeUtc() });
        count.Parameters.Add(new NpgsqlParameter<DateTime> { TypedValue = (now - LockoutDuration).ToDateTimeUtc() });
        count.Parameters.Add(new NpgsqlParameter<int> { TypedValue = MaxFailedLogins });
        count.Parameters.Add(new NpgsqlParameter<DateTime> { TypedValue = (now + LockoutDuration).ToDateTimeUtc() });
        batch.BatchCommands.Add(prune);
        batch.BatchCommands.Add(count);
        return await batch.ExecuteScalarAsync(ct) is DateTime until
            ? new LoginResult(LoginStatus.Throttled, null, Instant.FromDateTimeUtc(until))
            : new LoginResult(LoginStatus.InvalidCredentials, null);
    }

    /// <summary>The throttle's key: a SHA-256 of the normalised username and the client address, so neither is stored.</summary>
    private static byte[] PairKey(string username, string clientAddress) =>
        SHA256.HashData(Encoding.UTF8.GetBytes(Normalise(username) + "\n" + (clientAddress ?? "")));

    /// <summary>
    /// Wraps an account UPDATE so the same statement writes its audit row (<paramref name="action"/>, at the time in parameter
    /// <paramref name="timeParameter"/>, the actor and detail in the two parameters after the update's own) and, when
    /// <paramref name="endSessionsWhy"/> is set, ends the account's open sessions.
    /// </summary>
    private static string Audited(string updateAccount, string action, int timeParameter, string? endSessionsWhy)
    {
        var own = ParameterCount(updateAccount);
        var (actor, detail) = (own + 1, own + 2);
        var ended = endSessionsWhy is null
            ? ""
            : $"""
               ended AS (UPDATE app.sessions s SET revoked_at = ${timeParameter}, revoked_why = '{endSessionsWhy}'
                           FROM changed c WHERE s.account_id = c.account_id AND s.revoked_at IS NULL),
               """;
        return $"""
            WITH changed AS ({updateAccount} RETURNING account_id, username),
                 {ended}
                 audit AS ({AuditInsert} SELECT ${timeParameter}, ${actor}, '{action}', account_id, username, ${detail} FROM changed)
            SELECT count(*) FROM changed
            """;
    }

    /// <summary>The highest <c>$N</c> in a statement.</summary>
    private static int ParameterCount(string sql) =>
        System.Text.RegularExpressions.Regex.Matches(sql, @"\$(?<n>\d+)", System.Text.RegularExpressions.RegexOptions.None, TimeSpan.FromSeconds(1))
            .Select(m => int.Parse(m.Groups["n"].Value, System.Globalization.CultureInfo.InvariantCulture)).DefaultIfEmpty(0).Max();

    private static byte[] TokenHash(string token) => SHA256.HashData(Encoding.UTF8.GetBytes(token));

    private static string RequiredScope(AccountRole role) => role switch
    {
        AccountRole.TrustDirector => "a trust",
        AccountRole.CareersLeader => "a school",
        AccountRole.ComplianceOfficer => "a trust or a school",
        _ => "no scope",
    };

    private static async Task ExpectOneAsync(NpgsqlCommand cmd, string username, CancellationToken ct)
    {
        if (await cmd.ExecuteScalarAsync(ct) is 0L)
        {
            throw new AccountException($"No account '{Normalise(username)}'");
        }
    }

    private static async Task<Account?> ReadOneAsync(NpgsqlCommand cmd, CancellationToken ct)
    {
        await using var reader = await cmd.ExecuteReaderAsync(ct);
        return await reader.ReadAsync(ct) ? ReadAccount(reader) : null;
    }

    private static AccessGrant ReadGrant(NpgsqlDataReader reader) => new(
        reader.GetGuid(0), reader.GetGuid(1), reader.GetString(2), reader.GetString(3),
        LocalDate.FromDateOnly(reader.GetFieldValue<DateOnly>(4)), LocalDate.FromDateOnly(reader.GetFieldValue<DateOnly>(5)),
        Instant.FromDateTimeUtc(reader.GetDateTime(6)), reader.GetBoolean(7), reader.GetString(8), reader.GetString(9),
        Instant.FromDateTimeUtc(reader.GetDateTime(10)), reader.IsDBNull(11) ? null : Instant.FromDateTimeUtc(reader.GetDateTime(11)));

    internal static Account ReadAccount(NpgsqlDataReader reader)
    {
        var role = AccountRoles.TryParse(reader.GetString(3), out var r) ? r : throw new InvalidOperationException($"Unknown role '{reader.GetString(3)}'");
        var kind = reader.GetString(4) switch { "trust" => ScopeKind.Trust, "school" => ScopeKind.School, _ => ScopeKind.None };
        return new Account(
            reader.GetGuid(0), reader.GetString(1), reader.GetString(2), role,
            new AccountScope(kind, reader.IsDBNull(5) ? null : reader.GetString(5)),
            reader.IsDBNull(6) ? null : Instant.FromDateTimeUtc(reader.GetDateTime(6)));
    }
}
