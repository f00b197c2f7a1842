using System.Net.Security;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using CareersCompliance.Domain.Alerts;
using MailKit;
using MailKit.Net.Smtp;
using MailKit.Security;
using MimeKit;
using MimeKit.Text;

namespace CareersCompliance.Application.Alerts;

/// <summary>
/// Sends an alert e-mail with MailKit: STARTTLS when offered (or required), AUTH only over TLS, one message per
/// connection. Replies 5xx and refused credentials are permanent failures; 4xx, TLS and network errors are retried by
/// the dispatcher.
/// </summary>
public sealed class SmtpAlertChannel(SmtpOptions options) : IAlertChannel
{
    public AlertChannel Channel => AlertChannel.Email;

    public async Task SendAsync(AlertDelivery delivery, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(delivery);
        if (options.Host is not { } host)
        {
            throw new DeliveryFailedException("SMTP is not configured (set CAREERS_SMTP_HOST).", permanent: false);
        }

        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
        timeout.CancelAfter(options.Timeout);
        var server = $"SMTP {host}:{options.Port}";
        try
        {
            await SendCoreAsync(delivery, host, timeout.Token);
        }
        catch (SmtpCommandException e)
        {
            var code = (int)e.StatusCode;
            throw new DeliveryFailedException($"{server}: the server answered {code} '{e.Message}'.", permanent: code is >= 500 and < 600, e);
        }
        catch (AuthenticationException e)
        {
            // Why permanent: the same credentials will be refused again; an operator has to fix them (then replay).
            throw new DeliveryFailedException($"{server}: the server refused the login: {e.Message}", permanent: true, e);
        }
        catch (Exception e) when (e is IOException or SocketException or SslHandshakeException or SmtpProtocolException or ServiceNotConnectedException
                                      or OperationCanceledException && !ct.IsCancellationRequested)
        {
            throw new DeliveryFailedException($"{server}: {e.Message}", permanent: false, e);
        }
    }

    private async Task SendCoreAsync(AlertDelivery delivery, string host, CancellationToken ct)
    {
        using var client = new SmtpClient
        {
            LocalDomain = "careers-compliance",
            ServerCertificateValidationCallback = Validate,
            // Why: as before, no revocation lookup; a private relay's self-signed certificate has no CRL, and a pin decides.
            CheckCertificateRevocation = false,
        };
        var tls = options.Tls switch
        {
            SmtpTls.Required => SecureSocketOptions.StartTls,
            SmtpTls.None => SecureSocketOptions.None,
            _ => SecureSocketOptions.StartTlsWhenAvailable,
        };
        try
        {
            await client.ConnectAsync(host, options.Port, tls, ct);
        }
        catch (NotSupportedException e) when (options.Tls == SmtpTls.Required)
        {
            throw new DeliveryFailedException($"SMTP {host} does not offer STARTTLS and TLS is required.", permanent: false, e);
        }

        if (options.UserName is { } user)
        {
            if (!client.IsSecure)
            {
                throw new DeliveryFailedException("Refusing to send SMTP credentials over an unencrypted connection.", permanent: false);
            }

            await client.AuthenticateAsync(user, options.Password ?? string.Empty, ct);
        }

        using var message = Message(delivery);
        await client.SendAsync(message, ct);
        await client.DisconnectAsync(quit: true, ct);
    }

    /// <summary>The message: subject, a Message-ID and Idempotency-Key header from the delivery's key, a base64 UTF-8 text body.</summary>
    internal MimeMessage Message(AlertDelivery delivery)
    {
        var keyHash = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(delivery.IdempotencyKey)))[..32];
        var body = new TextPart(TextFormat.Plain) { ContentTransferEncoding = ContentEncoding.Base64 };
        body.SetText(Encoding.UTF8, delivery.Message.Text);
        var message = new MimeMessage
        {
            Subject = delivery.Message.Subject,
            // Why set: the delivery's time comes from the injected clock; MimeKit would stamp the machine's.
            Date = delivery.Now.ToDateTimeOffset(),
            // Why from the key: a retried delivery carries the same Message-ID, so receiving systems can drop the duplicate.
            MessageId = $"{keyHash}@careers-compliance",
            Body = body,
        };
        message.From.Add(new MailboxAddress(string.Empty, options.From));
        message.To.Add(new MailboxAddress(string.Empty, delivery.Subscription.Address));
        message.Headers.Add(WebhookSignature.IdempotencyHeader, delivery.IdempotencyKey);
        return message;
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
}
