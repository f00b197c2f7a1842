using System.Security.Cryptography;
using System.Text;
using CareersCompliance.EventStore.Hosting;

namespace CareersCompliance.Application.Privacy;

/// <summary>
/// HMAC-SHA-256 of a UPN under a key kept outside the database (env CAREERS_ERASURE_KEY_FILE, default
/// <c>.local/keys/erasure-upn.key</c>, created with mode 0600 on first use, as the ledger signing key is).
/// Why keyed: the UPN space is small enough to enumerate, so a plain hash in a database dump would give the UPN back.
/// </summary>
public sealed class UpnHasher
{
    public const string KeyFileVariable = "CAREERS_ERASURE_KEY_FILE";

    private readonly Lazy<byte[]> _key;

    public UpnHasher(string? keyFile = null) =>
        _key = new Lazy<byte[]>(() => LoadOrCreate(keyFile ?? DefaultKeyFile()), LazyThreadSafetyMode.ExecutionAndPublication);

    public static string DefaultKeyFile() =>
        Environment.GetEnvironmentVariable(KeyFileVariable) is { Length: > 0 } path
            ? path
            : Path.Combine(DatabaseLocator.FindRepositoryRoot(), ".local", "keys", "erasure-upn.key");

    public byte[] Hash(string upn)
    {
        ArgumentNullException.ThrowIfNull(upn);
        return HMACSHA256.HashData(_key.Value, Encoding.UTF8.GetBytes(upn.Trim().ToUpperInvariant()));
    }

    private static byte[] LoadOrCreate(string keyFile)
    {
        var key = Convert.FromBase64String(KeyFile.ReadOrCreate(keyFile, () => Convert.ToBase64String(RandomNumberGenerator.GetBytes(32))).Trim());
        return key.Length >= 32 ? key : throw new InvalidOperationException($"The erasure key in {keyFile} is shorter than 32 bytes.");
    }
}
