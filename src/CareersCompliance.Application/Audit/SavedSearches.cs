using NodaTime;
using Npgsql;

namespace CareersCompliance.Application.Audit;

/// <summary>A named audit search of one account: the query string of its filters.</summary>
public sealed record SavedSearch(Guid Id, string Name, string Query, Instant CreatedAt);

/// <summary>
/// Each account's saved audit searches (app.saved_searches). Every read and delete is keyed by the account, so one account
/// never sees or removes another's.
/// </summary>
public sealed class SavedSearches(NpgsqlDataSource dataSource, IClock clock)
{
    public const int MaxNameLength = 80;

    /// <summary>What is wrong with a name, in words a person can act on; null when it will do.</summary>
    public static string? NameProblem(string? name) => string.IsNullOrWhiteSpace(name)
        ? "Enter a name for the search"
        : name.Trim().Length > MaxNameLength ? $"The name must be {MaxNameLength} characters or fewer (it has {name.Trim().Length})" : null;

    public async Task<IReadOnlyList<SavedSearch>> ListAsync(Guid accountId, CancellationToken ct)
    {
        await using var cmd = dataSource.CreateCommand(
            "SELECT search_id, name, query, created_at FROM app.saved_searches WHERE account_id = $1 ORDER BY name");
        cmd.Parameters.Add(new NpgsqlParameter<Guid> { TypedValue = accountId });
        await using var reader = await cmd.ExecuteReaderAsync(ct);
        var result = new List<SavedSearch>();
        while (await reader.ReadAsync(ct))
        {
            result.Add(new SavedSearch(reader.GetGuid(0), reader.GetString(1), reader.GetString(2), Instant.FromDateTimeUtc(reader.GetDateTime(3))));
        }

        return result;
    }

    /// <summary>Saves the search; false when the account already has one of this name (nothing is changed then).</summary>
    public async Task<bool> SaveAsync(Guid accountId, string name, string query, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(name);
        ArgumentNullException.ThrowIfNull(query);
        if (NameProblem(name) is { } problem)
        {
            throw new ArgumentException(problem, nameof(name));
        }

        await using var cmd = dataSource.CreateCommand("""
            INSERT INTO app.saved_searches (search_id, account_id, name, query, created_at) VALUES ($1, $2, $3, $4, $5)
            ON CONFLICT (account_id, name) DO NOTHING
            """);
        cmd.Parameters.Add(new NpgsqlParameter<Guid> { TypedValue = Guid.CreateVersion7() });
        cmd.Parameters.Add(new NpgsqlParameter<Guid> { TypedValue = accountId });
        cmd.Parameters.Add(new NpgsqlParameter<string> { TypedValue = name.Trim() });
        cmd.Parameters.Add(new NpgsqlParameter<string> { TypedValue = query });
        cmd.Parameters.Add(new NpgsqlParameter<DateTime> { TypedValue = clock.GetCurrentInstant().ToDateTimeUtc() });
        return await cmd.ExecuteNonQueryAsync(ct) == 1;
    }

    /// <summary>Deletes the account's search; false when the account has no search of this id.</summary>
    public async Task<bool> DeleteAsync(Guid accountId, Guid searchId, CancellationToken ct)
    {
        await using var cmd = dataSource.CreateCommand("DELETE FROM app.saved_searches WHERE search_id = $1 AND account_id = $2");
        cmd.Parameters.Add(new NpgsqlParameter<Guid> { TypedValue = searchId });
        cmd.Parameters.Add(new NpgsqlParameter<Guid> { TypedValue = accountId });
        return await cmd.ExecuteNonQueryAsync(ct) == 1;
    }
}
