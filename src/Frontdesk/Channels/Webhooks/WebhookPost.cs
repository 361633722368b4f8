using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using Frontdesk.Channels.Outbox;

namespace Frontdesk.Channels.Webhooks;

/// <summary>
/// POSTs a JSON body for the outbox, signed (see <see cref="WebhookSignature"/>) when there is a secret. A 2xx answer is
/// sent; 408, 429, 5xx and network failures are tried again later; any other 4xx will never succeed.
/// </summary>
public static class WebhookPost
{
    public static async Task<SendResult> SendAsync(HttpClient client, string url, byte[] body, string? secret, long deliveryId, DateTimeOffset now, CancellationToken ct)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, url) { Content = new ByteArrayContent(body) };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json") { CharSet = "utf-8" };
        if (secret is not null)
        {
            var timestamp = now.ToUnixTimeSeconds();
            request.Headers.Add(WebhookSignature.TimestampHeader, timestamp.ToString(CultureInfo.InvariantCulture));
            request.Headers.Add(WebhookSignature.SignatureHeader, WebhookSignature.Sign(secret, timestamp, body));
        }

        request.Headers.Add("X-Frontdesk-Delivery", deliveryId.ToString(CultureInfo.InvariantCulture));

        try
        {
            using var response = await client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, ct);
            var status = (int)response.StatusCode;
            return status switch
            {
                >= 200 and < 300 => SendResult.Sent,
                (int)HttpStatusCode.RequestTimeout or (int)HttpStatusCode.TooManyRequests => SendResult.Retry($"{url} answered {status}."),
                >= 400 and < 500 => SendResult.Permanent($"{url} refused the call: {status}."),
                _ => SendResult.Retry($"{url} answered {status}."),
            };
        }
        catch (HttpRequestException ex)
        {
            return SendResult.Retry($"{url} could not be reached: {ex.Message}");
        }
        catch (TaskCanceledException) when (!ct.IsCancellationRequested)
        {
            return SendResult.Retry($"{url} did not answer in time.");
        }
    }
}
