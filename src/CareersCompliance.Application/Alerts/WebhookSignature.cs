using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace CareersCompliance.Application.Alerts;

/// <summary>
/// The webhook signature: <c>X-Careers-Signature: sha256=&lt;hex HMAC-SHA256(secret, timestamp + "." + body)&gt;</c> with
/// <c>X-Careers-Timestamp: &lt;unix seconds&gt;</c>. Receivers verify it as in src/CareersCompliance.Application/Alerts/README.md.
/// </summary>
public static class WebhookSignature
{
    public const string SignatureHeader = "X-Careers-Signature";
    public const string TimestampHeader = "X-Careers-Timestamp";
    public const string IdempotencyHeader = "Idempotency-Key";

    public static string Sign(string secret, long unixSeconds, string body)
    {
        ArgumentNullException.ThrowIfNull(secret);
        ArgumentNullException.ThrowIfNull(body);
        var mac = HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret),
            Encoding.UTF8.GetBytes(unixSeconds.ToString(CultureInfo.InvariantCulture) + "." + body));
        return "sha256=" + Convert.ToHexStringLower(mac);
    }

    /// <summary>True when the signature matches and the timestamp is within <paramref name="tolerance"/> of <paramref name="nowUnixSeconds"/>.</summary>
    public static bool Verify(string secret, string? timestampHeader, string? signatureHeader, string body, long nowUnixSeconds, TimeSpan tolerance)
    {
        if (timestampHeader is null || signatureHeader is null ||
            !long.TryParse(timestampHeader, NumberStyles.None, CultureInfo.InvariantCulture, out var ts) ||
            Math.Abs(nowUnixSeconds - ts) > tolerance.TotalSeconds)
        {
            return false;
        }

        var expected = Encoding.ASCII.GetBytes(Sign(secret, ts, body));
        var given = Encoding.ASCII.GetBytes(signatureHeader);
        // Why fixed time: a comparison that stops at the first difference leaks how much of a forged signature was right.
        return CryptographicOperations.FixedTimeEquals(expected, given);
    }
}
