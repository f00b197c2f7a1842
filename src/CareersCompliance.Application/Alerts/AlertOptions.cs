using System.Globalization;

namespace CareersCompliance.Application.Alerts;

/// <summary>How STARTTLS is used on the SMTP connection.</summary>
public enum SmtpTls
{
    /// <summary>Upgrade when the server offers STARTTLS (default).</summary>
    Auto,

    /// <summary>Refuse to send unless the connection is upgraded.</summary>
    Required,

    /// <summary>Never upgrade (a local relay only).</summary>
    None,
}

/// <summary>SMTP settings; the password comes from configuration (environment), never from the command line.</summary>
public sealed record SmtpOptions
{
    public string? Host { get; init; }

    public int Port { get; init; } = 25;

    public SmtpTls Tls { get; init; } = SmtpTls.Auto;

    public string? UserName { get; init; }

    public string? Password { get; init; }

    public string From { get; init; } = "careers-alerts@localhost";

    /// <summary>Accept only a server certificate with this SHA-256 thumbprint (hex), e.g. a private relay's self-signed one.</summary>
    public string? PinnedCertificateSha256 { get; init; }

    public TimeSpan Timeout { get; init; } = TimeSpan.FromSeconds(30);
}

/// <summary>Everything the alert evaluator and dispatcher can be told by configuration.</summary>
public sealed record AlertOptions
{
    public static AlertOptions Default { get; } = new();

    /// <summary>The web application's base URL; templates link to <c>{BaseUrl}/schools/{urn}</c>.</summary>
    public Uri BaseUrl { get; init; } = new("http://localhost:5080/");

    public SmtpOptions Smtp { get; init; } = new();

    /// <summary>Attempts after which a delivery moves to the dead letters (1 to <see cref="MaxAttemptsLimit"/>).</summary>
    public int MaxAttempts { get; init; } = 8;

    /// <summary>Wolverine schedules at most this many attempts of a message.</summary>
    public const int MaxAttemptsLimit = 25;

    public TimeSpan BackoffBase { get; init; } = TimeSpan.FromSeconds(5);

    public TimeSpan BackoffCap { get; init; } = TimeSpan.FromMinutes(30);

    /// <summary>Plus or minus this share of the backoff, at random, so retries of many rows spread out.</summary>
    public double Jitter { get; init; } = 0.2;

    /// <summary>A host silent for this long is taken for dead, and another host takes over its deliveries.</summary>
    public TimeSpan NodeTimeout { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>
    /// False where a process only queues deliveries (<c>careers alerts evaluate</c>): they wait in the durable inbox and the
    /// process hands them to the running hosts when it stops, instead of starting them and leaving them half-done.
    /// </summary>
    public bool DeliverFromThisProcess { get; init; } = true;

    /// <summary>Deliveries one host attempts at once.</summary>
    public int BatchSize { get; init; } = 20;

    /// <summary>Timeout of one webhook request.</summary>
    public TimeSpan WebhookTimeout { get; init; } = TimeSpan.FromSeconds(15);

    /// <summary>Allow plain-HTTP webhooks to loopback addresses (tests, a local relay); other webhooks must be HTTPS.</summary>
    public bool AllowLoopbackHttp { get; init; } = true;

    /// <summary>Whether each evaluation verifies the ledger from the last signed checkpoint (integrity alerts).</summary>
    public bool VerifyLedger { get; init; } = true;

    /// <summary>Reads CAREERS_ALERTS_* and CAREERS_SMTP_* variables over the defaults (see src/CareersCompliance.Application/Alerts/README.md).</summary>
    public static AlertOptions FromEnvironment(Func<string, string?>? read = null)
    {
        read ??= Environment.GetEnvironmentVariable;
        var o = Default;
        var smtp = o.Smtp;
        if (read("CAREERS_ALERTS_BASE_URL") is { Length: > 0 } url)
        {
            o = o with { BaseUrl = new Uri(url.EndsWith('/') ? url : url + "/") };
        }

        o = o with
        {
            MaxAttempts = Int(read("CAREERS_ALERTS_MAX_ATTEMPTS")) ?? o.MaxAttempts,
            BackoffBase = Ms(read("CAREERS_ALERTS_BACKOFF_BASE_MS")) ?? o.BackoffBase,
            BackoffCap = Ms(read("CAREERS_ALERTS_BACKOFF_CAP_MS")) ?? o.BackoffCap,
            NodeTimeout = Ms(read("CAREERS_ALERTS_NODE_TIMEOUT_MS")) ?? o.NodeTimeout,
            BatchSize = Int(read("CAREERS_ALERTS_BATCH_SIZE")) ?? o.BatchSize,
            Smtp = smtp with
            {
                Host = read("CAREERS_SMTP_HOST") ?? smtp.Host,
                Port = Int(read("CAREERS_SMTP_PORT")) ?? smtp.Port,
                Tls = Enum.TryParse<SmtpTls>(read("CAREERS_SMTP_TLS"), ignoreCase: true, out var tls) ? tls : smtp.Tls,
                UserName = read("CAREERS_SMTP_USER") ?? smtp.UserName,
                Password = read("CAREERS_SMTP_PASSWORD") ?? smtp.Password,
                From = read("CAREERS_SMTP_FROM") ?? smtp.From,
                PinnedCertificateSha256 = read("CAREERS_SMTP_TLS_PIN") ?? smtp.PinnedCertificateSha256,
            },
        };
        if (o.MaxAttempts is < 1 or > MaxAttemptsLimit)
        {
            throw new InvalidOperationException($"CAREERS_ALERTS_MAX_ATTEMPTS is {o.MaxAttempts}: give a number from 1 to {MaxAttemptsLimit} (Wolverine schedules at most {MaxAttemptsLimit} attempts of a delivery).");
        }

        return o;
    }

    /// <summary>The wait before retry number <paramref name="attempt"/>: min(cap, base * 2^(attempt-1)) * (1 +- jitter).</summary>
    public TimeSpan Backoff(int attempt)
    {
        var exponential = BackoffBase.TotalMilliseconds * Math.Pow(2, Math.Max(0, attempt - 1));
        var capped = Math.Min(BackoffCap.TotalMilliseconds, exponential);
        var spread = 1 + (Jitter * ((System.Security.Cryptography.RandomNumberGenerator.GetInt32(0, 20001) / 10000.0) - 1));
        return TimeSpan.FromMilliseconds(capped * spread);
    }

    private static int? Int(string? text) => int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var v) ? v : null;

    private static TimeSpan? Ms(string? text) => Int(text) is { } ms ? TimeSpan.FromMilliseconds(ms) : null;
}
