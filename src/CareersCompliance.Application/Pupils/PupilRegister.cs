using CareersCompliance.Application.Privacy;
using CareersCompliance.Domain.Common;
using NodaTime;
using Npgsql;
using NpgsqlTypes;

namespace CareersCompliance.Application.Pupils;

/// <summary>A pupil's personal details, held only in the erasable register.</summary>
public sealed record PupilDetails(PupilId PupilId, string? Upn, string? Forename, string? Surname, LocalDate? DateOfBirth, bool Erased)
{
    /// <summary>How reports show a pupil: the UPN, or "[erased]" once the details are gone.</summary>
    public string DisplayUpn => Erased ? "[erased]" : Upn ?? "[unknown]";
}

/// <summary>
/// The erasable register (pii.pupils): UPN, names and date of birth keyed by the opaque pupil id that events carry.
/// Why outside the ledger: erasure must remove personal data without breaking the hash chain.
/// </summary>
public sealed class PupilRegister(NpgsqlDataSource dataSource, UpnHasher? erasedUpns = null)
{
    /// <summary>Finds the pupil ids of these UPNs; UPNs not yet registered are absent from the result.</summary>
    public async Task<IReadOnlyDictionary<string, PupilId>> FindAsync(IReadOnlyCollection<string> upns, CancellationToken ct)
    {
        var found = new Dictionary<string, PupilId>(StringComparer.Ordinal);
        if (upns.Count == 0)
        {
            return found;
        }

        await using var cmd = dataSource.CreateCommand("SELECT upn, pupil_id FROM pii.pupils WHERE upn = ANY($1)");
        cmd.Parameters.Add(new NpgsqlParameter<string[]> { TypedValue = [.. upns] });
        await using var reader = await cmd.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct))
        {
            found[reader.GetString(0)] = new PupilId(reader.GetGuid(1));
        }

        if (erasedUpns is not null && found.Count < upns.Count)
        {
            await RefuseErasedAsync(erasedUpns, [.. upns.Where(u => !found.ContainsKey(u))], ct);
        }

        return found;
    }

    // Why: an erased pupil's UPN is kept only as a keyed hash (decision 0030); an import naming it again must not bring them back.
    private async Task RefuseErasedAsync(UpnHasher hasher, string[] missing, CancellationToken ct)
    {
        var hashes = missing.Select(hasher.Hash).ToArray();
        await using var cmd = dataSource.CreateCommand("SELECT upn_hmac FROM pii.pupils WHERE upn_hmac = ANY($1) LIMIT 1");
        cmd.Parameters.Add(new NpgsqlParameter<byte[][]> { TypedValue = hashes });
        if (await cmd.ExecuteScalarAsync(ct) is byte[] hit)
        {
            var upn = missing[Array.FindIndex(hashes, h => h.AsSpan().SequenceEqual(hit))];
            throw new DomainRuleViolation("pupil-erased",
                $"UPN {upn} belongs to a pupil whose personal details were erased; they are not re-created. Remove them from the file.");
        }
    }

    /// <summary>Registers new pupils and brings existing ones' details up to date, in one statement.</summary>
    public async Task UpsertAsync(IReadOnlyCollection<PupilDetails> pupils, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(pupils);
        if (pupils.Count == 0)
        {
            return;
        }

        await using var cmd = dataSource.CreateCommand(
            """
            INSERT INTO pii.pupils (pupil_id, upn, forename, surname, date_of_birth)
            SELECT * FROM unnest($1::uuid[], $2::text[], $3::text[], $4::text[], $5::date[])
            ON CONFLICT (pupil_id) DO UPDATE
               SET forename = EXCLUDED.forename, surname = EXCLUDED.surname, date_of_birth = EXCLUDED.date_of_birth, updated_at = now()
             WHERE pii.pupils.erased_at IS NULL
               AND (pii.pupils.forename, pii.pupils.surname, pii.pupils.date_of_birth)
                   IS DISTINCT FROM (EXCLUDED.forename, EXCLUDED.surname, EXCLUDED.date_of_birth)
            """);
        cmd.Parameters.Add(new NpgsqlParameter<Guid[]> { TypedValue = [.. pupils.Select(p => p.PupilId.Value)] });
        cmd.Parameters.Add(new NpgsqlParameter<string?[]> { TypedValue = [.. pupils.Select(p => p.Upn)] });
        cmd.Parameters.Add(new NpgsqlParameter<string?[]> { TypedValue = [.. pupils.Select(p => p.Forename)] });
        cmd.Parameters.Add(new NpgsqlParameter<string?[]> { TypedValue = [.. pupils.Select(p => p.Surname)] });
        cmd.Parameters.Add(new NpgsqlParameter
        {
            Value = pupils.Select(p => p.DateOfBirth?.ToDateOnly()).Select(d => (object?)d ?? DBNull.Value).ToArray(),
            NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Date
        });
        await cmd.ExecuteNonQueryAsync(ct);
    }

    /// <summary>The details of these pupils (erased ones come back with <see cref="PupilDetails.Erased"/> set).</summary>
    public async Task<IReadOnlyDictionary<PupilId, PupilDetails>> GetAsync(IReadOnlyCollection<PupilId> ids, CancellationToken ct)
    {
        var result = new Dictionary<PupilId, PupilDetails>();
        if (ids.Count == 0)
        {
            return result;
        }

        await using var cmd = dataSource.CreateCommand(
            "SELECT pupil_id, upn, forename, surname, date_of_birth, erased_at IS NOT NULL FROM pii.pupils WHERE pupil_id = ANY($1)");
        cmd.Parameters.Add(new NpgsqlParameter<Guid[]> { TypedValue = [.. ids.Select(i => i.Value)] });
        await using var reader = await cmd.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct))
        {
            var id = new PupilId(reader.GetGuid(0));
            var dob = await reader.GetFieldValueAsync<DateOnly?>(4, ct);
            result[id] = new PupilDetails(
                id,
                // Why IsDBNull: GetFieldValue<string?> throws on NULL, and erasure sets these columns to NULL.
                await reader.IsDBNullAsync(1, ct) ? null : reader.GetString(1),
                await reader.IsDBNullAsync(2, ct) ? null : reader.GetString(2),
                await reader.IsDBNullAsync(3, ct) ? null : reader.GetString(3),
                dob is { } d ? LocalDate.FromDateOnly(d) : null,
                reader.GetBoolean(5));
        }

        return result;
    }

    /// <summary>The pupil id of one UPN, or null when the UPN is not registered.</summary>
    public async Task<PupilId?> FindOneAsync(string upn, CancellationToken ct)
    {
        var found = await FindAsync([upn], ct);
        return found.TryGetValue(upn, out var id) ? id : null;
    }
}
