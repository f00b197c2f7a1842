using System.Globalization;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Authentication;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using CareersCompliance.Domain.Alerts;
using NodaTime;
using NodaTime.Text;

namespace CareersCompliance.Application.Alerts;

/// <summary>
/// A small SMTP client over TcpClient (RFC 5321): EHLO, STARTTLS when offered (or required), AUTH PLAIN only over TLS,
/// one message per connection. Replies 5xx are permanent failures; 4xx and network errors are retried by the dispatcher.
/// </summary>
public sealed class SmtpAlertChannel(SmtpOptions options) : IAlertChannel
{
    private static readonly OffsetDateTimePattern DatePattern =
        OffsetDateTimePattern.CreateWithInvariantCulture("ddd, dd MMM yyyy HH':'mm':'ss '+0000'");

    public AlertChannel Channel => AlertChannel.Email;

    public async Task SendAsync(AlertDelivery delivery, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(delivery);
        if (options.Host is null)
        {
            throw new DeliveryFailedException("SMTP is not configured (set CAREERS_SMTP_HOST).", permanent: false);
        }

        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
        timeout.CancelAfter(options.Timeout);
        try
        {
            await SendCoreAsync(delivery, timeout.Token);
        }
        catch (Exception e) when (e is IOException or SocketException or AuthenticationException or OperationCanceledException && !ct.IsCancellationRequested)
        {
            throw new DeliveryFailedException($"SMTP {options.Host}:{options.Port}: {e.Message}", permanent: false, e);
        }
    }

    private async Task SendCoreAsync(AlertDelivery delivery, CancellationToken ct)
    {
        using var tcp = new TcpClient();
        await tcp.ConnectAsync(options.Host!, options.Port, ct);
        var session = new Session(tcp.GetStream());
        await session.ExpectAsync(220, ct);
        var hello = await session.CommandAsync("EHLO careers-compliance", 250, ct);
        var secure = false;
        SslStream? ssl = null;
        try
        {
            if (options.Tls != SmtpTls.None && Offers(hello, "STARTTLS"))
            {
                await session.CommandAsync("STARTTLS", 220, ct);
                ssl = new SslStream(tcp.GetStream(), leaveInnerStreamOpen: false);
                await ssl.AuthenticateAsClientAsync(new SslClientAuthenticationOptions
                {
                    TargetHost = options.Host,
                    RemoteCertificateValidationCallback = Validate,
                }, ct);
                session = new Session(ssl);
                hello = await session.CommandAsync("EHLO careers-compliance", 250, ct);
                secure = true;
            }
            else if (options.Tls == SmtpTls.Required)
            {
                throw new DeliveryFailedException($"SMTP {options.Host} does not offer STARTTLS and TLS is required.", permanent: false);
            }

            if (options.UserName is { } user)
            {
                if (!secure)
                {
                    throw new DeliveryFailedException("Refusing to send SMTP credentials over an unencrypted connection.", permanent: false);
                }

                var token = Convert.ToBase64String(Encoding.UTF8.GetBytes($"\0{user}\0{options.Password}"));
                await session.CommandAsync($"AUTH PLAIN {token}", 235, ct);
            }

            await session.CommandAsync($"MAIL FROM:<{options.From}>", 250, ct);
            await session.CommandAsync($"RCPT TO:<{delivery.Subscription.Address}>", 250, ct);
            await session.CommandAsync("DATA", 354, ct);
            await session.WriteDataAsync(Message(delivery), ct);
            await session.ExpectAsync(250, ct);
            await session.CommandAsync("QUIT", 221, ct);
        }
        finally
        {
            if (ssl is not null)
            {
                await ssl.DisposeAsync();
            }
        }
    }

    /// <summary>The RFC 5322 message: headers (subject encoded, Idempotency-Key), a base64 UTF-8 text body.</summary>
    internal string Message(AlertDelivery delivery)
    {
        var keyHash = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(delivery.IdempotencyKey)))[..32];
        var sb = new StringBuilder();
        sb.Append(CultureInfo.InvariantCulture, $"From: <{options.From}>\r\n");
        sb.Append(CultureInfo.InvariantCulture, $"To: <{delivery.Subscription.Address}>\r\n");
        sb.Append(CultureInfo.InvariantCulture, $"Subject: =?utf-8?B?{Convert.ToBase64String(Encoding.UTF8.GetBytes(delivery.Message.Subject))}?=\r\n");
        sb.Append(CultureInfo.InvariantCulture, $"Date: {DatePattern.Format(delivery.Now.WithOffset(Offset.Zero))}\r\n");
        sb.Append(CultureInfo.InvariantCulture, $"Message-ID: <{keyHash}@careers-compliance>\r\n");
        sb.Append(CultureInfo.InvariantCulture, $"{WebhookSignature.IdempotencyHeader}: {delivery.IdempotencyKey}\r\n");
        sb.Append("MIME-Version: 1.0\r\nContent-Type: text/plain; charset=utf-8\r\nContent-Transfer-Encoding: base64\r\n\r\n");
        sb.Append(Convert.ToBase64String(Encoding.UTF8.GetBytes(delivery.Message.Text), Base64FormattingOptions.InsertLineBreaks));
        sb.Append("\r\n");
        return sb.ToString();
    }

    private bool Validate(object sender, X509Certificate? certificate, X509Chain? chain, SslPolicyErrors errors)
    {
        if (options.PinnedCertificateSha256 is { } pin)
        {
            return certificate is not null &&
                   string.Equals(Convert.ToHexString(SHA256.HashData(certificate.GetRawCertData())), pin.Replace(":", "", StringComparison.Ordinal),
                       StringComparison.OrdinalIgnoreCase);
        }

        return errors == SslPolicyErrors.None;
    }

    private static bool Offers(IReadOnlyList<string> ehlo, string extension) =>
        ehlo.Any(l => l.Length > 4 && l[4..].Split(' ')[0].Equals(extension, StringComparison.OrdinalIgnoreCase));

    /// <summary>One SMTP dialogue over a stream: commands, multi-line replies, and the DATA body with dot-stuffing.</summary>
    // Why no reader disposal: the reader leaves the stream open and holds nothing else; the connection owns the stream.
#pragma warning disable CA1001
    private sealed class Session(Stream stream)
#pragma warning restore CA1001
    {
        private readonly StreamReader _reader = new(stream, Encoding.ASCII, false, 1024, leaveOpen: true);

        public async Task<IReadOnlyList<string>> CommandAsync(string line, int expected, CancellationToken ct)
        {
            await stream.WriteAsync(Encoding.UTF8.GetBytes(line + "\r\n"), ct);
            await stream.FlushAsync(ct);
            return await ExpectAsync(expected, ct, line.StartsWith("AUTH", StringComparison.Ordinal) ? "AUTH" : line);
        }

        public async Task WriteDataAsync(string message, CancellationToken ct)
        {
            var stuffed = new StringBuilder();
            foreach (var l in message.Split("\r\n"))
            {
                stuffed.Append(l.StartsWith('.') ? "." + l : l).Append("\r\n");
            }

            stuffed.Append(".\r\n");
            await stream.WriteAsync(Encoding.UTF8.GetBytes(stuffed.ToString()), ct);
            await stream.FlushAsync(ct);
        }

        public async Task<IReadOnlyList<string>> ExpectAsync(int expected, CancellationToken ct, string after = "connect")
        {
            var lines = new List<string>();
            while (true)
            {
                var line = await _reader.ReadLineAsync(ct) ?? throw new IOException("The SMTP server closed the connection.");
                lines.Add(line);
                if (line.Length < 4 || line[3] != '-')
                {
                    break;
                }
            }

            var last = lines[^1];
            var code = last.Length >= 3 && int.TryParse(last.AsSpan(0, 3), NumberStyles.None, CultureInfo.InvariantCulture, out var c) ? c : 0;
            if (code != expected && !(expected == 250 && code == 251))
            {
                throw new DeliveryFailedException($"SMTP server answered '{last}' to {after}.", permanent: code is >= 500 and < 600);
            }

            return lines;
        }
    }
}
