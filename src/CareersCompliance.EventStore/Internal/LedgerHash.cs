using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;

namespace CareersCompliance.EventStore.Internal;

/// <summary>The ledger's hash rules, shared by the sealer and the verifier so they cannot drift apart.</summary>
internal static class LedgerHash
{
    public static readonly byte[] Genesis = new byte[32];
    private static readonly byte[] Domain = "careers-ledger-v1"u8.ToArray();

    public static byte[] Payload(string dataText) => SHA256.HashData(Encoding.UTF8.GetBytes(dataText));

    /// <summary>Leaf = SHA-256(domain ‖ position ‖ seq ‖ tenant ‖ stream ‖ version ‖ type ‖ payload hash ‖ metadata hash).</summary>
    public static byte[] Leaf(long position, long seqId, string tenant, Guid stream, long version, string eventType,
        ReadOnlySpan<byte> payloadHash, string metadataText)
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        Span<byte> number = stackalloc byte[8];
        hash.AppendData(Domain);
        BinaryPrimitives.WriteInt64BigEndian(number, position);
        hash.AppendData(number);
        BinaryPrimitives.WriteInt64BigEndian(number, seqId);
        hash.AppendData(number);
        AppendText(hash, tenant);
        Span<byte> guid = stackalloc byte[16];
        stream.TryWriteBytes(guid, bigEndian: true, out _);
        hash.AppendData(guid);
        BinaryPrimitives.WriteInt64BigEndian(number, version);
        hash.AppendData(number);
        AppendText(hash, eventType);
        hash.AppendData(payloadHash);
        hash.AppendData(SHA256.HashData(Encoding.UTF8.GetBytes(metadataText)));
        return hash.GetHashAndReset();
    }

    public static byte[] Chain(ReadOnlySpan<byte> previous, ReadOnlySpan<byte> leaf)
    {
        Span<byte> buffer = stackalloc byte[64];
        previous.CopyTo(buffer);
        leaf.CopyTo(buffer[32..]);
        return SHA256.HashData(buffer);
    }

    /// <summary>Root over the tenants' chain heads, sorted by tenant: binds every per-tenant chain into a checkpoint.</summary>
    public static byte[] TenantHeadsRoot(IEnumerable<KeyValuePair<string, byte[]>> heads)
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        foreach (var (tenant, head) in heads.OrderBy(h => h.Key, StringComparer.Ordinal))
        {
            AppendText(hash, tenant);
            hash.AppendData(head);
        }

        return hash.GetHashAndReset();
    }

    private static void AppendText(IncrementalHash hash, string text)
    {
        var bytes = Encoding.UTF8.GetBytes(text);
        Span<byte> length = stackalloc byte[4];
        BinaryPrimitives.WriteInt32BigEndian(length, bytes.Length);
        hash.AppendData(length);
        hash.AppendData(bytes);
    }
}
