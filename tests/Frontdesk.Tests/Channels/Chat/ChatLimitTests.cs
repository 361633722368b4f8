using System.Net;
using Frontdesk.Channels.Chat;
using Frontdesk.Tests.Infrastructure;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http.Connections;
using Microsoft.AspNetCore.SignalR;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.EntityFrameworkCore;

namespace Frontdesk.Tests.Channels.Chat;

/// <summary>A server that lets one address start two chats an hour and a chat send three lines a minute.</summary>
public sealed class TightChatLimitsFactory : FrontdeskFactory
{
    protected override void ConfigureMore(IWebHostBuilder builder)
    {
        builder.UseSetting("Frontdesk:Chat:StartsPerIpPerHour", "2");
        builder.UseSetting("Frontdesk:Chat:LinesPerMinute", "3");
    }
}

public sealed class ChatLimitTests(TightChatLimitsFactory app) : IClassFixture<TightChatLimitsFactory>
{
    [Fact]
    public async Task AnAddressStartingTooManyChats_IsRefused_AndALineFloodIsSlowedDown()
    {
        var channelId = (await (await app.Admin().PostJsonAsync("/api/v1/channels", new { kind = "chat", name = "Limited chat" })).ExpectAsync(HttpStatusCode.Created)).Id();
        await using var visitor = await ConnectAsync();

        await visitor.InvokeAsync<ChatSession>("Start", new StartChat(channelId, null, null));
        await visitor.InvokeAsync<ChatSession>("Start", new StartChat(channelId, null, null));
        var tooMany = await Assert.ThrowsAsync<HubException>(() => visitor.InvokeAsync<ChatSession>("Start", new StartChat(channelId, null, null)));
        Assert.Contains("Too many chats", tooMany.Message, StringComparison.Ordinal);

        var first = await visitor.InvokeAsync<ChatLine>("Send", "line 0", null);
        await visitor.InvokeAsync<ChatLine>("Send", "line 1", null);
        await visitor.InvokeAsync<ChatLine>("Send", "line 2", null);

        var flood = await Assert.ThrowsAsync<HubException>(() => visitor.InvokeAsync<ChatLine>("Send", "line 3", null));
        Assert.Contains("Too many messages", flood.Message, StringComparison.Ordinal);
        Assert.Equal(3, await app.WithDbAsync(db => db.Messages.CountAsync(m => m.TicketId == first.TicketId)));

        app.Clock.Advance(TimeSpan.FromMinutes(1));
        await visitor.InvokeAsync<ChatLine>("Send", "line 4, a minute later", null);
        Assert.Equal(4, await app.WithDbAsync(db => db.Messages.CountAsync(m => m.TicketId == first.TicketId)));
    }

    private async Task<HubConnection> ConnectAsync()
    {
        var connection = new HubConnectionBuilder()
            .WithUrl(new Uri(app.Server.BaseAddress, ChatHub.Path), o =>
            {
                o.Transports = HttpTransportType.LongPolling;
                o.HttpMessageHandlerFactory = _ => app.Server.CreateHandler();
            })
            .Build();
        await connection.StartAsync();
        return connection;
    }
}
