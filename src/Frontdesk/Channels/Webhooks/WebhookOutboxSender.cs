using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text;
using Frontdesk.Channels.Outbox;
using Frontdesk.Data;
using Frontdesk.Domain.Channels;
using Microsoft.EntityFrameworkCore;

namespace Frontdesk.Channels.Webhooks;

/// <summary>
/// POSTs an <see cref="OutboundWebhook"/> reply to its channel's outbound URL, signed like inbound calls. A 2xx answer
/// is sent; 408, 429, 5xx and network failures are tried again later; any other 4xx will never succeed.
/// </summary>
public sealed class WebhookOutboxSender(
    IHttpClientFactory http,
    IDbContextFactory<FrontdeskDbContext> contexts,
    ChannelSecrets secrets,
    TimeProvider clock) : IOutboxSender
{
    public const string HttpClientName = "frontdesk-webhooks";

    public OutboxKind Kind => OutboxKind.Webhook;

    public async Task<SendResult> SendAsync(OutboxMessage message, CancellationToken ct)
    {
        Channel? channel;
        await using (var db = await contexts.CreateDbContextAsync(ct))
        {
            channel = message.ChannelId is { } id ? await db.Channels.AsNoTracking().FirstOrDefaultAsync(c => c.Id == id, ct) : null;
        }

        if (channel is not { IsActive: true, Webhook.SecretProtected: { } protectedSecret })
        {
            return SendResult.Permanent("The channel is gone, inactive or has no secret.");
        }

        // The channel's current URL wins: an admin who moved the gateway wants pending replies to follow.
        var url = channel.Webhook.OutboundUrl ?? message.Recipient;
        string secret;
        try
        {
            secret = secrets.Unprotect(protectedSecret);
        }
        catch (CryptographicException)
        {
            return SendResult.Permanent("The channel's secret cannot be read; set a new one.");
        }

        var body = Encoding.UTF8.GetBytes(message.Payload);
        var timestamp = clock.GetUtcNow().ToUnixTimeSeconds();
        using var request = new HttpRequestMessage(HttpMethod.Post, url) { Content = new ByteArrayContent(body) };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json") { CharSet = "utf-8" };
        request.Headers.Add(WebhookSignature.TimestampHeader, timestamp.ToString(CultureInfo.InvariantCulture));
        request.Headers.Add(WebhookSignature.SignatureHeader, WebhookSignature.Sign(secret, timestamp, body));
        request.Headers.Add("X-Frontdesk-Delivery", message.Id.ToString(CultureInfo.InvariantCulture));

        try
        {
            using var response = await http.CreateClient(HttpClientName).SendAsync(request, HttpCompletionOption.ResponseHeadersRead, ct);
            var status = (int)response.StatusCode;
            return status switch
            {
                >= 200 and < 300 => SendResult.Sent,
                (int)HttpStatusCode.RequestTimeout or (int)HttpStatusCode.TooManyRequests => SendResult.Retry($"{url} answered {status}."),
                >= 400 and < 500 => SendResult.Permanent($"{url} refused the reply: {status}."),
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
