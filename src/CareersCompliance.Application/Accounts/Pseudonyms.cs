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
        await using var cmd = dataSource.CreateCommand(
            """
            WITH created AS (INSERT INTO app.secrets (name, value) VALUES ('pseudonym-key', $1) ON CONFLICT (name) DO NOTHING RETURNING value)
            SELECT value FROM created UNION ALL SELECT value FROM app.secrets WHERE name = 'pseudonym-key' LIMIT 1
            """);
        cmd.Parameters.Add(new NpgsqlParameter<byte[]> { TypedValue = RandomNumberGenerator.GetBytes(32) });
        return new Pseudonyms((byte[])(await cmd.ExecuteScalarAsync(ct))!);
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
