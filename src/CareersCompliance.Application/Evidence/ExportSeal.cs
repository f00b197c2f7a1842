using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace CareersCompliance.Application.Evidence;

/// <summary>The ledger an export was produced against: its head, and the latest signed checkpoint (if any).</summary>
public sealed record LedgerAnchor(long HeadPosition, string HeadChainHash, long? CheckpointPosition, string? CheckpointChainHash);

/// <summary>What reading an export's seal found: the digest it claims, the digest of its content, and the anchor it names.</summary>
public sealed record ExportSealCheck(string ClaimedSha256, string ActualSha256, LedgerAnchor Anchor)
{
    public bool DigestMatches => string.Equals(ClaimedSha256, ActualSha256, StringComparison.Ordinal);
}

/// <summary>
/// Seals an export file: one last line <c>{comment}careers-export v1 sha256=… head=POS:HASH checkpoint=POS:HASH|none</c>,
/// where the digest is the SHA-256 of every byte before that line. The comment marker (<c>#</c> for CSV, <c>%</c> for
/// PDF) keeps the file valid for spreadsheets and PDF readers. <c>careers verify --export FILE</c> recomputes the digest
/// and checks the named ledger positions still carry the same chain hashes.
/// </summary>
public static class ExportSeal
{
    private const string Marker = "careers-export v1 ";

    public static byte[] Seal(byte[] body, char comment, LedgerAnchor anchor)
    {
        ArgumentNullException.ThrowIfNull(body);
        ArgumentNullException.ThrowIfNull(anchor);
        var inv = CultureInfo.InvariantCulture;
        var checkpoint = anchor.CheckpointPosition is { } p ? $"{p.ToString(inv)}:{anchor.CheckpointChainHash}" : "none";
        var trailer = $"{comment}{Marker}sha256={Sha256Hex(body)} head={anchor.HeadPosition.ToString(inv)}:{anchor.HeadChainHash} checkpoint={checkpoint}\n";
        return [.. body, .. Encoding.ASCII.GetBytes(trailer)];
    }

    /// <summary>Reads the seal of a file; null when its last line is not a careers-export seal.</summary>
    public static ExportSealCheck? Read(byte[] file)
    {
        ArgumentNullException.ThrowIfNull(file);
        var end = file.Length > 0 && file[^1] == (byte)'\n' ? file.Length - 1 : file.Length;
        var start = Array.LastIndexOf(file, (byte)'\n', Math.Max(end - 1, 0)) + 1;
        if (end - start < Marker.Length + 1)
        {
            return null;
        }

        var line = Encoding.ASCII.GetString(file, start + 1, end - start - 1);
        if (!line.StartsWith(Marker, StringComparison.Ordinal))
        {
            return null;
        }

        var fields = line[Marker.Length..].Split(' ', StringSplitOptions.RemoveEmptyEntries)
            .Select(f => f.Split('=', 2)).Where(kv => kv.Length == 2).ToDictionary(kv => kv[0], kv => kv[1], StringComparer.Ordinal);
        if (!fields.TryGetValue("sha256", out var claimed) || !fields.TryGetValue("head", out var head) || ParsePoint(head) is not { } h)
        {
            return null;
        }

        var cp = fields.TryGetValue("checkpoint", out var c) ? ParsePoint(c) : null;
        return new ExportSealCheck(claimed, Sha256Hex(file.AsSpan(0, start)), new LedgerAnchor(h.Position, h.Hash, cp?.Position, cp?.Hash));
    }

    public static string Sha256Hex(ReadOnlySpan<byte> bytes) => Convert.ToHexStringLower(SHA256.HashData(bytes));

    private static (long Position, string Hash)? ParsePoint(string text)
    {
        var parts = text.Split(':', 2);
        return parts.Length == 2 && long.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out var p) ? (p, parts[1]) : null;
    }
}
