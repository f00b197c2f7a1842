using System.Security.Cryptography;
using System.Text;

namespace CareersCompliance.Application.Accounts;

/// <summary>PBKDF2-HMAC-SHA256 from the base library, with a per-user salt; the iteration count is stored with the hash.</summary>
public static class PasswordHashing
{
    /// <summary>Iterations for new hashes (OWASP's 2023 floor for PBKDF2-SHA256 is 600,000; we stay above the brief's 100,000
    /// while keeping a login near 0.1 s on a small server).</summary>
    public const int Iterations = 210_000;

    public const int MinimumLength = 12;

    private const int SaltBytes = 16;
    private const int HashBytes = 32;

    public static (byte[] Hash, byte[] Salt, int Iterations) Hash(string password)
    {
        ArgumentNullException.ThrowIfNull(password);
        var salt = RandomNumberGenerator.GetBytes(SaltBytes);
        return (Derive(password, salt, Iterations), salt, Iterations);
    }

    public static bool Verify(string password, byte[] hash, byte[] salt, int iterations)
    {
        ArgumentNullException.ThrowIfNull(password);
        ArgumentNullException.ThrowIfNull(hash);
        return CryptographicOperations.FixedTimeEquals(Derive(password, salt, iterations), hash);
    }

    /// <summary>Why a password is refused, or null when it is acceptable.</summary>
    public static string? Weakness(string? password) =>
        string.IsNullOrEmpty(password) || password.Length < MinimumLength ? $"Password must be at least {MinimumLength} characters" : null;

    /// <summary>A random password for generated accounts: 20 characters from an unambiguous alphabet.</summary>
    public static string Generate()
    {
        const string alphabet = "abcdefghjkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789";
        return string.Create(20, alphabet, (span, a) =>
        {
            for (var i = 0; i < span.Length; i++)
            {
                span[i] = a[RandomNumberGenerator.GetInt32(a.Length)];
            }
        });
    }

    private static byte[] Derive(string password, byte[] salt, int iterations) =>
        Rfc2898DeriveBytes.Pbkdf2(Encoding.UTF8.GetBytes(password), salt, iterations, HashAlgorithmName.SHA256, HashBytes);
}
