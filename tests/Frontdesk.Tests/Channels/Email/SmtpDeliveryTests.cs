using System.Net;
using System.Text.Json.Nodes;
using Frontdesk.Channels.Outbox;
using Frontdesk.Data;
using Frontdesk.Domain.Channels;
using Frontdesk.Tests.Infrastructure;
using MailKit;
using Microsoft.AspNetCore.Hosting;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Frontdesk.Tests.Channels.Email;

public sealed class SmtpDeliveryTests(FrontdeskFactory app) : IClassFixture<FrontdeskFactory>
{
    [Fact]
    public async Task SmtpServerDown_ReplyIsRetriedWithBackoff_ThenShowsDeliveryFailed()
    {
        var admin = app.Admin();
        var (ticketId, _) = await TicketWithReplyAsync(app, EmailKit.ClosedPort());

        // Attempt 1 is made at once (the reply wakes the dispatcher); a failed attempt is recorded with its next time.
        var first = await DeliveryAsync(app, admin, ticketId, d => d["attempts"]!.GetValue<int>() == 1 && d["lastError"] is not null);
        Assert.Equal("pending", first["status"].Str());
        Assert.Equal(app.Clock.GetUtcNow() + OutboxMessage.Backoff(1), first["nextAttemptAt"]!.GetValue<DateTimeOffset>());

        // Attempt 2 waits twice as long.
        app.Clock.Advance(OutboxMessage.Backoff(1));
        var second = await DeliveryAsync(
            app,
            admin,
            ticketId,
            d => d["attempts"]!.GetValue<int>() == 2 && d["nextAttemptAt"]!.GetValue<DateTimeOffset>() - app.Clock.GetUtcNow() <= OutboxMessage.Backoff(2));
        Assert.Equal("pending", second["status"].Str());
        Assert.InRange(second["nextAttemptAt"]!.GetValue<DateTimeOffset>() - app.Clock.GetUtcNow(), OutboxMessage.Backoff(2) - TimeSpan.FromSeconds(5), OutboxMessage.Backoff(2));

        var failed = await DeliveryAsync(app, admin, ticketId, d => d["status"].Str() == "failed", toNextAttempts: true);
        Assert.Equal(OutboxMessage.MaxAttempts, failed["attempts"]!.GetValue<int>());
        var events = await (await admin.GetAsync($"/api/v1/tickets/{ticketId}/events")).ExpectAsync(HttpStatusCode.OK);
        Assert.Contains(events["items"]!.AsArray(), e => e!["kind"].Str() == "delivery_failed");
    }

    [Fact]
    public async Task QueuedReply_SurvivesARestart_AndIsSentByTheNextProcess()
    {
        var first = new FrontdeskFactory();
        await first.InitializeAsync();
        try
        {
            var (ticketId, customer) = await TicketWithReplyAsync(first, EmailKit.ClosedPort());
            await DeliveryAsync(first, first.Admin(), ticketId, d => d["attempts"]!.GetValue<int>() == 1 && d["lastError"] is not null);
            var channelId = await first.WithDbAsync(db => db.Channels.Select(c => c.Id).SingleAsync());
            await first.Services.GetRequiredService<IHost>().StopAsync(TestContext.Current.CancellationToken);

            await using var second = new ReopenedFactory(first);
            await second.InitializeAsync();
            var admin = second.Admin();
            await (await admin.PatchJsonAsync($"/api/v1/channels/{channelId}", new { email = new { smtpPort = MailServers.Current.Smtp } })).ExpectAsync(HttpStatusCode.OK);

            var sent = await DeliveryAsync(second, admin, ticketId, d => d["status"].Str() == "sent", toNextAttempts: true);
            Assert.Equal(2, sent["attempts"]!.GetValue<int>());
            await EmailKit.WhenMailboxAsync(customer, async inbox => await ContainsTextAsync(inbox, "We are on it."), "the reply arrives");
        }
        finally
        {
            await first.DisposeAsync();
        }
    }

    /// <summary>An email ticket on a channel whose SMTP server is at <paramref name="smtpPort"/>, with an agent's reply queued.</summary>
    private static async Task<(long TicketId, string Customer)> TicketWithReplyAsync(FrontdeskFactory app, int smtpPort)
    {
        var admin = app.Admin();
        var support = MailServers.NewAddress("support");
        var customer = MailServers.NewAddress("carla");
        var channelId = await EmailKit.CreateChannelAsync(admin, support, protocol: "none", smtpPort: smtpPort);
        var created = await (await EmailInboundTests.PostAsync(admin, EmailKit.CustomerMail(customer, support, "Login broken", "Cannot log in."), $"?channelId={channelId}"))
            .ExpectAsync(HttpStatusCode.Created);
        var ticketId = created["ticketId"]!.GetValue<long>();
        await (await admin.PostJsonAsync($"/api/v1/tickets/{ticketId}/messages", new { body = "We are on it." })).ExpectAsync(HttpStatusCode.Created);
        return (ticketId, customer);
    }

    /// <summary>
    /// Waits for the ticket's one delivery to meet the condition, woken by each attempt the dispatcher records.
    /// With <paramref name="toNextAttempts"/> the fake clock is moved to each retry's time, so the retries run now.
    /// </summary>
    private static async Task<JsonObject> DeliveryAsync(FrontdeskFactory app, HttpClient admin, long ticketId, Func<JsonObject, bool> condition, bool toNextAttempts = false)
    {
        var dispatcher = app.Services.GetRequiredService<OutboxDispatcher>();
        var signal = app.Services.GetRequiredService<OutboxSignal>();
        var attempts = System.Threading.Channels.Channel.CreateUnbounded<long>();
        void OnRecorded(OutboxMessage message, SendResult result)
        {
            if (message.TicketId == ticketId)
            {
                attempts.Writer.TryWrite(message.Id);
            }
        }

        dispatcher.Recorded += OnRecorded;
        try
        {
            using var deadline = new CancellationTokenSource(EmailKit.Patience);
            while (true)
            {
                var deliveries = await (await admin.GetAsync($"/api/v1/tickets/{ticketId}/deliveries")).ExpectArrayAsync(HttpStatusCode.OK);
                var delivery = Assert.Single(deliveries)!.AsObject();
                if (condition(delivery))
                {
                    return delivery;
                }

                if (toNextAttempts && delivery["nextAttemptAt"]?.GetValue<DateTimeOffset>() is { } next && next > app.Clock.GetUtcNow())
                {
                    app.Clock.Advance(next - app.Clock.GetUtcNow());
                }

                signal.Notify();
                await EmailKit.Within(attempts.Reader.ReadAsync(deadline.Token).AsTask(), null, "the delivery reaches the expected state");
            }
        }
        finally
        {
            dispatcher.Recorded -= OnRecorded;
        }
    }

    private static async Task<bool> ContainsTextAsync(IMailFolder inbox, string text)
    {
        for (var i = 0; i < inbox.Count; i++)
        {
            if ((await inbox.GetMessageAsync(i)).TextBody?.Contains(text, StringComparison.Ordinal) == true)
            {
                return true;
            }
        }

        return false;
    }
}

/// <summary>A second server process on the data (folder and database) of a first one, as after a restart.</summary>
public sealed class ReopenedFactory(FrontdeskFactory first) : FrontdeskFactory
{
    private readonly string _connectionString = first.Services.GetRequiredService<DatabaseSettings>().ConnectionString;

    protected override void ConfigureMore(IWebHostBuilder builder)
    {
        builder.UseSetting("Frontdesk:DataDirectory", first.DataDirectory);
        if (first.IsPostgres)
        {
            builder.UseSetting("ConnectionStrings:Frontdesk", _connectionString);
        }
    }
}
