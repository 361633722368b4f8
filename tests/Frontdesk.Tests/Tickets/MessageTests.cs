using System.Net;
using Frontdesk.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Frontdesk.Tests.Tickets;

public sealed class MessageTests(FrontdeskFactory app) : IClassFixture<FrontdeskFactory>
{
    [Fact]
    public async Task CustomerReply_ToSolvedTicket_ReopensIt()
    {
        var (customer, _) = await app.CustomerAsync($"{Guid.NewGuid():N}@c.test");
        var ticket = await (await customer.PostJsonAsync("/api/v1/tickets", new { subject = "Broken", body = "It broke" })).ExpectAsync(HttpStatusCode.Created);
        await (await app.Admin().PatchJsonAsync($"/api/v1/tickets/{ticket.Id()}", new { status = "solved" })).ExpectAsync(HttpStatusCode.OK);

        await (await customer.PostJsonAsync($"/api/v1/tickets/{ticket.Id()}/messages", new { body = "Still broken" })).ExpectAsync(HttpStatusCode.Created);

        var now = await (await app.Admin().GetAsync($"/api/v1/tickets/{ticket.Id()}")).ExpectAsync(HttpStatusCode.OK);
        Assert.Equal("open", now["status"].Str());
        Assert.Null(now["solvedAt"]?.GetValue<DateTimeOffset?>());
    }

    [Fact]
    public async Task AgentPublicReply_SetsFirstResponse_ButInternalNoteDoesNot()
    {
        var (agent, _) = await app.AgentAsync();
        var ticket = await agent.CreateTicketAsync("First response");

        await (await agent.PostJsonAsync($"/api/v1/tickets/{ticket.Id()}/messages", new { body = "Looking", @internal = true })).ExpectAsync(HttpStatusCode.Created);
        var afterNote = await (await agent.GetAsync($"/api/v1/tickets/{ticket.Id()}")).ExpectAsync(HttpStatusCode.OK);
        Assert.Null(afterNote["firstResponseAt"]?.GetValue<DateTimeOffset?>());

        app.Clock.Advance(TimeSpan.FromMinutes(7));
        await (await agent.PostJsonAsync($"/api/v1/tickets/{ticket.Id()}/messages", new { body = "Fixed it" })).ExpectAsync(HttpStatusCode.Created);
        var afterReply = await (await agent.GetAsync($"/api/v1/tickets/{ticket.Id()}")).ExpectAsync(HttpStatusCode.OK);
        Assert.Equal(app.Clock.GetUtcNow(), afterReply["firstResponseAt"]!.GetValue<DateTimeOffset>());
    }

    [Fact]
    public async Task Customer_NeverSeesInternalNotes_AndCannotWriteThem()
    {
        var (customer, _) = await app.CustomerAsync($"{Guid.NewGuid():N}@c.test");
        var ticket = await (await customer.PostJsonAsync("/api/v1/tickets", new { subject = "Notes", body = "Question" })).ExpectAsync(HttpStatusCode.Created);
        await (await app.Admin().PostJsonAsync($"/api/v1/tickets/{ticket.Id()}/messages", new { body = "Secret: customer is grumpy", @internal = true })).ExpectAsync(HttpStatusCode.Created);
        await (await app.Admin().PostJsonAsync($"/api/v1/tickets/{ticket.Id()}/messages", new { body = "Public answer" })).ExpectAsync(HttpStatusCode.Created);

        var seen = await (await customer.GetAsync($"/api/v1/tickets/{ticket.Id()}/messages")).ExpectAsync(HttpStatusCode.OK);
        var texts = seen["items"]!.AsArray().Select(m => m!["bodyText"].Str()).ToList();
        Assert.Equal(["Question", "Public answer"], texts);

        await (await customer.PostJsonAsync($"/api/v1/tickets/{ticket.Id()}/messages", new { body = "sneaky", @internal = true })).ExpectProblemAsync(HttpStatusCode.Forbidden);
        await (await customer.GetAsync($"/api/v1/tickets/{ticket.Id()}/events")).ExpectProblemAsync(HttpStatusCode.Forbidden);
    }

    [Fact]
    public async Task SameAttachmentSentTwice_IsStoredOnce()
    {
        var admin = app.Admin();
        var ticket = await admin.CreateTicketAsync("Attachments");
        var bytes = System.Text.Encoding.UTF8.GetBytes("invoice " + Guid.NewGuid());
        var attachment = new { fileName = "invoice.pdf", contentType = "application/pdf", contentBase64 = Convert.ToBase64String(bytes) };

        var first = await (await admin.PostJsonAsync($"/api/v1/tickets/{ticket.Id()}/messages", new { body = "one", attachments = new[] { attachment } })).ExpectAsync(HttpStatusCode.Created);
        var second = await (await admin.PostJsonAsync($"/api/v1/tickets/{ticket.Id()}/messages", new { body = "two", attachments = new[] { attachment } })).ExpectAsync(HttpStatusCode.Created);

        var sha = first["attachments"]![0]!["sha256"].Str();
        Assert.Equal(sha, second["attachments"]![0]!["sha256"].Str());
        Assert.Equal(bytes.Length, first["attachments"]![0]!["size"]!.GetValue<long>());
        Assert.Equal(1, await app.WithDbAsync(db => db.Blobs.CountAsync(b => b.Sha256 == sha)));
        Assert.Single(Directory.GetFiles(Path.Combine(app.DataDirectory, "blobs"), sha, SearchOption.AllDirectories));
    }

    [Fact]
    public async Task Attachment_DownloadsItsBytes_ButNotFromAnInternalNoteForTheCustomer()
    {
        var (customer, _) = await app.CustomerAsync($"{Guid.NewGuid():N}@c.test");
        var ticket = await (await customer.PostJsonAsync("/api/v1/tickets", new { subject = "Files", body = "see below" })).ExpectAsync(HttpStatusCode.Created);
        var bytes = System.Text.Encoding.UTF8.GetBytes("hello " + Guid.NewGuid());
        var note = await (await app.Admin().PostJsonAsync($"/api/v1/tickets/{ticket.Id()}/messages", new
        {
            body = "internal file",
            @internal = true,
            attachments = new[] { new { fileName = "notes.txt", contentType = "text/plain", contentBase64 = Convert.ToBase64String(bytes) } },
        })).ExpectAsync(HttpStatusCode.Created);
        var attachmentId = note["attachments"]![0]!["id"]!.GetValue<long>();

        var staffDownload = await app.Admin().GetAsync($"/api/v1/tickets/{ticket.Id()}/attachments/{attachmentId}");
        Assert.Equal(HttpStatusCode.OK, staffDownload.StatusCode);
        Assert.Equal(bytes, await staffDownload.Content.ReadAsByteArrayAsync());
        Assert.Equal("notes.txt", staffDownload.Content.Headers.ContentDisposition?.FileNameStar ?? staffDownload.Content.Headers.ContentDisposition?.FileName);

        await (await customer.GetAsync($"/api/v1/tickets/{ticket.Id()}/attachments/{attachmentId}")).ExpectProblemAsync(HttpStatusCode.NotFound);
        await (await customer.GetAsync($"/api/v1/tickets/{ticket.Id()}/messages/{note["id"]}")).ExpectProblemAsync(HttpStatusCode.NotFound);
        var location = (await customer.PostJsonAsync($"/api/v1/tickets/{ticket.Id()}/messages", new { body = "thanks" })).Headers.Location!;
        Assert.Equal("thanks", (await (await customer.GetAsync(location)).ExpectAsync(HttpStatusCode.OK))["bodyText"].Str());
    }

    [Fact]
    public async Task BadAttachment_IsRefusedAndNothingIsWritten()
    {
        var admin = app.Admin();
        var ticket = await admin.CreateTicketAsync("Bad attachment");
        var before = await app.WithDbAsync(db => db.Messages.CountAsync());

        var response = await admin.PostJsonAsync($"/api/v1/tickets/{ticket.Id()}/messages", new { body = "see file", attachments = new[] { new { fileName = "a.txt", contentBase64 = "not base64!!" } } });

        await response.ExpectProblemAsync(HttpStatusCode.BadRequest, "attachments[0].contentBase64");
        Assert.Equal(before, await app.WithDbAsync(db => db.Messages.CountAsync()));
    }

    [Fact]
    public async Task CustomerReply_ToClosedTicket_OpensLinkedFollowUp()
    {
        var (customer, _) = await app.CustomerAsync($"{Guid.NewGuid():N}@c.test");
        var ticket = await (await customer.PostJsonAsync("/api/v1/tickets", new { subject = "Old issue", body = "Help" })).ExpectAsync(HttpStatusCode.Created);
        await (await app.Admin().PatchJsonAsync($"/api/v1/tickets/{ticket.Id()}", new { status = "solved" })).ExpectAsync(HttpStatusCode.OK);
        await (await app.Admin().PatchJsonAsync($"/api/v1/tickets/{ticket.Id()}", new { status = "closed" })).ExpectAsync(HttpStatusCode.OK);

        var message = await (await customer.PostJsonAsync($"/api/v1/tickets/{ticket.Id()}/messages", new { body = "It is back" })).ExpectAsync(HttpStatusCode.Created);

        var followUpId = message["ticketId"]!.GetValue<long>();
        Assert.NotEqual(ticket.Id(), followUpId);
        var links = await (await customer.GetAsync($"/api/v1/tickets/{followUpId}/links")).ExpectArrayAsync(HttpStatusCode.OK);
        var link = Assert.Single(links);
        Assert.Equal("followUpOf", link!["relation"].Str());
        Assert.Equal(ticket.Id(), link["ticketId"]!.GetValue<long>());

        await (await app.Admin().PostJsonAsync($"/api/v1/tickets/{ticket.Id()}/messages", new { body = "agent on closed" })).ExpectProblemAsync(HttpStatusCode.Conflict);
    }

    [Fact]
    public async Task Message_ToUnknownTicket_Is404_AndEmptyBodyIs400()
    {
        var admin = app.Admin();
        await (await admin.PostJsonAsync("/api/v1/tickets/98765432/messages", new { body = "x" })).ExpectProblemAsync(HttpStatusCode.NotFound);
        var ticket = await admin.CreateTicketAsync("Empty body");
        await (await admin.PostJsonAsync($"/api/v1/tickets/{ticket.Id()}/messages", new { body = "   " })).ExpectProblemAsync(HttpStatusCode.BadRequest, "body");
        await (await admin.PostJsonAsync($"/api/v1/tickets/{ticket.Id()}/messages", new { body = "<script>x()</script>", bodyFormat = "html" })).ExpectProblemAsync(HttpStatusCode.BadRequest, "body");
    }
}
