using System.Net;
using System.Text.Json.Nodes;
using Frontdesk.Data;
using Frontdesk.Domain.Channels;
using Frontdesk.Tests.Infrastructure;
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
        var first = await DeliveryAsync(admin, ticketId, d => d["attempts"]!.GetValue<int>() == 1 && d["lastError"] is not null);
        Assert.Equal("pending", first["status"].Str());
        Assert.Equal(app.Clock.GetUtcNow() + OutboxMessage.Backoff(1), first["nextAttemptAt"]!.GetValue<DateTimeOffset>());

        // Attempt 2 waits twice as long (the nudges move the clock by 5 s while the dispatcher comes round).
        app.Clock.Advance(OutboxMessage.Backoff(1));
        var second = await DeliveryAsync(
            admin,
            ticketId,
            d => d["attempts"]!.GetValue<int>() == 2 && d["nextAttemptAt"]!.GetValue<DateTimeOffset>() - app.Clock.GetUtcNow() <= OutboxMessage.Backoff(2),
            () => app.Clock.Advance(TimeSpan.FromSeconds(5)));
        Assert.Equal("pending", second["status"].Str());
        Assert.InRange(second["nextAttemptAt"]!.GetValue<DateTimeOffset>() - app.Clock.GetUtcNow(), OutboxMessage.Backoff(2) - TimeSpan.FromSeconds(5), OutboxMessage.Backoff(2));

        var failed = await DeliveryAsync(admin, ticketId, d => d["status"].Str() == "failed", () => app.Clock.Advance(TimeSpan.FromMinutes(20)));
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
            await DeliveryAsync(first.Admin(), ticketId, d => d["attempts"]!.GetValue<int>() == 1 && d["lastError"] is not null);
            var channelId = await first.WithDbAsync(db => db.Channels.Select(c => c.Id).SingleAsync());
            await first.Services.GetRequiredService<IHost>().StopAsync(TestContext.Current.CancellationToken);

            await using var second = new ReopenedFactory(first);
            await second.InitializeAsync();
            var admin = second.Admin();
            await (await admin.PatchJsonAsync($"/api/v1/channels/{channelId}", new { email = new { smtpPort = MailServers.Current.Smtp } })).ExpectAsync(HttpStatusCode.OK);

            var sent = await DeliveryAsync(admin, ticketId, d => d["status"].Str() == "sent", () => second.Clock.Advance(TimeSpan.FromMinutes(1)));
            Assert.Equal(2, sent["attempts"]!.GetValue<int>());
            await EmailKit.UntilAsync(async () => (await EmailKit.MailboxAsync(customer)).Any(m => m.Message.TextBody?.Contains("We are on it.", StringComparison.Ordinal) == true), "the reply arrives");
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

    private static Task<JsonObject> DeliveryAsync(HttpClient admin, long ticketId, Func<JsonObject, bool> condition, Action? nudge = null) =>
        EmailKit.UntilAsync<JsonObject>(
            async () =>
            {
                var deliveries = await (await admin.GetAsync($"/api/v1/tickets/{ticketId}/deliveries")).ExpectArrayAsync(HttpStatusCode.OK);
                return deliveries.Count == 1 && condition(deliveries[0]!.AsObject()) ? deliveries[0]!.AsObject() : null;
            },
            "the delivery reaches the expected state",
            nudge: nudge);
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
