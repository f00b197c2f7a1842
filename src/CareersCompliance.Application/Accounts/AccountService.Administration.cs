using NodaTime;
using NodaTime.Text;
using Npgsql;

namespace CareersCompliance.Application.Accounts;

/// <summary>An account with what the administrator's table shows besides: when it last signed in.</summary>
public sealed record AccountSummary(Account Account, Instant? LastSignInAt);

/// <summary>An API token as an administrator sees it: never its secret, which is stored only as a hash.</summary>
public sealed record ApiTokenInfo(Guid TokenId, Guid AccountId, string Name, Instant CreatedAt, Instant? ExpiresAt, Instant? RevokedAt)
{
    public bool ActiveAt(Instant now) => RevokedAt is null && (ExpiresAt is not { } e || now < e);
}

/// <summary>One audited change to an account, its grants or its tokens (app.account_changes).</summary>
public sealed record AccountChange(long Id, Instant At, string Actor, string Action, Guid AccountId, string Username, string Detail);

/// <summary>The administration the web and the command line share: enabling, role and scope changes, tokens and the change record.</summary>
public sealed partial class AccountService
{
    /// <summary>The audit row's columns; a statement appends <c>SELECT at, actor, action, account_id, username, detail</c>.</summary>
    private const string AuditInsert = "INSERT INTO app.account_changes (at, actor, action, account_id, username, detail)";

    /// <summary>Lets a disabled account sign in again (with its existing password; tokens it still holds work again too).</summary>
    public async Task EnableAsync(string username, string actor, CancellationToken ct)
    {
        RequireActor(actor);
        await using var cmd = dataSource.CreateCommand(Audited(
            "UPDATE app.accounts SET disabled_at = NULL, updated_at = $2 WHERE username = $1", "account-enabled", 2, endSessionsWhy: null));
        cmd.Parameters.Add(new NpgsqlParameter<string> { TypedValue = Normalise(username) });
        cmd.Parameters.Add(new NpgsqlParameter<DateTime> { TypedValue = clock.GetCurrentInstant().ToDateTimeUtc() });
        cmd.Parameters.Add(new NpgsqlParameter<string> { TypedValue = actor.Trim() });
        cmd.Parameters.Add(new NpgsqlParameter<string> { TypedValue = "may sign in again" });
        await ExpectOneAsync(cmd, username, ct);
    }

    /// <summary>
    /// Gives an account another role or scope. The account's pages follow at its next request (access is decided per request);
    /// the audit row says what it was before.
    /// </summary>
    public async Task<Account> ChangeRoleAsync(string username, AccountRole role, AccountScope scope, string actor, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(scope);
        RequireActor(actor);
        if (!AccountRoles.Allows(role, scope.Kind))
        {
            throw new AccountException($"A {AccountRoles.ToName(role)} needs {RequiredScope(role)}, not {scope}");
        }

        await using var cmd = dataSource.CreateCommand(
            $"""
            WITH old AS (SELECT account_id, role, scope_kind, scope_id FROM app.accounts WHERE username = $1 FOR UPDATE),
                 changed AS (
                    UPDATE app.accounts a SET role = $2, scope_kind = $3, scope_id = $4, updated_at = $5 FROM old
                     WHERE a.account_id = old.account_id
                    RETURNING a.account_id, a.username, old.role AS was_role, old.scope_kind AS was_kind, old.scope_id AS was_id),
                 audit AS ({AuditInsert}
                    SELECT $5, $6, 'role-changed', account_id, username,
                           $7 || ' (was ' || was_role || ', ' || CASE WHEN was_kind = 'none' THEN 'no scope' ELSE was_kind || ' ' || was_id END || ')'
                      FROM changed)
            SELECT count(*) FROM changed
            """);
        cmd.Parameters.Add(new NpgsqlParameter<string> { TypedValue = Normalise(username) });
        cmd.Parameters.Add(new NpgsqlParameter<string> { TypedValue = AccountRoles.ToName(role) });
        cmd.Parameters.Add(new NpgsqlParameter<string> { TypedValue = scope.Kind.ToString().ToLowerInvariant() });
        cmd.Parameters.Add(new NpgsqlParameter { Value = (object?)scope.Id?.Trim() ?? DBNull.Value, NpgsqlDbType = NpgsqlTypes.NpgsqlDbType.Text });
        cmd.Parameters.Add(new NpgsqlParameter<DateTime> { TypedValue = clock.GetCurrentInstant().ToDateTimeUtc() });
        cmd.Parameters.Add(new NpgsqlParameter<string> { TypedValue = actor.Trim() });
        cmd.Parameters.Add(new NpgsqlParameter<string> { TypedValue = $"{AccountRoles.ToName(role)}, {ScopeWords(scope)}" });
        await ExpectOneAsync(cmd, username, ct);
        return (await FindAsync(username, ct))!;
    }

    /// <summary>Every account with its last sign-in, by username.</summary>
    public async Task<IReadOnlyList<AccountSummary>> ListSummariesAsync(CancellationToken ct)
    {
        await using var cmd = dataSource.CreateCommand($"SELECT {AccountColumns}, last_sign_in_at FROM app.accounts ORDER BY username");
        await using var reader = await cmd.ExecuteReaderAsync(ct);
        var accounts = new List<AccountSummary>();
        while (await reader.ReadAsync(ct))
        {
            accounts.Add(new AccountSummary(ReadAccount(reader), At(reader, AccountColumnCount)));
        }

        return accounts;
    }

    /// <summary>One account with its last sign-in, or null.</summary>
    public async Task<AccountSummary?> FindSummaryAsync(string username, CancellationToken ct)
    {
        await using var cmd = dataSource.CreateCommand($"SELECT {AccountColumns}, last_sign_in_at FROM app.accounts WHERE username = $1");
        cmd.Parameters.Add(new NpgsqlParameter<string> { TypedValue = Normalise(username) });
        await using var reader = await cmd.ExecuteReaderAsync(ct);
        return await reader.ReadAsync(ct) ? new AccountSummary(ReadAccount(reader), At(reader, AccountColumnCount)) : null;
    }

    /// <summary>An account's API tokens, newest first.</summary>
    public async Task<IReadOnlyList<ApiTokenInfo>> ListTokensAsync(Guid accountId, CancellationToken ct)
    {
        await using var cmd = dataSource.CreateCommand(
            "SELECT token_id, account_id, name, created_at, expires_at, revoked_at FROM app.api_tokens WHERE account_id = $1 ORDER BY created_at DESC");
        cmd.Parameters.Add(new NpgsqlParameter<Guid> { TypedValue = accountId });
        await using var reader = await cmd.ExecuteReaderAsync(ct);
        var tokens = new List<ApiTokenInfo>();
        while (await reader.ReadAsync(ct))
        {
            tokens.Add(new ApiTokenInfo(reader.GetGuid(0), reader.GetGuid(1), reader.GetString(2), Instant.FromDateTimeUtc(reader.GetDateTime(3)),
                At(reader, 4), At(reader, 5)));
        }

        return tokens;
    }

    /// <summary>Revokes a token now: the next request with it is answered as unauthenticated.</summary>
    public async Task RevokeTokenAsync(Guid tokenId, string actor, CancellationToken ct)
    {
        RequireActor(actor);
        await using var cmd = dataSource.CreateCommand(
            $"""
            WITH revoked AS (
                UPDATE app.api_tokens t SET revoked_at = $2 FROM app.accounts a
                 WHERE t.token_id = $1 AND t.revoked_at IS NULL AND a.account_id = t.account_id
                RETURNING t.account_id, a.username, t.name),
                 audit AS ({AuditInsert} SELECT $2, $3, 'token-revoked', account_id, username, 'token "' || name || '"' FROM revoked)
            SELECT count(*) FROM revoked
            """);
        cmd.Parameters.Add(new NpgsqlParameter<Guid> { TypedValue = tokenId });
        cmd.Parameters.Add(new NpgsqlParameter<DateTime> { TypedValue = clock.GetCurrentInstant().ToDateTimeUtc() });
        cmd.Parameters.Add(new NpgsqlParameter<string> { TypedValue = actor.Trim() });
        if (await cmd.ExecuteScalarAsync(ct) is 0L)
        {
            throw new AccountException($"No token {tokenId} in force");
        }
    }

    /// <summary>The newest audited changes, of every account or of one.</summary>
    public async Task<IReadOnlyList<AccountChange>> ListChangesAsync(Guid? accountId, int limit, CancellationToken ct)
    {
        // Why two statements: each is served by its own index (the primary key read backwards, or the per-account one).
        await using var cmd = dataSource.CreateCommand(accountId is null
            ? "SELECT id, at, actor, action, account_id, username, detail FROM app.account_changes ORDER BY id DESC LIMIT $1"
            : "SELECT id, at, actor, action, account_id, username, detail FROM app.account_changes WHERE account_id = $2 ORDER BY id DESC LIMIT $1");
        cmd.Parameters.Add(new NpgsqlParameter<int> { TypedValue = Math.Clamp(limit, 1, 1000) });
        if (accountId is { } id)
        {
            cmd.Parameters.Add(new NpgsqlParameter<Guid> { TypedValue = id });
        }

        await using var reader = await cmd.ExecuteReaderAsync(ct);
        var changes = new List<AccountChange>();
        while (await reader.ReadAsync(ct))
        {
            changes.Add(new AccountChange(reader.GetInt64(0), Instant.FromDateTimeUtc(reader.GetDateTime(1)), reader.GetString(2), reader.GetString(3),
                reader.GetGuid(4), reader.GetString(5), reader.GetString(6)));
        }

        return changes;
    }

    /// <summary>A scope in the words the change record uses: "trust LLT", "school 100001", "no scope".</summary>
    public static string ScopeWords(AccountScope scope) => scope?.Kind is null or ScopeKind.None ? "no scope" : scope.ToString();

    private static void RequireActor(string actor)
    {
        if (string.IsNullOrWhiteSpace(actor))
        {
            throw new AccountException("Say who makes the change: every account change is recorded with its actor");
        }
    }

    /// <summary>Adds the audit row's parameters: now, the actor, the subject's username when the statement cannot return it, the detail.</summary>
    private void AddAudit(NpgsqlCommand cmd, string actor, string detail, string? username = null)
    {
        cmd.Parameters.Add(new NpgsqlParameter<DateTime> { TypedValue = clock.GetCurrentInstant().ToDateTimeUtc() });
        cmd.Parameters.Add(new NpgsqlParameter<string> { TypedValue = actor.Trim() });
        if (username is not null)
        {
            cmd.Parameters.Add(new NpgsqlParameter<string> { TypedValue = username });
        }

        cmd.Parameters.Add(new NpgsqlParameter<string> { TypedValue = detail });
    }

    private static string Iso(LocalDate date) => LocalDatePattern.Iso.Format(date);

    private static Instant? At(NpgsqlDataReader reader, int ordinal) => reader.IsDBNull(ordinal) ? null : Instant.FromDateTimeUtc(reader.GetDateTime(ordinal));
}
