using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Frontdesk.Channels.Outbox;
using Frontdesk.Domain.Channels;

namespace Frontdesk.Channels.Webhooks;

/// <summary>
/// A webhook call waiting in the outbox (its JSON payload): the URL, the exact body to POST, and the secret to sign
/// it with (protected like channel secrets), copied from the action that queued it.
/// </summary>
public sealed record WebhookCall(string Url, string Body, string? SecretProtected);

/// <summary>Delivers <see cref="OutboxKind.WebhookCall"/> messages: POSTs the body to the URL, signed when there is a secret.</summary>
public sealed class WebhookCallSender(IHttpClientFactory http, ChannelSecrets secrets, TimeProvider clock) : IOutboxSender
{
    public OutboxKind Kind => OutboxKind.WebhookCall;

    public async Task<SendResult> SendAsync(OutboxMessage message, CancellationToken ct)
    {
        var call = JsonSerializer.Deserialize<WebhookCall>(message.Payload, Deliveries.Json);
        if (call is null)
        {
            return SendResult.Permanent("The outbox message holds no webhook call.");
        }

        string? secret = null;
        if (call.SecretProtected is { } protectedSecret)
        {
            try
            {
                secret = secrets.Unprotect(protectedSecret);
            }
            catch (CryptographicException)
            {
                return SendResult.Permanent("The webhook's secret cannot be read; save the rule with a new one.");
            }
        }

        var body = Encoding.UTF8.GetBytes(call.Body);
        return await WebhookPost.SendAsync(http.CreateClient(WebhookOutboxSender.HttpClientName), call.Url, body, secret, message.Id, clock.GetUtcNow(), ct);
    }
}
