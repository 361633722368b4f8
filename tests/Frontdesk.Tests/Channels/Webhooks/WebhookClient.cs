using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json;
using Frontdesk.Channels.Webhooks;
using Frontdesk.Tests.Infrastructure;

namespace Frontdesk.Tests.Channels.Webhooks;

/// <summary>Makes webhook channels and calls them the way an SMS gateway would: signed, with a timestamp.</summary>
public static class WebhookClient
{
    public static async Task<(long Id, string Secret)> CreateChannelAsync(this FrontdeskFactory app, string kind = "sms", string? outboundUrl = null)
    {
        var created = await (await app.Admin().PostJsonAsync("/api/v1/channels", new
        {
            kind,
            name = $"{kind} {Guid.NewGuid():N}",
            address = "+15550000",
            webhook = new { outboundUrl },
        })).ExpectAsync(HttpStatusCode.Created);
        return (created["id"]!.GetValue<long>(), created["secret"]!.GetValue<string>());
    }

    public static Task<HttpResponseMessage> PostSignedAsync(this FrontdeskFactory app, long channelId, string secret, object message, DateTimeOffset? at = null) =>
        app.PostSignedRawAsync(channelId, secret, JsonSerializer.Serialize(message, Infrastructure.Api.Json), at);

    public static async Task<HttpResponseMessage> PostSignedRawAsync(this FrontdeskFactory app, long channelId, string secret, string json, DateTimeOffset? at = null)
    {
        var body = Encoding.UTF8.GetBytes(json);
        var timestamp = (at ?? app.Clock.GetUtcNow()).ToUnixTimeSeconds();
        using var request = new HttpRequestMessage(HttpMethod.Post, $"/api/v1/channels/{channelId}/inbound") { Content = new ByteArrayContent(body) };
        request.Content.Headers.ContentType = new("application/json");
        request.Headers.Add(WebhookSignature.TimestampHeader, timestamp.ToString(CultureInfo.InvariantCulture));
        request.Headers.Add(WebhookSignature.SignatureHeader, WebhookSignature.Sign(secret, timestamp, body));
        return await app.Anonymous().SendAsync(request);
    }

    public static object Sms(string messageId, string phone, string text, string? threadId = null, string? name = null, string[]? mediaUrls = null) =>
        new { messageId, threadId, from = new { phone, name }, text, mediaUrls };
}
