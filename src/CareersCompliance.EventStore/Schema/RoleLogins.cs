using CareersCompliance.EventStore.Hosting;
using Npgsql;

namespace CareersCompliance.EventStore.Schema;

/// <summary>
/// Lets careers_app and careers_sealer log in with a password of their own, so that a web host is given their logins
/// and never the owner's (issue 13, security boundary). Run by an operator as the owner, after the migrations.
/// </summary>
public static class RoleLogins
{
    /// <summary>The shortest password accepted: these logins guard every pupil's record.</summary>
    public const int MinimumPasswordLength = 16;

    /// <summary>The roles that may be given a login.</summary>
    public static IReadOnlyList<string> Roles { get; } = [EventStoreDataSources.ApplicationRole, EventStoreDataSources.SealerRole];

    /// <summary>Gives <paramref name="role"/> a login with <paramref name="password"/> (replacing any earlier one).</summary>
    /// <param name="ownerConnectionString">The owner's login (allowed to alter roles).</param>
    /// <param name="role">careers_app or careers_sealer.</param>
    /// <param name="password">The new password, at least <see cref="MinimumPasswordLength"/> characters.</param>
    /// <param name="ct">Cancels the change.</param>
    /// <returns>A connection string for the role: the owner's with the role's username and password.</returns>
    /// <exception cref="ArgumentException">When the role is not one of <see cref="Roles"/> or the password is too short.</exception>
    public static async Task<string> EnableAsync(string ownerConnectionString, string role, string password, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(password);
        if (!Roles.Contains(role, StringComparer.Ordinal))
        {
            throw new ArgumentException($"'{role}' is not one of the roles that may log in ({string.Join(", ", Roles)}).", nameof(role));
        }

        if (password.Length < MinimumPasswordLength)
        {
            throw new ArgumentException($"The password for {role} must have at least {MinimumPasswordLength} characters.", nameof(password));
        }

        var connection = new NpgsqlConnection(ownerConnectionString);
        await using var connectionScope = connection.ConfigureAwait(false);
        await connection.OpenAsync(ct).ConfigureAwait(false);
        // Why let the server quote it: ALTER ROLE takes no parameters, and format's %L quotes any password safely.
        string statement;
        var quote = new NpgsqlCommand("SELECT format('ALTER ROLE %I LOGIN PASSWORD %L', $1::text, $2::text)", connection);
        await using (quote.ConfigureAwait(false))
        {
            quote.Parameters.Add(new NpgsqlParameter<string> { TypedValue = role });
            quote.Parameters.Add(new NpgsqlParameter<string> { TypedValue = password });
            statement = (string)(await quote.ExecuteScalarAsync(ct).ConfigureAwait(false))!;
        }

        var alter = new NpgsqlCommand(statement, connection);
        await using (alter.ConfigureAwait(false))
        {
            await alter.ExecuteNonQueryAsync(ct).ConfigureAwait(false);
        }

        return new NpgsqlConnectionStringBuilder(ownerConnectionString) { Username = role, Password = password }.ConnectionString;
    }
}
