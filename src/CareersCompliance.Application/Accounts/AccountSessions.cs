using NodaTime;
using Npgsql;

namespace CareersCompliance.Application.Accounts;

/// <summary>
/// Browser sessions kept on the server (app.sessions): the cookie names a session, and the session is open only until it
/// is ended (sign-out, new password, disabled account), left idle for <see cref="IdleTimeout"/>, or <see cref="Lifetime"/>
/// after sign-in, whichever comes first. Every lookup is by the session's primary key.
/// </summary>
public sealed class AccountSessions(NpgsqlDataSource dataSource, IClock clock)
{
    public static Duration IdleTimeout { get; } = Duration.FromMinutes(30);

    public static Duration Lifetime { get; } = Duration.FromHours(8);

    // Why not on every request: one row update per page view is churn; a minute's slack on a 30-minute idle limit is not.
    private static readonly Duration TouchAfter = Duration.FromMinutes(1);

    // Ended sessions are kept a while to answer "who was signed in when", then pruned at sign-in.
    private static readonly Duration KeepEnded = Duration.FromDays(30);

    /// <summary>Opens a session for an account that has just proved its password; returns its id for the cookie.</summary>
    public async Task<Guid> StartAsync(Guid accountId, CancellationToken ct)
    {
        var now = clock.GetCurrentInstant();
        // Guid.NewGuid is 122 random bits from the operating system's cryptographic generator: not guessable.
        var id = Guid.NewGuid();
        await using var batch = dataSource.CreateBatch();
        batch.BatchCommands.Add(Command("DELETE FROM app.sessions WHERE expires_at < $1", (now - KeepEnded).ToDateTimeUtc()));
        var insert = Command("INSERT INTO app.sessions (session_id, account_id, created_at, last_seen_at, expires_at) VALUES ($1, $2, $3, $3, $4)", id);
        insert.Parameters.Add(new NpgsqlParameter<Guid> { TypedValue = accountId });
        insert.Parameters.Add(new NpgsqlParameter<DateTime> { TypedValue = now.ToDateTimeUtc() });
        insert.Parameters.Add(new NpgsqlParameter<DateTime> { TypedValue = (now + Lifetime).ToDateTimeUtc() });
        batch.BatchCommands.Add(insert);
        // The administrator's accounts table shows when each account last signed in.
        var seen = Command("UPDATE app.accounts SET last_sign_in_at = $1 WHERE account_id = $2", now.ToDateTimeUtc());
        seen.Parameters.Add(new NpgsqlParameter<Guid> { TypedValue = accountId });
        batch.BatchCommands.Add(seen);
        await batch.ExecuteNonQueryAsync(ct);
        return id;
    }

    /// <summary>The account of an open session whose account is enabled, or null; a request on it restarts the idle timeout.</summary>
    public async Task<Account?> ValidateAsync(Guid sessionId, CancellationToken ct)
    {
        var now = clock.GetCurrentInstant();
        await using var cmd = dataSource.CreateCommand(
            $"""
            SELECT {AccountService.AccountColumnsOf("a")}, s.last_seen_at < $3
              FROM app.sessions s JOIN app.accounts a USING (account_id)
             WHERE s.session_id = $1 AND s.revoked_at IS NULL AND s.expires_at > $2 AND s.last_seen_at > $4 AND a.disabled_at IS NULL
            """);
        cmd.Parameters.Add(new NpgsqlParameter<Guid> { TypedValue = sessionId });
        cmd.Parameters.Add(new NpgsqlParameter<DateTime> { TypedValue = now.ToDateTimeUtc() });
        cmd.Parameters.Add(new NpgsqlParameter<DateTime> { TypedValue = (now - TouchAfter).ToDateTimeUtc() });
        cmd.Parameters.Add(new NpgsqlParameter<DateTime> { TypedValue = (now - IdleTimeout).ToDateTimeUtc() });
        Account account;
        bool stale;
        await using (var reader = await cmd.ExecuteReaderAsync(ct))
        {
            if (!await reader.ReadAsync(ct))
            {
                return null;
            }

            account = AccountService.ReadAccount(reader);
            stale = reader.GetBoolean(AccountService.AccountColumnCount);
        }

        if (stale)
        {
            await using var touch = dataSource.CreateCommand("UPDATE app.sessions SET last_seen_at = $2 WHERE session_id = $1 AND revoked_at IS NULL");
            touch.Parameters.Add(new NpgsqlParameter<Guid> { TypedValue = sessionId });
            touch.Parameters.Add(new NpgsqlParameter<DateTime> { TypedValue = now.ToDateTimeUtc() });
            await touch.ExecuteNonQueryAsync(ct);
        }

        return account;
    }

    /// <summary>Ends one session (sign-out): its cookie, wherever a copy of it is, opens nothing afterwards.</summary>
    public async Task EndAsync(Guid sessionId, CancellationToken ct)
    {
        await using var cmd = dataSource.CreateCommand(
            "UPDATE app.sessions SET revoked_at = $2, revoked_why = 'sign-out' WHERE session_id = $1 AND revoked_at IS NULL");
        cmd.Parameters.Add(new NpgsqlParameter<Guid> { TypedValue = sessionId });
        cmd.Parameters.Add(new NpgsqlParameter<DateTime> { TypedValue = clock.GetCurrentInstant().ToDateTimeUtc() });
        await cmd.ExecuteNonQueryAsync(ct);
    }

    private static NpgsqlBatchCommand Command<T>(string sql, T first)
    {
        var command = new NpgsqlBatchCommand(sql);
        command.Parameters.Add(new NpgsqlParameter<T> { TypedValue = first });
        return command;
    }
}
