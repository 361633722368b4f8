using System.Security.Cryptography;
using System.Text;
using Frontdesk.Channels.Outbox;
using Frontdesk.Data;
using Frontdesk.Domain.Channels;
using Microsoft.EntityFrameworkCore;

namespace Frontdesk.Channels.Webhooks;

/// <summary>POSTs an <see cref="OutboundWebhook"/> reply to its channel's outbound URL, signed like inbound calls (see <see cref="WebhookPost"/>).</summary>
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
        return await WebhookPost.SendAsync(http.CreateClient(HttpClientName), url, body, secret, message.Id, clock.GetUtcNow(), ct);
    }
}
