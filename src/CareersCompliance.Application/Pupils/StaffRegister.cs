using Npgsql;

namespace CareersCompliance.Application.Pupils;

/// <summary>Names of careers advisers and other staff, kept outside the ledger so they can be erased.</summary>
public sealed class StaffRegister(NpgsqlDataSource dataSource)
{
    public static string AdviserKey(string adviserId) => "adviser:" + adviserId;

    /// <summary>The names of the given staff keys that are known and not erased (a primary-key read).</summary>
    public async Task<IReadOnlyDictionary<string, string>> NamesAsync(IReadOnlyCollection<string> keys, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(keys);
        var names = new Dictionary<string, string>(StringComparer.Ordinal);
        if (keys.Count == 0)
        {
            return names;
        }

        await using var cmd = dataSource.CreateCommand("SELECT staff_key, name FROM pii.staff WHERE staff_key = ANY($1) AND erased_at IS NULL AND name IS NOT NULL");
        cmd.Parameters.Add(new NpgsqlParameter<string[]> { TypedValue = [.. keys] });
        await using var reader = await cmd.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct))
        {
            names[reader.GetString(0)] = reader.GetString(1);
        }

        return names;
    }

    public async Task UpsertAsync(IReadOnlyCollection<(string Key, string Name)> staff, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(staff);
        if (staff.Count == 0)
        {
            return;
        }

        await using var cmd = dataSource.CreateCommand(
            """
            INSERT INTO pii.staff (staff_key, name)
            SELECT * FROM unnest($1::text[], $2::text[])
            ON CONFLICT (staff_key) DO UPDATE SET name = EXCLUDED.name, updated_at = now()
             WHERE pii.staff.erased_at IS NULL AND pii.staff.name IS DISTINCT FROM EXCLUDED.name
            """);
        cmd.Parameters.Add(new NpgsqlParameter<string[]> { TypedValue = [.. staff.Select(s => s.Key)] });
        cmd.Parameters.Add(new NpgsqlParameter<string[]> { TypedValue = [.. staff.Select(s => s.Name)] });
        await cmd.ExecuteNonQueryAsync(ct);
    }
}
