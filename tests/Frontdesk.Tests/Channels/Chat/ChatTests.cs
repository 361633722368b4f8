using System.Net;
using System.Threading.Channels;
using Frontdesk.Channels.Chat;
using Frontdesk.Tests.Infrastructure;
using Microsoft.AspNetCore.Http.Connections;
using Microsoft.AspNetCore.SignalR;
using Microsoft.AspNetCore.SignalR.Client;

namespace Frontdesk.Tests.Channels.Chat;

public sealed class ChatTests(FrontdeskFactory app) : IClassFixture<FrontdeskFactory>
{
    private static string Email() => $"{Guid.NewGuid():N}@chat.test";

    /// <summary>A real SignalR client on the test server (long polling through its handler); lines it receives queue up.</summary>
    private async Task<(HubConnection Connection, ChannelReader<ChatLine> Lines)> ConnectAsync(HttpClient? as_ = null)
    {
        var token = as_?.DefaultRequestHeaders.Authorization?.Parameter;
        var connection = new HubConnectionBuilder()
            .WithUrl(new Uri(app.Server.BaseAddress, ChatHub.Path), o =>
            {
                o.Transports = HttpTransportType.LongPolling;
                o.HttpMessageHandlerFactory = _ => app.Server.CreateHandler();
                if (token is not null)
                {
                    o.AccessTokenProvider = () => Task.FromResult<string?>(token);
                }
            })
            .Build();
        var lines = Channel.CreateUnbounded<ChatLine>();
        connection.On<ChatLine>(ChatRelay.LineEvent, line => lines.Writer.TryWrite(line));
        await connection.StartAsync();
        return (connection, lines.Reader);
    }

    private static async Task<ChatLine> NextAsync(ChannelReader<ChatLine> lines) => await lines.ReadAsync().AsTask().WaitAsync(TimeSpan.FromSeconds(30));

    private async Task<long> ChatChannelAsync(string kind = "chat") =>
        (await (await app.Admin().PostJsonAsync("/api/v1/channels", new { kind, name = $"{kind} {Guid.NewGuid():N}" })).ExpectAsync(HttpStatusCode.Created))["id"]!.GetValue<long>();

    [Fact]
    public async Task Visitor_StartsAChat_AndTheirLinesBecomeOneChatTicket()
    {
        var channelId = await ChatChannelAsync();
        var (visitor, _) = await ConnectAsync();
        await using var _v = visitor;

        var session = await visitor.InvokeAsync<ChatSession>("Start", new StartChat(channelId, "Vic Visitor", null));
        var first = await visitor.InvokeAsync<ChatLine>("Send", "Hello, is anyone there?", null);
        var second = await visitor.InvokeAsync<ChatLine>("Send", "I need help with my login.", null);

        Assert.False(string.IsNullOrEmpty(session.Token));
        Assert.Null(session.TicketId);
        Assert.Equal(first.TicketId, second.TicketId);
        Assert.Equal("visitor", first.From);
        var ticket = await (await app.Admin().GetAsync($"/api/v1/tickets/{first.TicketId}")).ExpectAsync(HttpStatusCode.OK);
        Assert.Equal("chat", ticket["channel"].Str());
        Assert.Equal("Hello, is anyone there?", ticket["subject"].Str());
        Assert.Equal("Vic Visitor", ticket["requester"]!["name"].Str());
        var messages = await (await app.Admin().GetAsync($"/api/v1/tickets/{first.TicketId}/messages")).ExpectAsync(HttpStatusCode.OK);
        Assert.Equal(["Hello, is anyone there?", "I need help with my login."], messages["items"]!.AsArray().Select(m => m!["bodyText"].Str()));
        Assert.All(messages["items"]!.AsArray(), m => Assert.Equal("chat", m!["channel"].Str()));
    }

    [Fact]
    public async Task AgentFollowsTheChat_AndTheirReplyThroughTheTicketApi_ReachesTheVisitorLive()
    {
        var channelId = await ChatChannelAsync();
        var (agentClient, _) = await app.AgentAsync("Ada Agent");
        var (visitor, visitorLines) = await ConnectAsync();
        var (agent, agentLines) = await ConnectAsync(agentClient);
        await using var _v = visitor;
        await using var _a = agent;
        await visitor.InvokeAsync<ChatSession>("Start", new StartChat(channelId, "Walt", null));
        var opening = await visitor.InvokeAsync<ChatLine>("Send", "My card was declined", null);
        Assert.Equal(opening.Id, (await NextAsync(visitorLines)).Id);

        var transcript = await agent.InvokeAsync<IReadOnlyList<ChatLine>>("Join", opening.TicketId);
        Assert.Equal(opening.Id, Assert.Single(transcript).Id);

        var followUp = await visitor.InvokeAsync<ChatLine>("Send", "It is a Visa card", null);
        Assert.Equal(followUp.Id, (await NextAsync(agentLines)).Id);
        Assert.Equal(followUp.Id, (await NextAsync(visitorLines)).Id);

        await (await agentClient.PostJsonAsync($"/api/v1/tickets/{opening.TicketId}/messages", new { body = "Card issuer declined it; see notes.", @internal = true }))
            .ExpectAsync(HttpStatusCode.Created);
        await (await agentClient.PostJsonAsync($"/api/v1/tickets/{opening.TicketId}/messages", new { body = "Please try another card.", bodyFormat = "text" }))
            .ExpectAsync(HttpStatusCode.Created);

        // The agent sees the note and the reply; the visitor only the reply.
        var note = await NextAsync(agentLines);
        Assert.True(note.Internal);
        Assert.Equal("Please try another card.", (await NextAsync(agentLines)).Text);
        var reply = await NextAsync(visitorLines);
        Assert.Equal("agent", reply.From);
        Assert.Equal("Ada Agent", reply.Name);
        Assert.Equal("Please try another card.", reply.Text);
        Assert.False(reply.Internal);
    }

    [Fact]
    public async Task Transcript_StaysOnTheTicket_AndTheVisitorResumesIt_WithTheirToken()
    {
        var channelId = await ChatChannelAsync();
        var (agentClient, _) = await app.AgentAsync();
        string token;
        long ticketId;
        var (visitor, _) = await ConnectAsync();
        await using (visitor)
        {
            token = (await visitor.InvokeAsync<ChatSession>("Start", new StartChat(channelId, null, null))).Token;
            ticketId = (await visitor.InvokeAsync<ChatLine>("Send", "Question before I go", null)).TicketId;
        }

        await (await agentClient.PostJsonAsync($"/api/v1/tickets/{ticketId}/messages", new { body = "Answer after you left", bodyFormat = "text" })).ExpectAsync(HttpStatusCode.Created);
        await (await agentClient.PostJsonAsync($"/api/v1/tickets/{ticketId}/messages", new { body = "Internal only", @internal = true })).ExpectAsync(HttpStatusCode.Created);

        var (again, lines) = await ConnectAsync();
        await using var _a = again;
        var resumed = await again.InvokeAsync<ChatSession>("Resume", token);

        Assert.Equal(ticketId, resumed.TicketId);
        Assert.Equal(["Question before I go", "Answer after you left"], resumed.Transcript.Select(l => l.Text));
        var next = await again.InvokeAsync<ChatLine>("Send", "Thanks!", null);
        Assert.Equal(ticketId, next.TicketId);
        Assert.Equal(next.Id, (await NextAsync(lines)).Id);
    }

    [Fact]
    public async Task VisitorWhoLeavesAnEmail_IsTheSameContactAsThatEmail()
    {
        var channelId = await ChatChannelAsync();
        var email = Email();
        var earlier = await app.Admin().CreateTicketAsync("By mail first", email);
        var (visitor, _) = await ConnectAsync();
        await using var _v = visitor;

        await visitor.InvokeAsync<ChatSession>("Start", new StartChat(channelId, "Mia", email.ToUpperInvariant()));
        var line = await visitor.InvokeAsync<ChatLine>("Send", "Now by chat", null);

        var ticket = await (await app.Admin().GetAsync($"/api/v1/tickets/{line.TicketId}")).ExpectAsync(HttpStatusCode.OK);
        var contactId = earlier["requester"]!["id"]!.GetValue<long>();
        Assert.Equal(contactId, ticket["requester"]!["id"]!.GetValue<long>());
        var contact = await (await app.Admin().GetAsync($"/api/v1/contacts/{contactId}")).ExpectAsync(HttpStatusCode.OK);
        Assert.Equal(["chat", "email"], contact["identities"]!.AsArray().Select(i => i!["kind"].Str()).Order());
    }

    [Fact]
    public async Task NewVisitorWithAnEmail_GetsAContactWithBothIdentities()
    {
        var channelId = await ChatChannelAsync();
        var email = Email();
        var (visitor, _) = await ConnectAsync();
        await using var _v = visitor;

        await visitor.InvokeAsync<ChatSession>("Start", new StartChat(channelId, null, email));
        var line = await visitor.InvokeAsync<ChatLine>("Send", "First contact", null);

        var ticket = await (await app.Admin().GetAsync($"/api/v1/tickets/{line.TicketId}")).ExpectAsync(HttpStatusCode.OK);
        Assert.Equal(email, ticket["requester"]!["email"].Str());
    }

    [Fact]
    public async Task Visitors_OnlyReachTheirOwnSession()
    {
        var channelId = await ChatChannelAsync();
        var (alice, _) = await ConnectAsync();
        var (bob, _) = await ConnectAsync();
        await using var _a = alice;
        await using var _b = bob;
        var aliceSession = await alice.InvokeAsync<ChatSession>("Start", new StartChat(channelId, "Alice", null));
        var aliceLine = await alice.InvokeAsync<ChatLine>("Send", "Alice's secret", null);
        await bob.InvokeAsync<ChatSession>("Start", new StartChat(channelId, "Bob", null));
        var bobLine = await bob.InvokeAsync<ChatLine>("Send", "Bob here", null);

        Assert.NotEqual(aliceLine.TicketId, bobLine.TicketId);
        await Assert.ThrowsAsync<HubException>(() => bob.InvokeAsync<IReadOnlyList<ChatLine>>("Join", aliceLine.TicketId));
        var forged = aliceSession.Token[..^4] + (aliceSession.Token[^4..] == "AAAA" ? "BBBB" : "AAAA");
        var refused = await Assert.ThrowsAsync<HubException>(() => bob.InvokeAsync<ChatSession>("Resume", forged));
        Assert.Contains("token", refused.Message);
        await Assert.ThrowsAsync<HubException>(() => bob.InvokeAsync<ChatSession>("Resume", "not a token"));

        // Bob is still only in his own chat.
        Assert.Equal(bobLine.TicketId, (await bob.InvokeAsync<ChatLine>("Send", "Still me", null)).TicketId);
    }

    [Fact]
    public async Task BadStarts_AndLinesWithoutASession_AreRefused()
    {
        var chat = await ChatChannelAsync();
        var sms = await ChatChannelAsync("sms");
        var (visitor, _) = await ConnectAsync();
        await using var _v = visitor;

        Assert.Contains("Start", (await Assert.ThrowsAsync<HubException>(() => visitor.InvokeAsync<ChatLine>("Send", "Hi", null))).Message);
        Assert.Contains("channelId", (await Assert.ThrowsAsync<HubException>(() => visitor.InvokeAsync<ChatSession>("Start", new StartChat(sms, null, null)))).Message);
        Assert.Contains("channelId", (await Assert.ThrowsAsync<HubException>(() => visitor.InvokeAsync<ChatSession>("Start", new StartChat(987654, null, null)))).Message);
        Assert.Contains("email", (await Assert.ThrowsAsync<HubException>(() => visitor.InvokeAsync<ChatSession>("Start", new StartChat(chat, null, "nope")))).Message);

        await visitor.InvokeAsync<ChatSession>("Start", new StartChat(chat, null, null));
        Assert.Contains("text", (await Assert.ThrowsAsync<HubException>(() => visitor.InvokeAsync<ChatLine>("Send", "   ", null))).Message);
        Assert.Contains("text", (await Assert.ThrowsAsync<HubException>(() => visitor.InvokeAsync<ChatLine>("Send", new string('x', ChatHub.MaxLineLength + 1), null))).Message);
    }

    [Fact]
    public async Task SameClientIdTwice_IsOneLine()
    {
        var channelId = await ChatChannelAsync();
        var (visitor, _) = await ConnectAsync();
        await using var _v = visitor;
        await visitor.InvokeAsync<ChatSession>("Start", new StartChat(channelId, null, null));

        var first = await visitor.InvokeAsync<ChatLine>("Send", "Resent after a lost answer", "c1");
        var again = await visitor.InvokeAsync<ChatLine>("Send", "Resent after a lost answer", "c1");

        Assert.Equal(first.Id, again.Id);
        var messages = await (await app.Admin().GetAsync($"/api/v1/tickets/{first.TicketId}/messages")).ExpectAsync(HttpStatusCode.OK);
        Assert.Single(messages["items"]!.AsArray());
    }

    [Fact]
    public async Task Widget_IsServedFromTheApp_AndTalksToTheHub()
    {
        var response = await app.Anonymous().GetAsync("/chat/widget.js");
        var script = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/javascript", response.Content.Headers.ContentType?.MediaType);
        Assert.Contains("/hubs/chat", script);
        Assert.Contains("data-channel", script);
        Assert.Contains("localStorage", script);
        Assert.DoesNotContain("innerHTML", script);
    }
}
