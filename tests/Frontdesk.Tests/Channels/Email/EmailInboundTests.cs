using System.Net;
using System.Net.Http.Headers;
using Frontdesk.Tests.Infrastructure;
using Microsoft.AspNetCore.Hosting;
using Microsoft.EntityFrameworkCore;
using MimeKit;

namespace Frontdesk.Tests.Channels.Email;

public sealed class EmailInboundTests(FrontdeskFactory app) : IClassFixture<FrontdeskFactory>
{
    [Fact]
    public async Task PostedMail_OpensTicket_With201_AndTheSameMailAgainIs200Duplicate()
    {
        var admin = app.Admin();
        var support = MailServers.NewAddress("support");
        var channelId = await EmailKit.CreateChannelAsync(admin, support, protocol: "none");
        var customer = MailServers.NewAddress("carla");
        var mail = EmailKit.CustomerMail(customer, support, "Printer on fire", "It is really on fire.");

        var created = await (await PostAsync(admin, mail, $"?channelId={channelId}")).ExpectAsync(HttpStatusCode.Created);
        Assert.Equal("created", created["outcome"].Str());
        var ticketId = created["ticketId"]!.GetValue<long>();

        var again = await (await PostAsync(admin, mail, $"?channelId={channelId}")).ExpectAsync(HttpStatusCode.OK);
        Assert.Equal("duplicate", again["outcome"].Str());
        Assert.Equal(ticketId, again["ticketId"]!.GetValue<long>());

        var ticket = await (await admin.GetAsync($"/api/v1/tickets/{ticketId}")).ExpectAsync(HttpStatusCode.OK);
        Assert.Equal("Printer on fire", ticket["subject"].Str());
        Assert.Equal(channelId, await app.WithDbAsync(db => db.Tickets.Where(t => t.Id == ticketId).Select(t => t.ChannelId).FirstAsync()));
    }

    [Fact]
    public async Task PostedAnswer_ThreadsIntoItsTicket_With200()
    {
        var admin = app.Admin();
        var support = MailServers.NewAddress("support");
        var customer = MailServers.NewAddress("carla");
        var first = EmailKit.CustomerMail(customer, support, "Invoice wrong", "The total is wrong.");
        var created = await (await PostAsync(admin, first)).ExpectAsync(HttpStatusCode.Created);

        var answer = EmailKit.CustomerMail(customer, support, "Re: Invoice wrong", "Also the date.");
        answer.InReplyTo = first.MessageId;
        var threaded = await (await PostAsync(admin, answer)).ExpectAsync(HttpStatusCode.OK);

        Assert.Equal("threaded", threaded["outcome"].Str());
        Assert.Equal(created["ticketId"]!.GetValue<long>(), threaded["ticketId"]!.GetValue<long>());
    }

    [Fact]
    public async Task EmptyBody_Is400NamingTheBody()
    {
        var response = await app.Admin().PostAsync("/api/v1/channels/email/inbound", new ByteArrayContent([]));
        await response.ExpectProblemAsync(HttpStatusCode.BadRequest, "body");
    }

    [Fact]
    public async Task UnknownOrInactiveChannel_Is400NamingTheChannel()
    {
        var admin = app.Admin();
        var mail = EmailKit.CustomerMail(MailServers.NewAddress(), MailServers.NewAddress("support"), "Hello", "Hi");
        await (await PostAsync(admin, mail, "?channelId=987654")).ExpectProblemAsync(HttpStatusCode.BadRequest, "channelId");

        var channelId = await EmailKit.CreateChannelAsync(admin, MailServers.NewAddress("support"), protocol: "none");
        await (await admin.DeleteAsync($"/api/v1/channels/{channelId}")).ExpectAsync(HttpStatusCode.NoContent);
        await (await PostAsync(admin, mail, $"?channelId={channelId}")).ExpectProblemAsync(HttpStatusCode.BadRequest, "channelId");
    }

    [Fact]
    public async Task Agent_MayNotPostRawMail()
    {
        var (agent, _) = await app.AgentAsync();
        var mail = EmailKit.CustomerMail(MailServers.NewAddress(), MailServers.NewAddress("support"), "Hello", "Hi");
        await (await PostAsync(agent, mail)).ExpectProblemAsync(HttpStatusCode.Forbidden);
    }

    internal static async Task<HttpResponseMessage> PostAsync(HttpClient client, MimeMessage mail, string query = "")
    {
        using var buffer = new MemoryStream();
        await mail.WriteToAsync(buffer);
        var content = new ByteArrayContent(buffer.ToArray());
        content.Headers.ContentType = new MediaTypeHeaderValue("message/rfc822");
        return await client.PostAsync("/api/v1/channels/email/inbound" + query, content);
    }
}

/// <summary>A server that takes raw mail up to 4 KB only.</summary>
public sealed class SmallMailLimitFactory : FrontdeskFactory
{
    protected override void ConfigureMore(IWebHostBuilder builder) => builder.UseSetting("Frontdesk:Mail:MaxInboundBytes", "4096");
}

public sealed class EmailInboundLimitTests(SmallMailLimitFactory app) : IClassFixture<SmallMailLimitFactory>
{
    [Fact]
    public async Task MailAboveTheLimit_Is413_AndMakesNoTicket()
    {
        var admin = app.Admin();
        var mail = EmailKit.CustomerMail(MailServers.NewAddress(), MailServers.NewAddress("support"), "Big", new string('x', 8000));

        await (await EmailInboundTests.PostAsync(admin, mail)).ExpectProblemAsync(HttpStatusCode.RequestEntityTooLarge, "body");

        // Without a Content-Length the limit is found while reading.
        using var buffer = new MemoryStream();
        await mail.WriteToAsync(buffer, TestContext.Current.CancellationToken);
        buffer.Position = 0;
        var streamed = new StreamContent(new UnknownLengthStream(buffer));
        var response = await admin.PostAsync("/api/v1/channels/email/inbound", streamed, TestContext.Current.CancellationToken);
        await response.ExpectProblemAsync(HttpStatusCode.RequestEntityTooLarge, "body");

        var tickets = await (await admin.GetAsync("/api/v1/tickets", TestContext.Current.CancellationToken)).ExpectAsync(HttpStatusCode.OK);
        Assert.Empty(tickets["items"]!.AsArray());
    }

    private sealed class UnknownLengthStream(Stream inner) : Stream
    {
        public override bool CanRead => true;

        public override bool CanSeek => false;

        public override bool CanWrite => false;

        public override long Length => throw new NotSupportedException();

        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

        public override void Flush()
        {
        }

        public override int Read(byte[] buffer, int offset, int count) => inner.Read(buffer, offset, count);

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }
}
