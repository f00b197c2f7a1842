using System.Security.Cryptography;
using System.Text;

namespace CareersCompliance.EventStore;

/// <summary>Name-based Guids (RFC 9562 version 5: SHA-1 of a namespace and a name) for business keys.</summary>
public static class DeterministicGuid
{
    /// <summary>The namespace used by <see cref="StreamId.ForKey"/>.</summary>
    public static readonly Guid StreamNamespace = new("6f1c3a52-8d0e-4b7a-9c51-2e7f0d4b8a13");

    /// <summary>Derives a version 5 Guid from a namespace and a name; equal inputs always give the same Guid.</summary>
    /// <param name="namespaceId">The namespace, for example one per key kind.</param>
    /// <param name="name">The business key.</param>
    /// <returns>The derived Guid.</returns>
    public static Guid Create(Guid namespaceId, string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        var nameBytes = Encoding.UTF8.GetBytes(name);
        var input = new byte[16 + nameBytes.Length];
        namespaceId.TryWriteBytes(input, bigEndian: true, out _);
        nameBytes.CopyTo(input, 16);
#pragma warning disable CA5350 // Why: RFC 9562 version 5 is defined on SHA-1; this is an identifier, not a security hash.
        var hash = SHA1.HashData(input);
#pragma warning restore CA5350
        hash[6] = (byte)((hash[6] & 0x0F) | 0x50);
        hash[8] = (byte)((hash[8] & 0x3F) | 0x80);
        return new Guid(hash.AsSpan(0, 16), bigEndian: true);
    }
}
