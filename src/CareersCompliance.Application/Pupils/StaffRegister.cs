using Npgsql;

namespace CareersCompliance.Application.Pupils;

/// <summary>Names of careers advisers and other staff, kept outside the ledger so they can be erased.</summary>
public sealed class StaffRegister(NpgsqlDataSource dataSource)
{
    public static string AdviserKey(string adviserId) => "adviser:" + adviserId;

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
