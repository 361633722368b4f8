using System.Net;
using System.Security.Cryptography;
using System.Text.Json.Nodes;
using Frontdesk.Domain.Channels;
using Frontdesk.Tests.Infrastructure;
using MailKit;
using Microsoft.EntityFrameworkCore;
using MimeKit;

namespace Frontdesk.Tests.Channels.Email;

/// <summary>Mail from the real servers: customers send by SMTP, the poller fetches from Dovecot, replies leave by SMTP.</summary>
public sealed class MailboxPollerTests(FrontdeskFactory app) : IClassFixture<FrontdeskFactory>
{
    [Fact]
    public async Task ImapMailbox_CustomersMail_BecomesTicketWithAttachment_AndIsMarkedSeen()
    {
        var admin = app.Admin();
        var support = MailServers.NewAddress("support");
        var customer = MailServers.NewAddress("carla");
        var mail = MailWithAttachment(customer, support, "Scanner jams", "Every third page jams.", "jam.log", out var attachment);
        await MailServers.SendAsync(mail, TestContext.Current.CancellationToken);

        await EmailKit.CreateChannelAsync(admin, support, "imap");
        app.PickUpChannels();

        var ticketId = await EmailKit.TicketOfMailAsync(app, mail.MessageId, "the mail becomes a ticket");
        var ticket = await (await admin.GetAsync($"/api/v1/tickets/{ticketId}")).ExpectAsync(HttpStatusCode.OK);
        Assert.Equal("Scanner jams", ticket["subject"].Str());
        await AssertRequesterAsync(admin, ticket, customer, "Carla Customer");
        var message = await FirstMessageAsync(admin, ticketId);
        Assert.Contains("Every third page jams.", message["bodyText"].Str(), StringComparison.Ordinal);
        var stored = Assert.Single(message["attachments"]!.AsArray())!;
        Assert.Equal("jam.log", stored["fileName"].Str());
        Assert.Equal(attachment.Length, stored["size"]!.GetValue<long>());
        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(attachment)), stored["sha256"].Str());

        await EmailKit.WaitUntilAllSeenAsync(support, "the mail is flagged \\Seen");
        var (summary, _) = Assert.Single(await EmailKit.MailboxAsync(support));
        Assert.True(summary.Flags!.Value.HasFlag(MessageFlags.Seen));
    }

    [Fact]
    public async Task Pop3Mailbox_CustomersMail_BecomesTicket_AndIsDeleted()
    {
        var admin = app.Admin();
        var support = MailServers.NewAddress("support");
        var customer = MailServers.NewAddress("paul");
        var mail = MailWithAttachment(customer, support, "VPN drops", "The VPN drops every hour.", "vpn.txt", out var attachment);
        await MailServers.SendAsync(mail, TestContext.Current.CancellationToken);
        await EmailKit.WaitForDeliveryAsync(support);

        await EmailKit.CreateChannelAsync(admin, support, "pop3");
        app.PickUpChannels();

        var ticketId = await EmailKit.TicketOfMailAsync(app, mail.MessageId, "the mail becomes a ticket");
        var ticket = await (await admin.GetAsync($"/api/v1/tickets/{ticketId}")).ExpectAsync(HttpStatusCode.OK);
        Assert.Equal("VPN drops", ticket["subject"].Str());
        await AssertRequesterAsync(admin, ticket, customer, "Carla Customer");
        var message = await FirstMessageAsync(admin, ticketId);
        Assert.Contains("The VPN drops every hour.", message["bodyText"].Str(), StringComparison.Ordinal);
        Assert.Equal(attachment.Length, Assert.Single(message["attachments"]!.AsArray())!["size"]!.GetValue<long>());

        await EmailKit.WhenMailboxAsync(support, inbox => Task.FromResult(inbox.Count == 0), "the mail is deleted from the POP3 mailbox");
    }

    [Fact]
    public async Task AgentReply_ArrivesInCustomersMailbox_AndTheCustomersAnswerThreadsBack()
    {
        var admin = app.Admin();
        var (agent, _) = await app.AgentAsync("Alex Agent");
        var support = MailServers.NewAddress("support");
        var customer = MailServers.NewAddress("carla");
        await EmailKit.CreateChannelAsync(admin, support, "imap");
        app.PickUpChannels();
        var question = EmailKit.CustomerMail(customer, support, "Where is my order?", "Order 1234 has not arrived.");
        await MailServers.SendAsync(question, TestContext.Current.CancellationToken);
        var ticketId = await EmailKit.TicketOfMailAsync(app, question.MessageId, "the question becomes a ticket");
        var ticket = await (await admin.GetAsync($"/api/v1/tickets/{ticketId}")).ExpectAsync(HttpStatusCode.OK);
        var number = ticket["number"]!.GetValue<long>();

        await (await agent.PostJsonAsync($"/api/v1/tickets/{ticketId}/messages", new { body = "It ships tomorrow." })).ExpectAsync(HttpStatusCode.Created);

        var reply = await EmailKit.WhenMailboxAsync(
            customer,
            async inbox => await ReplyToAsync(inbox, question.MessageId),
            "the reply arrives in the customer's mailbox");
        var from = Assert.Single(reply.From.Mailboxes);
        Assert.Equal(support, from.Address);
        Assert.Equal("Acme Support", from.Name);
        Assert.Equal(customer, Assert.Single(reply.To.Mailboxes).Address);
        Assert.Contains($"[#{number}]", reply.Subject, StringComparison.Ordinal);
        Assert.Contains(question.MessageId, reply.References);
        Assert.Contains("It ships tomorrow.", reply.TextBody, StringComparison.Ordinal);
        Assert.Contains("It ships tomorrow.", reply.HtmlBody, StringComparison.Ordinal);
        Assert.Null(reply.Headers[HeaderId.AutoSubmitted]);
        var queuedId = await app.WithDbAsync(db => db.ExternalMessages
            .Where(x => x.TicketId == ticketId && x.Outbound && x.Scope == ExternalMessage.EmailScope).Select(x => x.ExternalId).SingleAsync());
        Assert.Equal(queuedId, reply.MessageId);
        var deliveries = await (await admin.GetAsync($"/api/v1/tickets/{ticketId}/deliveries")).ExpectArrayAsync(HttpStatusCode.OK);
        Assert.Equal("sent", Assert.Single(deliveries)!["status"].Str());

        var answer = EmailKit.CustomerMail(customer, support, "Re: " + reply.Subject, "Thanks, tomorrow is fine.");
        answer.InReplyTo = reply.MessageId;
        answer.References.Add(reply.MessageId!);
        await MailServers.SendAsync(answer, TestContext.Current.CancellationToken);

        Assert.Equal(ticketId, await EmailKit.TicketOfMailAsync(app, answer.MessageId, "the answer is taken in"));
        var messages = await (await admin.GetAsync($"/api/v1/tickets/{ticketId}/messages")).ExpectAsync(HttpStatusCode.OK);
        Assert.Equal(3, messages["items"]!.AsArray().Count);
    }

    [Theory]
    [InlineData("imap")]
    [InlineData("pop3")]
    public async Task MailboxWithA50MBAttachment_DoesNotDelaySmallMailInAnotherMailbox(string protocol)
    {
        var admin = app.Admin();
        var bigBox = MailServers.NewAddress("big");
        var smallBox = MailServers.NewAddress("small");
        var big = MailWithAttachment(MailServers.NewAddress("designer"), bigBox, "Artwork", "The artwork, all of it.", "artwork.bin", out var artwork, 50 * 1024 * 1024);
        var small = EmailKit.CustomerMail(MailServers.NewAddress("carla"), smallBox, "Quick question", "Are you open on Sunday?");
        await MailServers.SendAsync(big, TestContext.Current.CancellationToken);
        await MailServers.SendAsync(small, TestContext.Current.CancellationToken);
        await EmailKit.WaitForDeliveryAsync(bigBox, patience: TimeSpan.FromMinutes(3));
        await EmailKit.WaitForDeliveryAsync(smallBox);

        // The big mailbox comes first: fetched one after the other, the small mail would wait for the big one.
        await EmailKit.CreateChannelAsync(admin, bigBox, protocol);
        await EmailKit.CreateChannelAsync(admin, smallBox, protocol);
        app.PickUpChannels();

        var smallTicket = await EmailKit.TicketOfMailAsync(app, small.MessageId, "the small mail becomes a ticket");
        var bigTicketYet = await TicketOfAsync(big.MessageId);
        Assert.True(bigTicketYet is null || bigTicketYet > smallTicket, "The small mail waited for the big one.");

        var bigTicket = await EmailKit.TicketOfMailAsync(app, big.MessageId, "the big mail becomes a ticket", TimeSpan.FromMinutes(4));
        var stored = Assert.Single((await FirstMessageAsync(admin, bigTicket))["attachments"]!.AsArray())!;
        Assert.Equal(artwork.Length, stored["size"]!.GetValue<long>());
        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(artwork)), stored["sha256"].Str());
        if (protocol == "pop3")
        {
            await EmailKit.WhenMailboxAsync(bigBox, inbox => Task.FromResult(inbox.Count == 0), "the big mail is deleted from the POP3 mailbox");
        }
        else
        {
            await EmailKit.WaitUntilAllSeenAsync(bigBox, "the big mail is flagged \\Seen");
        }
    }

    private Task<long?> TicketOfAsync(string? messageId) =>
        app.WithDbAsync(db => db.ExternalMessages
            .Where(x => x.Scope == ExternalMessage.EmailScope && x.ExternalId == messageId)
            .Select(x => (long?)x.TicketId)
            .FirstOrDefaultAsync());

    private static async Task<MimeMessage?> ReplyToAsync(IMailFolder inbox, string? messageId)
    {
        for (var i = 0; i < inbox.Count; i++)
        {
            var message = await inbox.GetMessageAsync(i);
            if (message.InReplyTo == messageId)
            {
                return message;
            }
        }

        return null;
    }

    private static async Task<JsonObject> FirstMessageAsync(HttpClient admin, long ticketId)
    {
        var messages = await (await admin.GetAsync($"/api/v1/tickets/{ticketId}/messages")).ExpectAsync(HttpStatusCode.OK);
        return messages["items"]![0]!.AsObject();
    }

    private static async Task AssertRequesterAsync(HttpClient admin, JsonObject ticket, string email, string name)
    {
        var contact = await (await admin.GetAsync($"/api/v1/contacts/{ticket["requester"]!["id"]!.GetValue<long>()}")).ExpectAsync(HttpStatusCode.OK);
        Assert.Equal(name, contact["name"].Str());
        Assert.Contains(email, contact.ToJsonString(), StringComparison.Ordinal);
    }

    private static MimeMessage MailWithAttachment(string from, string to, string subject, string text, string fileName, out byte[] content, int size = 3000)
    {
        var mail = EmailKit.CustomerMail(from, to, subject, text);
        content = RandomNumberGenerator.GetBytes(size);
        var body = new BodyBuilder { TextBody = text };
        body.Attachments.Add(fileName, content, new ContentType("application", "octet-stream"));
        mail.Body = body.ToMessageBody();
        return mail;
    }
}
