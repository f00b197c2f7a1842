using System.Security.Cryptography;
using CareersCompliance.Application.Pupils;
using CareersCompliance.Domain.Common;
using Npgsql;

namespace CareersCompliance.Application.Accounts;

/// <summary>
/// How inspectors see pupils: initials and a stable code, the HMAC-SHA256 of the pupil id under a key the database keeps
/// (generated once). The code is the same on every page and in every export, so evidence can be followed without a name.
/// </summary>
public sealed class Pseudonyms
{
    private const string Alphabet = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789";

    private readonly byte[] _key;

    public Pseudonyms(byte[] key)
    {
        ArgumentNullException.ThrowIfNull(key);
        _key = key;
    }

    /// <summary>Loads the key from app.secrets, creating it on first use.</summary>
    public static async Task<Pseudonyms> LoadAsync(NpgsqlDataSource dataSource, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(dataSource);
        await using (var create = dataSource.CreateCommand("INSERT INTO app.secrets (name, value) VALUES ('pseudonym-key', $1) ON CONFLICT (name) DO NOTHING"))
        {
            create.Parameters.Add(new NpgsqlParameter<byte[]> { TypedValue = RandomNumberGenerator.GetBytes(32) });
            await create.ExecuteNonQueryAsync(ct);
        }

        // Why a second statement: when two first requests race, the loser's INSERT waits for the winner's commit, but a
        // SELECT in the same statement would still read the snapshot from before it and find no key.
        await using var read = dataSource.CreateCommand("SELECT value FROM app.secrets WHERE name = 'pseudonym-key'");
        return new Pseudonyms(await read.ExecuteScalarAsync(ct) as byte[]
            ?? throw new InvalidOperationException("app.secrets has no pseudonym key after creating one; check the table's grants."));
    }

    /// <summary>A stable eight-character code for the pupil, e.g. <c>P-7K3F9QXA</c>.</summary>
    public string Code(PupilId pupil)
    {
        var mac = HMACSHA256.HashData(_key, pupil.Value.ToByteArray());
        return "P-" + string.Create(8, mac, (span, m) =>
        {
            for (var i = 0; i < span.Length; i++)
            {
                span[i] = Alphabet[m[i] % Alphabet.Length];
            }
        });
    }

    /// <summary>Initials and code, e.g. <c>J.S. P-7K3F9QXA</c>; the code alone when the register holds no names.</summary>
    public string Label(PupilId pupil, PupilDetails? details)
    {
        var initials = details is { Erased: false } d ? Initials(d.Forename) + Initials(d.Surname) : "";
        return initials.Length == 0 ? Code(pupil) : $"{initials} {Code(pupil)}";
    }

    private static string Initials(string? name) => string.IsNullOrWhiteSpace(name) ? "" : char.ToUpperInvariant(name.Trim()[0]) + ".";
}
