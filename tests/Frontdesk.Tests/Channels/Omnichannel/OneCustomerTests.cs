using System.Globalization;
using System.Net;
using Frontdesk.Channels.Chat;
using Frontdesk.Tests.Channels.Webhooks;
using Frontdesk.Tests.Infrastructure;
using Microsoft.AspNetCore.Http.Connections;
using Microsoft.AspNetCore.SignalR.Client;

namespace Frontdesk.Tests.Channels.Omnichannel;

/// <summary>One person writing by email, phone, chat and a social network ends as one contact with all their tickets.</summary>
public sealed class OneCustomerTests(FrontdeskFactory app) : IClassFixture<FrontdeskFactory>
{
    private static string Phone() => "+44 20 " + Random.Shared.Next(10000000, 99999999).ToString(CultureInfo.InvariantCulture);

    private async Task<ChatLine> ChatAsync(string email, string text)
    {
        var channelId = (await (await app.Admin().PostJsonAsync("/api/v1/channels", new { kind = "chat", name = $"chat {Guid.NewGuid():N}" })).ExpectAsync(HttpStatusCode.Created))["id"]!.GetValue<long>();
        await using var visitor = new HubConnectionBuilder()
            .WithUrl(new Uri(app.Server.BaseAddress, ChatHub.Path), o =>
            {
                o.Transports = HttpTransportType.LongPolling;
                o.HttpMessageHandlerFactory = _ => app.Server.CreateHandler();
            })
            .Build();
        await visitor.StartAsync();
        await visitor.InvokeAsync<ChatSession>("Start", new StartChat(channelId, null, email));
        return await visitor.InvokeAsync<ChatLine>("Send", text, null);
    }

    [Fact]
    public async Task EmailPhoneChatAndSocial_EndAsOneContact_AndTheContactListsEveryChannelsTickets()
    {
        var (agent, _) = await app.AgentAsync();
        var email = $"{Guid.NewGuid():N}@omni.test";
        var phone = Phone();
        var handle = "@omni_" + Guid.NewGuid().ToString("N")[..10];

        // Email: the contact is born.
        var byEmail = await app.Admin().CreateTicketAsync("Help by email", email);
        var contactId = byEmail["requester"]!["id"]!.GetValue<long>();

        // Phone: an agent records the number on the contact, then logs the call.
        await (await agent.PostJsonAsync($"/api/v1/contacts/{contactId}/identities", new { kind = "phone", value = phone })).ExpectAsync(HttpStatusCode.Created);
        var byPhone = await (await agent.PostJsonAsync("/api/v1/tickets/calls", new { number = phone, direction = "inbound", durationSeconds = 90, notes = "Called about the same thing" }))
            .ExpectAsync(HttpStatusCode.Created);
        Assert.Equal(contactId, byPhone["contactId"]!.GetValue<long>());

        // Chat: the visitor leaves the same email (AlsoKnownAs).
        var byChat = await ChatAsync(email, "Chatting now");

        // Social: a handle nobody knew makes a contact of its own, which an agent merges into the person.
        var (socialChannel, secret) = await app.CreateChannelAsync("social");
        var bySocial = await (await app.PostSignedAsync(socialChannel, secret, new { messageId = "dm-" + Guid.NewGuid(), from = new { handle, name = "Omni" }, text = "DM about it" }))
            .ExpectAsync(HttpStatusCode.OK);
        var stranger = bySocial["contactId"]!.GetValue<long>();
        Assert.NotEqual(contactId, stranger);
        await (await agent.PostJsonAsync($"/api/v1/contacts/{stranger}/merge", new { intoId = contactId })).ExpectAsync(HttpStatusCode.OK);

        var contact = await (await agent.GetAsync($"/api/v1/contacts/{contactId}")).ExpectAsync(HttpStatusCode.OK);
        Assert.Equal(["chat", "email", "phone", "social"], contact["identities"]!.AsArray().Select(i => i!["kind"].Str()).Order());

        var tickets = await (await agent.GetAsync($"/api/v1/contacts/{contactId}/tickets")).ExpectAsync(HttpStatusCode.OK);
        var items = tickets["items"]!.AsArray();
        Assert.Equal(["api", "chat", "phone", "social"], items.Select(t => t!["channel"].Str()).Order());
        Assert.Equal(
            new[] { byEmail.Id(), byPhone["ticketId"]!.GetValue<long>(), byChat.TicketId, bySocial["ticketId"]!.GetValue<long>() }.Order(),
            items.Select(t => t!["id"]!.GetValue<long>()).Order());
        Assert.All(items, t => Assert.Equal(contactId, t!["requester"]!["id"]!.GetValue<long>()));

        // The merged-away contact shows where its tickets went; the next DM from the handle finds the person.
        var viaMerged = await (await agent.GetAsync($"/api/v1/contacts/{stranger}/tickets")).ExpectAsync(HttpStatusCode.OK);
        Assert.Equal(4, viaMerged["items"]!.AsArray().Count);
        var again = await (await app.PostSignedAsync(socialChannel, secret, new { messageId = "dm-" + Guid.NewGuid(), from = new { handle }, text = "Another DM" }))
            .ExpectAsync(HttpStatusCode.OK);
        Assert.Equal(contactId, again["contactId"]!.GetValue<long>());
    }

    [Fact]
    public async Task ContactTickets_ArePagedNewestFirst()
    {
        var (agent, _) = await app.AgentAsync();
        var email = $"{Guid.NewGuid():N}@omni.test";
        var ids = new List<long>();
        for (var i = 0; i < 3; i++)
        {
            ids.Add((await app.Admin().CreateTicketAsync($"Distinct topic number {i} {Guid.NewGuid():N}", email)).Id());
        }

        var contactId = (await (await app.Admin().GetAsync($"/api/v1/tickets/{ids[0]}")).ExpectAsync(HttpStatusCode.OK))["requester"]!["id"]!.GetValue<long>();

        var first = await (await agent.GetAsync($"/api/v1/contacts/{contactId}/tickets?limit=2")).ExpectAsync(HttpStatusCode.OK);
        Assert.Equal([ids[2], ids[1]], first["items"]!.AsArray().Select(t => t!["id"]!.GetValue<long>()));
        var cursor = first["nextCursor"].Str();
        var second = await (await agent.GetAsync($"/api/v1/contacts/{contactId}/tickets?limit=2&after={cursor}")).ExpectAsync(HttpStatusCode.OK);
        Assert.Equal([ids[0]], second["items"]!.AsArray().Select(t => t!["id"]!.GetValue<long>()));
        Assert.Null(second["nextCursor"]);
    }

    [Fact]
    public async Task ContactTickets_BadRequests()
    {
        var (agent, _) = await app.AgentAsync();
        var ticket = await app.Admin().CreateTicketAsync("Someone's");
        var contactId = ticket["requester"]!["id"]!.GetValue<long>();

        await (await agent.GetAsync($"/api/v1/contacts/{contactId}/tickets?limit=0")).ExpectProblemAsync(HttpStatusCode.BadRequest, "limit");
        await (await agent.GetAsync($"/api/v1/contacts/{contactId}/tickets?limit=abc")).ExpectProblemAsync(HttpStatusCode.BadRequest, "limit");
        await (await agent.GetAsync("/api/v1/contacts/987654/tickets")).ExpectProblemAsync(HttpStatusCode.NotFound);
        var (customer, _) = await app.CustomerAsync($"{Guid.NewGuid():N}@omni.test");
        Assert.Equal(HttpStatusCode.Forbidden, (await customer.GetAsync($"/api/v1/contacts/{contactId}/tickets")).StatusCode);
    }
}
