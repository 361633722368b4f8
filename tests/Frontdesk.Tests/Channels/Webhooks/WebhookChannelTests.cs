using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using Frontdesk.Channels.Outbox;
using Frontdesk.Channels.Webhooks;
using Frontdesk.Domain.Channels;
using Frontdesk.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Frontdesk.Tests.Channels.Webhooks;

public sealed class WebhookChannelTests(FrontdeskFactory app) : IClassFixture<FrontdeskFactory>
{
    private static string Phone() => "+1 555 " + Random.Shared.Next(1000000, 9999999).ToString(CultureInfo.InvariantCulture);

    private static string Digits(string phone) => "+" + new string(phone.Where(char.IsAsciiDigit).ToArray());

    private static ByteArrayContent JsonBody(string json)
    {
        var content = new ByteArrayContent(Encoding.UTF8.GetBytes(json));
        content.Headers.ContentType = new("application/json");
        return content;
    }

    private Task<int> TicketCountAsync() => app.WithDbAsync(db => db.Tickets.CountAsync());

    [Fact]
    public async Task SignedSms_OpensAnSmsTicket_ForAPhoneContact_WithMediaAsLinks()
    {
        var (channelId, secret) = await app.CreateChannelAsync("sms");
        var phone = Phone();

        var accepted = await (await app.PostSignedAsync(channelId, secret, WebhookClient.Sms(
            "SM-1-" + Guid.NewGuid(), phone, "My order never arrived", name: "Ann Example", mediaUrls: ["https://media.example/receipt.jpg"])))
            .ExpectAsync(HttpStatusCode.OK);

        Assert.Equal("created", accepted["outcome"].Str());
        var ticket = await (await app.Admin().GetAsync($"/api/v1/tickets/{accepted["ticketId"]}")).ExpectAsync(HttpStatusCode.OK);
        Assert.Equal("sms", ticket["channel"].Str());
        Assert.Equal("My order never arrived", ticket["subject"].Str());
        var contact = await (await app.Admin().GetAsync($"/api/v1/contacts/{accepted["contactId"]}")).ExpectAsync(HttpStatusCode.OK);
        Assert.Equal("Ann Example", contact["name"].Str());
        var identity = Assert.Single(contact["identities"]!.AsArray());
        Assert.Equal("phone", identity!["kind"].Str());
        Assert.Equal(Digits(phone), identity["value"].Str());

        var messages = await (await app.Admin().GetAsync($"/api/v1/tickets/{accepted["ticketId"]}/messages")).ExpectAsync(HttpStatusCode.OK);
        var message = Assert.Single(messages["items"]!.AsArray())!;
        Assert.Contains("https://media.example/receipt.jpg", message["bodyText"].Str());
        Assert.Contains("href=\"https://media.example/receipt.jpg\"", message["bodyHtml"].Str());
    }

    [Fact]
    public async Task SameMessageIdTwice_IsStoredOnce_AndAnswersWithTheSameTicket()
    {
        var (channelId, secret) = await app.CreateChannelAsync("sms");
        var sms = WebhookClient.Sms("SM-dup-" + Guid.NewGuid(), Phone(), "Hello twice");

        var first = await (await app.PostSignedAsync(channelId, secret, sms)).ExpectAsync(HttpStatusCode.OK);
        var second = await (await app.PostSignedAsync(channelId, secret, sms)).ExpectAsync(HttpStatusCode.OK);

        Assert.Equal(first["ticketId"]!.GetValue<long>(), second["ticketId"]!.GetValue<long>());
        Assert.Equal(first["messageId"]!.GetValue<long>(), second["messageId"]!.GetValue<long>());
        Assert.Equal("duplicate", second["outcome"].Str());
        var messages = await (await app.Admin().GetAsync($"/api/v1/tickets/{first["ticketId"]}/messages")).ExpectAsync(HttpStatusCode.OK);
        Assert.Single(messages["items"]!.AsArray());
    }

    [Fact]
    public async Task MessagesOfOneThread_JoinOneTicket()
    {
        var (channelId, secret) = await app.CreateChannelAsync("sms");
        var phone = Phone();
        var thread = "conv-" + Guid.NewGuid();

        var first = await (await app.PostSignedAsync(channelId, secret, WebhookClient.Sms("a-" + Guid.NewGuid(), phone, "Hi", thread))).ExpectAsync(HttpStatusCode.OK);
        var second = await (await app.PostSignedAsync(channelId, secret, WebhookClient.Sms("b-" + Guid.NewGuid(), phone, "Are you there?", thread))).ExpectAsync(HttpStatusCode.OK);

        Assert.Equal("threaded", second["outcome"].Str());
        Assert.Equal(first["ticketId"]!.GetValue<long>(), second["ticketId"]!.GetValue<long>());
    }

    [Fact]
    public async Task SocialHandle_BecomesASocialIdentity()
    {
        var (channelId, secret) = await app.CreateChannelAsync("social");
        var handle = "@Someone_" + Guid.NewGuid().ToString("N")[..8];

        var accepted = await (await app.PostSignedAsync(channelId, secret, new { messageId = "dm-" + Guid.NewGuid(), from = new { handle }, text = "DM here" }))
            .ExpectAsync(HttpStatusCode.OK);

        var contact = await (await app.Admin().GetAsync($"/api/v1/contacts/{accepted["contactId"]}")).ExpectAsync(HttpStatusCode.OK);
        var identity = Assert.Single(contact["identities"]!.AsArray())!;
        Assert.Equal("social", identity["kind"].Str());
        Assert.Equal(handle.ToLowerInvariant(), identity["value"].Str());
        var ticket = await (await app.Admin().GetAsync($"/api/v1/tickets/{accepted["ticketId"]}")).ExpectAsync(HttpStatusCode.OK);
        Assert.Equal("social", ticket["channel"].Str());
    }

    [Fact]
    public async Task UnsignedOrWronglySignedCalls_Get401_AndStoreNothing()
    {
        var (channelId, secret) = await app.CreateChannelAsync("sms");
        var json = System.Text.Json.JsonSerializer.Serialize(WebhookClient.Sms("x-" + Guid.NewGuid(), Phone(), "Let me in"), Infrastructure.Api.Json);
        var before = await TicketCountAsync();

        var unsigned = await app.Anonymous().PostRawAsync($"/api/v1/channels/{channelId}/inbound", json);
        await unsigned.ExpectProblemAsync(HttpStatusCode.Unauthorized);
        await (await app.PostSignedRawAsync(channelId, "not-the-secret-0123456789", json)).ExpectProblemAsync(HttpStatusCode.Unauthorized);
        await (await app.PostSignedRawAsync(channelId, secret, json, at: app.Clock.GetUtcNow().AddMinutes(-10))).ExpectProblemAsync(HttpStatusCode.Unauthorized);

        // A body changed after signing: the signature is of the original.
        var now = app.Clock.GetUtcNow().ToUnixTimeSeconds();
        using var tampered = new HttpRequestMessage(HttpMethod.Post, $"/api/v1/channels/{channelId}/inbound")
        {
            Content = JsonBody(json.Replace("Let me in", "Let me out", StringComparison.Ordinal)),
        };
        tampered.Headers.Add(WebhookSignature.TimestampHeader, now.ToString(CultureInfo.InvariantCulture));
        tampered.Headers.Add(WebhookSignature.SignatureHeader, WebhookSignature.Sign(secret, now, Encoding.UTF8.GetBytes(json)));
        await (await app.Anonymous().SendAsync(tampered)).ExpectProblemAsync(HttpStatusCode.Unauthorized);

        // Signed for another timestamp than the one sent.
        using var shifted = new HttpRequestMessage(HttpMethod.Post, $"/api/v1/channels/{channelId}/inbound") { Content = JsonBody(json) };
        shifted.Headers.Add(WebhookSignature.TimestampHeader, (now + 1).ToString(CultureInfo.InvariantCulture));
        shifted.Headers.Add(WebhookSignature.SignatureHeader, WebhookSignature.Sign(secret, now, Encoding.UTF8.GetBytes(json)));
        await (await app.Anonymous().SendAsync(shifted)).ExpectProblemAsync(HttpStatusCode.Unauthorized);

        Assert.Equal(before, await TicketCountAsync());
    }

    [Fact]
    public async Task UnknownInactiveOrNonWebhookChannels_Get404()
    {
        var sms = WebhookClient.Sms("y-" + Guid.NewGuid(), Phone(), "Anyone?");
        await (await app.PostSignedAsync(987654, "whatever-secret-0123456789", sms)).ExpectProblemAsync(HttpStatusCode.NotFound);

        var (inactive, secret) = await app.CreateChannelAsync("sms");
        await (await app.Admin().DeleteAsync($"/api/v1/channels/{inactive}")).ExpectAsync(HttpStatusCode.NoContent);
        await (await app.PostSignedAsync(inactive, secret, sms)).ExpectProblemAsync(HttpStatusCode.NotFound);

        var email = await (await app.Admin().PostJsonAsync("/api/v1/channels", new { kind = "email", name = $"mail {Guid.NewGuid():N}", address = $"{Guid.NewGuid():N}@support.test" }))
            .ExpectAsync(HttpStatusCode.Created);
        await (await app.PostSignedAsync(email["id"]!.GetValue<long>(), secret, sms)).ExpectProblemAsync(HttpStatusCode.NotFound);
    }

    [Theory]
    [InlineData("{\"messageId\": \"m1\", \"from\": {\"phone\": \"+15550100\"}, \"text\": ", "text")]
    [InlineData("[1, 2]", "body")]
    [InlineData("null", "body")]
    [InlineData("{\"messageId\": \"m1\", \"from\": {\"phone\": 15550100}, \"text\": \"hi\"}", "from.phone")]
    [InlineData("{\"messageId\": \"m1\", \"from\": {\"phone\": \"+15550100\"}, \"text\": \"hi\", \"colour\": \"red\"}", "colour")]
    [InlineData("{\"from\": {\"phone\": \"+15550100\"}, \"text\": \"hi\"}", "messageId")]
    [InlineData("{\"messageId\": \"m1\", \"text\": \"hi\"}", "from")]
    [InlineData("{\"messageId\": \"m1\", \"from\": {\"phone\": \"+15550100\", \"handle\": \"@x\"}, \"text\": \"hi\"}", "from")]
    [InlineData("{\"messageId\": \"m1\", \"from\": {\"phone\": \"call me\"}, \"text\": \"hi\"}", "from.phone")]
    [InlineData("{\"messageId\": \"m1\", \"from\": {\"phone\": \"+15550100\"}}", "text")]
    [InlineData("{\"messageId\": \"m1\", \"from\": {\"phone\": \"+15550100\"}, \"text\": \"hi\", \"mediaUrls\": [\"file:///etc/passwd\"]}", "mediaUrls[0]")]
    [InlineData("{\"messageId\": \"m1\", \"from\": {\"phone\": \"+15550100\"}, \"text\": \"hi\", \"sentAt\": \"yesterday\"}", "sentAt")]
    public async Task BadBodies_Get400NamingTheField_AndStoreNothing(string json, string field)
    {
        var (channelId, secret) = await app.CreateChannelAsync("sms");
        var before = await TicketCountAsync();

        await (await app.PostSignedRawAsync(channelId, secret, json)).ExpectProblemAsync(HttpStatusCode.BadRequest, field);

        Assert.Equal(before, await TicketCountAsync());
    }

    [Fact]
    public async Task AgentReply_OnAnSmsTicket_IsPostedSignedToTheOutboundUrl()
    {
        await using var receiver = await LoopbackReceiver.StartAsync();
        var (channelId, secret) = await app.CreateChannelAsync("sms", receiver.Url);
        var phone = Phone();
        var thread = "conv-" + Guid.NewGuid();
        var accepted = await (await app.PostSignedAsync(channelId, secret, WebhookClient.Sms("in-" + Guid.NewGuid(), phone, "Where is my parcel?", thread)))
            .ExpectAsync(HttpStatusCode.OK);
        var (agent, _) = await app.AgentAsync("Bea Agent");

        var reply = await (await agent.PostJsonAsync($"/api/v1/tickets/{accepted["ticketId"]}/messages", new { body = "It left the depot today.", bodyFormat = "text" }))
            .ExpectAsync(HttpStatusCode.Created);

        var received = await receiver.NextAsync();
        Assert.Equal("application/json", received.Headers["Content-Type"].Split(';')[0]);
        Assert.True(
            WebhookSignature.Verify(secret, received.Headers[WebhookSignature.TimestampHeader], received.Headers[WebhookSignature.SignatureHeader], received.Body, app.Clock.GetUtcNow()),
            "The reply's signature does not verify with the channel's secret.");
        Assert.False(
            WebhookSignature.Verify("another-secret-0123456789", received.Headers[WebhookSignature.TimestampHeader], received.Headers[WebhookSignature.SignatureHeader], received.Body, app.Clock.GetUtcNow()));
        var payload = JsonNode.Parse(received.Body)!.AsObject();
        Assert.Equal(Digits(phone), payload["to"].Str());
        Assert.Equal(thread, payload["externalThreadId"].Str());
        Assert.Equal("It left the depot today.", payload["text"].Str());
        Assert.Equal(accepted["ticketId"]!.GetValue<long>(), payload["ticketId"]!.GetValue<long>());
        Assert.Equal(reply["id"]!.GetValue<long>(), payload["messageId"]!.GetValue<long>());
    }

    [Theory]
    [InlineData(200, SendOutcome.Sent)]
    [InlineData(204, SendOutcome.Sent)]
    [InlineData(400, SendOutcome.Permanent)]
    [InlineData(404, SendOutcome.Permanent)]
    [InlineData(408, SendOutcome.Retry)]
    [InlineData(429, SendOutcome.Retry)]
    [InlineData(500, SendOutcome.Retry)]
    [InlineData(503, SendOutcome.Retry)]
    public async Task Sender_MapsTheAnswerToSentRetryOrPermanent(int status, SendOutcome expected)
    {
        await using var receiver = await LoopbackReceiver.StartAsync(status);
        var (channelId, _) = await app.CreateChannelAsync("sms", receiver.Url);
        var sender = app.Services.GetServices<IOutboxSender>().OfType<WebhookOutboxSender>().Single();

        var result = await sender.SendAsync(new OutboxMessage(OutboxKind.Webhook, channelId, null, null, receiver.Url, "{\"text\":\"hi\"}", app.Clock.GetUtcNow()), CancellationToken.None);

        Assert.Equal(expected, result.Outcome);
        Assert.Equal("{\"text\":\"hi\"}", Encoding.UTF8.GetString((await receiver.NextAsync()).Body));
    }

    [Fact]
    public async Task Sender_UnreachableUrl_IsRetried_AndAGoneChannel_IsPermanent()
    {
        string url;
        await using (var closed = await LoopbackReceiver.StartAsync())
        {
            url = closed.Url;
        }

        var (channelId, _) = await app.CreateChannelAsync("sms", url);
        var sender = app.Services.GetServices<IOutboxSender>().OfType<WebhookOutboxSender>().Single();

        var unreachable = await sender.SendAsync(new OutboxMessage(OutboxKind.Webhook, channelId, null, null, url, "{}", app.Clock.GetUtcNow()), CancellationToken.None);
        var gone = await sender.SendAsync(new OutboxMessage(OutboxKind.Webhook, 987654, null, null, url, "{}", app.Clock.GetUtcNow()), CancellationToken.None);

        Assert.Equal(SendOutcome.Retry, unreachable.Outcome);
        Assert.Equal(SendOutcome.Permanent, gone.Outcome);
    }
}
