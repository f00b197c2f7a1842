using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;
using CareersCompliance.EventStore.Hosting;
using CareersCompliance.EventStore.Internal;
using NodaTime;
using NodaTime.Text;
using Npgsql;

namespace CareersCompliance.EventStore.Verification;

/// <summary>One signed checkpoint, as stored in <c>es.ledger_checkpoints</c> and exported as a JSON line.</summary>
/// <param name="Position">The ledger position covered.</param>
/// <param name="ChainHash">Hex chain hash at that position.</param>
/// <param name="TenantHeadsRoot">Hex root over every tenant's chain head at that position.</param>
/// <param name="SignedAt">When it was signed (ISO instant).</param>
/// <param name="KeyId">Hex prefix of the SHA-256 of the public key.</param>
/// <param name="Signature">Base64 ECDSA P-256 / SHA-256 signature (IEEE P1363) over <see cref="SignedText"/>.</param>
/// <param name="PublicKey">Base64 SubjectPublicKeyInfo of the signing key.</param>
public sealed record SignedCheckpoint(
    [property: JsonPropertyName("position")] long Position,
    [property: JsonPropertyName("chain_hash")] string ChainHash,
    [property: JsonPropertyName("tenant_heads_root")] string TenantHeadsRoot,
    [property: JsonPropertyName("signed_at")] string SignedAt,
    [property: JsonPropertyName("key_id")] string KeyId,
    [property: JsonPropertyName("signature")] string Signature,
    [property: JsonPropertyName("public_key")] string PublicKey)
{
    /// <summary>The exact text that is signed.</summary>
    public string SignedText =>
        $"careers-ledger-checkpoint-v1\n{Position.ToString(CultureInfo.InvariantCulture)}\n{ChainHash}\n{TenantHeadsRoot}\n{SignedAt}";

    /// <summary>True when the signature verifies with the embedded public key and the key id matches it.</summary>
    /// <returns>Whether the checkpoint is authentic.</returns>
    public bool SignatureIsValid()
    {
        try
        {
            var publicKey = Convert.FromBase64String(PublicKey);
            using var ecdsa = ECDsa.Create();
            ecdsa.ImportSubjectPublicKeyInfo(publicKey, out _);
            return string.Equals(CheckpointSigner.KeyIdOf(publicKey), KeyId, StringComparison.Ordinal) &&
                ecdsa.VerifyData(Encoding.UTF8.GetBytes(SignedText), Convert.FromBase64String(Signature), HashAlgorithmName.SHA256);
        }
        catch (FormatException)
        {
            return false;
        }
        catch (CryptographicException)
        {
            return false;
        }
    }
}

/// <summary>
/// Signs ledger checkpoints with an ECDSA P-256 key from a file (env CAREERS_SIGNING_KEY_FILE, default
/// <c>.local/keys/ledger-signing.pem</c> in the repository, created with mode 0600 on first use), stores them in
/// <c>es.ledger_checkpoints</c> and appends them to an export file (JSON lines).
/// </summary>
public sealed class CheckpointSigner : IDisposable
{
    /// <summary>The environment variable naming the PEM key file.</summary>
    public const string KeyFileVariable = "CAREERS_SIGNING_KEY_FILE";

    /// <summary>The environment variable naming the export file.</summary>
    public const string ExportFileVariable = "CAREERS_CHECKPOINT_FILE";

    private readonly ECDsa _key;
    private readonly byte[] _publicKey;

    private CheckpointSigner(ECDsa key)
    {
        _key = key;
        _publicKey = key.ExportSubjectPublicKeyInfo();
        KeyId = KeyIdOf(_publicKey);
    }

    /// <summary>The id of the signing key.</summary>
    public string KeyId { get; }

    /// <summary>The default export file: env CAREERS_CHECKPOINT_FILE, else <c>.local/ledger-checkpoints.jsonl</c> in the repository.</summary>
    /// <returns>The path.</returns>
    public static string DefaultExportFile() =>
        Environment.GetEnvironmentVariable(ExportFileVariable) is { Length: > 0 } path
            ? path
            : Path.Combine(DatabaseLocator.FindRepositoryRoot(), ".local", "ledger-checkpoints.jsonl");

    /// <summary>Loads the key file, creating a new P-256 key (mode 0600) when it does not exist.</summary>
    /// <param name="keyFile">The PEM file; null uses env CAREERS_SIGNING_KEY_FILE or the repository default.</param>
    /// <returns>The signer.</returns>
    public static CheckpointSigner LoadOrCreate(string? keyFile = null)
    {
        keyFile ??= Environment.GetEnvironmentVariable(KeyFileVariable) is { Length: > 0 } fromEnv
            ? fromEnv
            : Path.Combine(DatabaseLocator.FindRepositoryRoot(), ".local", "keys", "ledger-signing.pem");
        var key = ECDsa.Create();
        key.ImportFromPem(KeyFile.ReadOrCreate(keyFile, () =>
        {
            using var created = ECDsa.Create(ECCurve.NamedCurves.nistP256);
            return created.ExportPkcs8PrivateKeyPem();
        }));
        return new CheckpointSigner(key);
    }

    /// <summary>Hex prefix of the SHA-256 of a SubjectPublicKeyInfo.</summary>
    /// <param name="publicKey">The public key bytes.</param>
    /// <returns>The key id.</returns>
    public static string KeyIdOf(byte[] publicKey) => Convert.ToHexStringLower(SHA256.HashData(publicKey))[..16];

    /// <summary>Signs the current ledger head, stores the checkpoint and appends it to <paramref name="exportFile"/>.</summary>
    /// <param name="dataSource">A data source allowed to insert into <c>es.ledger_checkpoints</c>.</param>
    /// <param name="exportFile">The append-only JSON lines file.</param>
    /// <param name="now">The signing time (from an IClock).</param>
    /// <param name="ct">Cancels the work.</param>
    /// <returns>The checkpoint, or null when the ledger is empty or the head is already checkpointed.</returns>
    public async Task<SignedCheckpoint?> CheckpointAsync(NpgsqlDataSource dataSource, string exportFile, Instant now, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(dataSource);
        // Why: the database keeps microseconds; whole seconds make the signed text reproducible from the stored row.
        now = Instant.FromUnixTimeSeconds(now.ToUnixTimeSeconds());
        var connection = await dataSource.OpenConnectionAsync(ct).ConfigureAwait(false);
        await using var connectionScope = connection.ConfigureAwait(false);
        var tx = await connection.BeginTransactionAsync(System.Data.IsolationLevel.RepeatableRead, ct).ConfigureAwait(false);
        await using var txScope = tx.ConfigureAwait(false);
        var (position, chain, tenantHeads) = await ReadHeadsAsync(connection, tx, ct).ConfigureAwait(false);
        if (position == 0)
        {
            return null;
        }

        var root = LedgerHash.TenantHeadsRoot(tenantHeads);
        var unsigned = new SignedCheckpoint(position, Convert.ToHexStringLower(chain), Convert.ToHexStringLower(root),
            InstantPattern.ExtendedIso.Format(now), KeyId, "", Convert.ToBase64String(_publicKey));
        var signature = _key.SignData(Encoding.UTF8.GetBytes(unsigned.SignedText), HashAlgorithmName.SHA256);
        var signed = unsigned with { Signature = Convert.ToBase64String(signature) };
        var insert = new NpgsqlCommand("""
            INSERT INTO es.ledger_checkpoints (position, chain_hash, tenant_heads_root, signed_at, key_id, signature, public_key, anchor_uri)
            VALUES ($1, $2, $3, $4, $5, $6, $7, $8) ON CONFLICT (position) DO NOTHING
            """, connection, tx);
        await using (insert.ConfigureAwait(false))
        {
            insert.Parameters.Add(new NpgsqlParameter<long> { TypedValue = position });
            insert.Parameters.Add(new NpgsqlParameter<byte[]> { TypedValue = chain });
            insert.Parameters.Add(new NpgsqlParameter<byte[]> { TypedValue = root });
            insert.Parameters.Add(new NpgsqlParameter<DateTime> { TypedValue = now.ToDateTimeUtc() });
            insert.Parameters.Add(new NpgsqlParameter<string> { TypedValue = KeyId });
            insert.Parameters.Add(new NpgsqlParameter<byte[]> { TypedValue = signature });
            insert.Parameters.Add(new NpgsqlParameter<byte[]> { TypedValue = _publicKey });
            insert.Parameters.Add(new NpgsqlParameter<string> { TypedValue = "file://" + Path.GetFullPath(exportFile) });
            if (await insert.ExecuteNonQueryAsync(ct).ConfigureAwait(false) == 0)
            {
                return null;
            }
        }

        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(exportFile))!);
        await File.AppendAllTextAsync(exportFile, JsonSerializer.Serialize(signed) + "\n", ct).ConfigureAwait(false);
        await tx.CommitAsync(ct).ConfigureAwait(false);
        return signed;
    }

    /// <summary>Reads an export file.</summary>
    /// <param name="exportFile">The JSON lines file.</param>
    /// <param name="ct">Cancels the read.</param>
    /// <returns>The checkpoints in file order.</returns>
    public static async Task<IReadOnlyList<SignedCheckpoint>> ReadExportAsync(string exportFile, CancellationToken ct)
    {
        var lines = await File.ReadAllLinesAsync(exportFile, ct).ConfigureAwait(false);
        return [.. lines.Where(l => l.Length > 0).Select(l => JsonSerializer.Deserialize<SignedCheckpoint>(l)
            ?? throw new JsonException("An empty checkpoint line."))];
    }

    /// <inheritdoc />
    public void Dispose() => _key.Dispose();

    private static async Task<(long Position, byte[] Chain, Dictionary<string, byte[]> TenantHeads)> ReadHeadsAsync(
        NpgsqlConnection connection, NpgsqlTransaction tx, CancellationToken ct)
    {
        // Why: a loose index scan over ledger(tenant_id, position) finds each tenant's latest chain without reading every row.
        var command = new NpgsqlCommand("""
            WITH RECURSIVE tenants(t) AS (
                SELECT min(tenant_id) FROM es.ledger
                UNION ALL
                SELECT (SELECT min(tenant_id) FROM es.ledger WHERE tenant_id > t) FROM tenants WHERE t IS NOT NULL)
            SELECT h.position, h.chain_hash, t,
                   (SELECT l.tenant_chain FROM es.ledger l WHERE l.tenant_id = t AND l.position <= h.position ORDER BY l.position DESC LIMIT 1)
            FROM es.ledger_head h LEFT JOIN tenants ON t IS NOT NULL
            WHERE h.id = 1
            """, connection, tx);
        await using var commandScope = command.ConfigureAwait(false);
        var reader = await command.ExecuteReaderAsync(ct).ConfigureAwait(false);
        await using var readerScope = reader.ConfigureAwait(false);
        long position = 0;
        var chain = LedgerHash.Genesis;
        var heads = new Dictionary<string, byte[]>(StringComparer.Ordinal);
        while (await reader.ReadAsync(ct).ConfigureAwait(false))
        {
            position = reader.GetInt64(0);
            chain = (byte[])reader.GetValue(1);
            if (!await reader.IsDBNullAsync(3, ct).ConfigureAwait(false))
            {
                heads[reader.GetString(2)] = (byte[])reader.GetValue(3);
            }
        }

        return (position, chain, heads);
    }
}
