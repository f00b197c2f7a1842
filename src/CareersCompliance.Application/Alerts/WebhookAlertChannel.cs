using System.Globalization;
using System.Net;
using System.Text;
using CareersCompliance.Domain.Alerts;

namespace CareersCompliance.Application.Alerts;

/// <summary>POSTs the alert JSON to the subscriber's HTTPS URL, signed (HMAC-SHA256 over timestamp + body) with an Idempotency-Key.</summary>
public sealed class WebhookAlertChannel(HttpClient http, AlertOptions options) : IAlertChannel
{
    public AlertChannel Channel => AlertChannel.Webhook;

    public async Task SendAsync(AlertDelivery delivery, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(delivery);
        var uri = new Uri(delivery.Subscription.Address);
        if (!string.Equals(uri.Scheme, Uri.UriSchemeHttps, StringComparison.Ordinal) && !(options.AllowLoopbackHttp && uri.IsLoopback))
        {
            throw new DeliveryFailedException($"Webhook {uri.GetLeftPart(UriPartial.Authority)} is not https.", permanent: true);
        }

        var body = delivery.Message.Json;
        var timestamp = delivery.Now.ToUnixTimeSeconds();
        using var request = new HttpRequestMessage(HttpMethod.Post, uri) { Content = new StringContent(body, Encoding.UTF8, "application/json") };
        request.Headers.Add(WebhookSignature.IdempotencyHeader, delivery.IdempotencyKey);
        request.Headers.Add(WebhookSignature.TimestampHeader, timestamp.ToString(CultureInfo.InvariantCulture));
        request.Headers.Add(WebhookSignature.SignatureHeader, WebhookSignature.Sign(delivery.Subscription.Secret ?? "", timestamp, body));
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
        timeout.CancelAfter(options.WebhookTimeout);
        HttpResponseMessage response;
        try
        {
            response = await http.SendAsync(request, timeout.Token);
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException && !ct.IsCancellationRequested)
        {
            throw new DeliveryFailedException($"Webhook unreachable: {e.Message}", permanent: false, e);
        }

        using (response)
        {
            var status = (int)response.StatusCode;
            if (status is >= 200 and < 300)
            {
                return;
            }

            // Why: 408, 429 and 5xx may pass; any other 4xx means the receiver will never accept this request as sent.
            var permanent = status is >= 400 and < 500 && response.StatusCode is not (HttpStatusCode.RequestTimeout or HttpStatusCode.TooManyRequests);
            throw new DeliveryFailedException($"Webhook answered {status} {response.ReasonPhrase}.", permanent);
        }
    }
}
