using System.Net;
using System.Text.Json;
using Frontdesk.Channels;
using Frontdesk.Channels.Outbox;
using Frontdesk.Domain.Channels;
using Frontdesk.Domain.Common;
using Frontdesk.Domain.Contacts;
using Frontdesk.Domain.Tickets;
using Frontdesk.Tests.Infrastructure;
using Microsoft.AspNetCore.Hosting;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Frontdesk.Tests.Channels;

/// <summary>Intake with a low flood limit, so the limit can be reached in a test.</summary>
public sealed class IntakeFactory : FrontdeskFactory
{
    protected override void ConfigureMore(IWebHostBuilder builder)
    {
        builder.UseSetting("Frontdesk:Intake:NewTicketsPerSenderPerHour", "4");

        // The dispatcher stays idle: these tests look at what is queued, not at sending it.
        builder.UseSetting("Frontdesk:Outbox:PollInterval", "1.00:00:00");
    }
}

/// <summary>The shared intake step every channel feeds: contact, threading, idempotency, flags, confirmations.</summary>
public sealed class IntakeTests(IntakeFactory app) : IClassFixture<IntakeFactory>
{
    [Fact]
    public async Task SameMessage_DeliveredTwice_IsStoredOnce()
    {
        var mail = Mail(NewAddress(), "Printer jammed", "The printer on floor 2 is jammed.");

        var first = await AcceptAsync(mail);
        var second = await AcceptAsync(mail);

        Assert.Equal(IntakeOutcome.Created, first.Outcome);
        Assert.Equal(IntakeOutcome.Duplicate, second.Outcome);
        Assert.Equal(first.TicketId, second.TicketId);
        Assert.Equal(first.MessageId, second.MessageId);
        Assert.Equal(1, await app.WithDbAsync(db => db.Messages.CountAsync(m => m.TicketId == first.TicketId)));
    }

    [Fact]
    public async Task NewMessage_CreatesContactAndTicket_WithItsChannelsTeam()
    {
        var team = await (await app.Admin().PostJsonAsync("/api/v1/teams", new { name = "Mail team " + Guid.NewGuid().ToString("N")[..6] })).ExpectAsync(HttpStatusCode.Created);
        var channel = await CreateEmailChannelAsync(teamId: team.Id());
        var from = NewAddress();

        var result = await AcceptAsync(Mail(from, "VPN down", "I cannot connect to the VPN.", "Jane Roe") with { ChannelId = channel });

        var ticket = await app.WithDbAsync(db => db.Tickets.Include(t => t.Messages).FirstAsync(t => t.Id == result.TicketId));
        var contact = await app.WithDbAsync(db => db.Contacts.Include(c => c.Identities).FirstAsync(c => c.Id == ticket.RequesterId));
        Assert.Equal("VPN down", ticket.Subject);
        Assert.Equal(ChannelKind.Email, ticket.Channel);
        Assert.Equal(channel, ticket.ChannelId);
        Assert.Equal(team.Id(), ticket.TeamId);
        Assert.Equal("Jane Roe", contact.Name);
        Assert.Equal(from, contact.PrimaryEmail);
        Assert.Equal(ActorKind.Contact, Assert.Single(ticket.Messages).AuthorKind);
    }

    [Fact]
    public async Task Reply_ReferencingAKnownMessage_JoinsItsTicket()
    {
        var from = NewAddress();
        var first = Mail(from, "Invoice missing", "Where is my invoice for March?");
        var opened = await AcceptAsync(first);

        var reply = Mail(from, "Re: Invoice missing", "Any news?") with { References = ["unknown@elsewhere", first.ExternalId] };
        var threaded = await AcceptAsync(reply);

        Assert.Equal(IntakeOutcome.Threaded, threaded.Outcome);
        Assert.Equal(opened.TicketId, threaded.TicketId);
    }

    [Fact]
    public async Task Reply_ToOurOutgoingReply_JoinsTheTicket()
    {
        var channel = await CreateEmailChannelAsync();
        var from = NewAddress();
        var opened = await AcceptAsync(Mail(from, "Password reset", "Please reset my password.") with { ChannelId = channel });
        var (agent, _) = await app.AgentAsync();
        await (await agent.PostJsonAsync($"/api/v1/tickets/{opened.TicketId}/messages", new { body = "Done, check your inbox." })).ExpectAsync(HttpStatusCode.Created);
        var sent = await OutboundAsync(opened.TicketId, reply: true);

        var answer = await AcceptAsync(Mail(from, "Re: Password reset", "Thanks, it works.") with { References = [sent.MessageId] });

        Assert.Equal(opened.TicketId, answer.TicketId);
        Assert.Equal(IntakeOutcome.Threaded, answer.Outcome);
    }

    [Fact]
    public async Task AgentReply_IsQueuedWithTheThreadHeadersAndTheTicketToken()
    {
        var channel = await CreateEmailChannelAsync();
        var from = NewAddress();
        var cc = NewAddress();
        var first = Mail(from, "Laptop broken", "My laptop will not boot.") with { ChannelId = channel, Participants = [new InboundSender(IdentityKind.Email, cc, "Colleague")] };
        var opened = await AcceptAsync(first);
        var (agent, _) = await app.AgentAsync();

        await (await agent.PostJsonAsync($"/api/v1/tickets/{opened.TicketId}/messages", new { body = "Bring it to the service desk." })).ExpectAsync(HttpStatusCode.Created);
        await (await agent.PostJsonAsync($"/api/v1/tickets/{opened.TicketId}/messages", new { body = "Internal: check warranty", @internal = true })).ExpectAsync(HttpStatusCode.Created);

        var email = await OutboundAsync(opened.TicketId, reply: true);
        Assert.Equal(from, Assert.Single(email.To).Address);
        Assert.Equal(cc, Assert.Single(email.Cc).Address);
        Assert.Equal(first.ExternalId, email.InReplyTo);
        Assert.Contains(first.ExternalId, email.References);
        Assert.Contains($"[#{opened.TicketNumber}]", email.Subject, StringComparison.Ordinal);
        Assert.Contains(Deliveries.ReplyAboveMarker, email.Text, StringComparison.Ordinal);
        Assert.DoesNotContain("warranty", email.Text, StringComparison.Ordinal);
        Assert.False(email.AutoSubmitted);
        var replies = await app.WithDbAsync(db => db.Outbox.CountAsync(o => o.TicketId == opened.TicketId && o.MessageId != null));
        Assert.Equal(1, replies);

        var deliveries = await (await agent.GetAsync($"/api/v1/tickets/{opened.TicketId}/deliveries")).ExpectArrayAsync(HttpStatusCode.OK);
        Assert.Contains(deliveries, d => d!["recipient"].Str() == from && d["status"].Str() == "pending");
    }

    [Fact]
    public async Task TicketToken_FromTheRequester_JoinsTheTicket()
    {
        var from = NewAddress();
        var opened = await AcceptAsync(Mail(from, "Monitor flickers", "My monitor flickers."));

        var reply = await AcceptAsync(Mail(from, $"Re: Monitor flickers [#{opened.TicketNumber}]", "Still flickering."));

        Assert.Equal(opened.TicketId, reply.TicketId);
    }

    [Fact]
    public async Task TicketToken_FromAStranger_OpensANewTicketFlaggedForReview()
    {
        var opened = await AcceptAsync(Mail(NewAddress(), "Salary question", "About my salary."));

        var stranger = await AcceptAsync(Mail(NewAddress(), $"Re: Salary question [#{opened.TicketNumber}]", "Let me in on this."));

        Assert.NotEqual(opened.TicketId, stranger.TicketId);
        Assert.Equal(IntakeOutcome.Created, stranger.Outcome);
        Assert.Contains(IntakeFlags.NeedsReview, stranger.Flags);
        Assert.Contains(IntakeFlags.NeedsReview, await TagsAsync(stranger.TicketId));
        Assert.Equal(1, await app.WithDbAsync(db => db.Messages.CountAsync(m => m.TicketId == opened.TicketId)));
    }

    [Fact]
    public async Task SomeoneOnCc_ReplyingWithTheToken_JoinsTheTicketAsThemselves()
    {
        var from = NewAddress();
        var cc = NewAddress();
        var opened = await AcceptAsync(Mail(from, "Office move", "We move offices on Friday.") with { Participants = [new InboundSender(IdentityKind.Email, cc)] });

        var reply = await AcceptAsync(Mail(cc, $"Re: Office move [#{opened.TicketNumber}]", "I will help with the move."));

        Assert.Equal(opened.TicketId, reply.TicketId);
        var author = await app.WithDbAsync(db => db.Messages.Where(m => m.Id == reply.MessageId).Select(m => m.AuthorId).FirstAsync());
        Assert.Equal(reply.ContactId, author);
        Assert.NotEqual(opened.ContactId, reply.ContactId);
    }

    [Fact]
    public async Task MergingAContactOnCc_KeepsThemOnTheConversation()
    {
        var cc = NewAddress();
        var opened = await AcceptAsync(Mail(NewAddress(), "Budget review", "Please review the budget.") with { Participants = [new InboundSender(IdentityKind.Email, cc)] });
        var other = await AcceptAsync(Mail(NewAddress(), "Unrelated " + Guid.NewGuid().ToString("N"), "Something else."));
        var ccContact = await app.WithDbAsync(db => db.ContactIdentities.Where(i => i.Value == cc).Select(i => i.ContactId).FirstAsync());

        await (await app.Admin().PostJsonAsync($"/api/v1/contacts/{ccContact}/merge", new { intoId = other.ContactId })).ExpectAsync(HttpStatusCode.OK);
        var reply = await AcceptAsync(Mail(cc, $"Re: Budget review [#{opened.TicketNumber}]", "Reviewed."));

        Assert.Equal(opened.TicketId, reply.TicketId);
        Assert.Equal(other.ContactId, reply.ContactId);
    }

    [Fact]
    public async Task Reply_ToAMergedTicket_LandsInTheTicketItWasMergedInto()
    {
        var from = NewAddress();
        var first = Mail(from, "Cannot print", "Printing fails.");
        var source = await AcceptAsync(first);
        var target = await AcceptAsync(Mail(from, "Printer offline", "The printer shows offline and nothing prints at all today."));
        await (await app.Admin().PostJsonAsync($"/api/v1/tickets/{source.TicketId}/merge", new { targetId = target.TicketId })).ExpectAsync(HttpStatusCode.OK);

        var reply = await AcceptAsync(Mail(from, "Re: Cannot print", "Any update?") with { References = [first.ExternalId] });

        Assert.Equal(target.TicketId, reply.TicketId);
    }

    [Fact]
    public async Task Reply_ToAClosedTicket_OpensALinkedFollowUp()
    {
        var from = NewAddress();
        var first = Mail(from, "Access request", "I need access to the finance share.");
        var opened = await AcceptAsync(first);
        foreach (var status in new[] { "solved", "closed" })
        {
            await (await app.Admin().PatchJsonAsync($"/api/v1/tickets/{opened.TicketId}", new { status })).ExpectAsync(HttpStatusCode.OK);
        }

        var reply = await AcceptAsync(Mail(from, "Re: Access request", "It stopped working again.") with { References = [first.ExternalId] });

        Assert.Equal(IntakeOutcome.FollowUp, reply.Outcome);
        Assert.NotEqual(opened.TicketId, reply.TicketId);
        var link = await app.WithDbAsync(db => db.TicketLinks.FirstOrDefaultAsync(l => l.SourceTicketId == reply.TicketId && l.TargetTicketId == opened.TicketId));
        Assert.Equal(TicketLinkKind.FollowUpOf, link?.Kind);
    }

    [Fact]
    public async Task SimilarNewRequest_FromTheSameContact_IsLinkedAsPossibleDuplicate_NeverMerged()
    {
        var from = NewAddress();
        var original = await AcceptAsync(Mail(from, "Outlook crashes on startup", "Outlook crashes every time I start it since the update."));

        var again = await AcceptAsync(Mail(from, "Outlook crashes at startup", "Since the update Outlook crashes every time I start it."));
        var different = await AcceptAsync(Mail(from, "New chair please", "Could I get an ergonomic chair for my desk?"));

        Assert.Equal(IntakeOutcome.Created, again.Outcome);
        Assert.Contains(IntakeFlags.PossibleDuplicate, again.Flags);
        Assert.Contains(IntakeFlags.PossibleDuplicate, await TagsAsync(again.TicketId));
        var links = await app.WithDbAsync(db => db.TicketLinks.Where(l => l.SourceTicketId == again.TicketId).ToListAsync());
        Assert.Equal(original.TicketId, Assert.Single(links).TargetTicketId);
        Assert.DoesNotContain(IntakeFlags.PossibleDuplicate, different.Flags);
        var merged = await app.WithDbAsync(db => db.Tickets.Where(t => t.Id == again.TicketId).Select(t => t.MergedIntoId).FirstAsync());
        Assert.Null(merged);
    }

    [Fact]
    public async Task SenderPastTheNewTicketLimit_JoinsTheirLatestTicket_FlaggedAsFlood()
    {
        var from = NewAddress();
        var results = new List<IntakeResult>();
        for (var i = 0; i < 5; i++)
        {
            results.Add(await AcceptAsync(Mail(from, $"Spam wave {i} {Guid.NewGuid():N}", $"Unrelated text number {i} {Guid.NewGuid():N}")));
        }

        Assert.Equal(4, results.Select(r => r.TicketId).Distinct().Count());
        Assert.Equal(results[3].TicketId, results[4].TicketId);
        Assert.Contains(IntakeFlags.Flood, results[4].Flags);

        app.Clock.Advance(TimeSpan.FromHours(2));
        var later = await AcceptAsync(Mail(from, "A real question " + Guid.NewGuid().ToString("N"), "Something else entirely."));
        Assert.Equal(IntakeOutcome.Created, later.Outcome);
    }

    [Fact]
    public async Task Bounce_OfOurReply_IsNotedOnItsTicket_WithoutANewTicket()
    {
        var channel = await CreateEmailChannelAsync();
        var from = NewAddress();
        var opened = await AcceptAsync(Mail(from, "Bounce me", "Reply to me please.") with { ChannelId = channel });
        var (agent, _) = await app.AgentAsync();
        await (await agent.PostJsonAsync($"/api/v1/tickets/{opened.TicketId}/messages", new { body = "Here is your answer." })).ExpectAsync(HttpStatusCode.Created);
        var sent = await OutboundAsync(opened.TicketId, reply: true);
        var tickets = await app.WithDbAsync(db => db.Tickets.CountAsync());

        var bounce = await AcceptAsync(Mail("mailer-daemon@mx.example.net", "Undelivered Mail Returned to Sender", "550 5.1.1 user unknown") with { IsAutomated = true, BounceOf = sent.MessageId });

        Assert.Equal(IntakeOutcome.Bounce, bounce.Outcome);
        Assert.Equal(opened.TicketId, bounce.TicketId);
        Assert.Equal(tickets, await app.WithDbAsync(db => db.Tickets.CountAsync()));
        var note = await app.WithDbAsync(db => db.Messages.FirstAsync(m => m.Id == bounce.MessageId));
        Assert.True(note.IsInternal);
        Assert.Contains("550 5.1.1", note.BodyText, StringComparison.Ordinal);
        Assert.True(await app.WithDbAsync(db => db.TicketEvents.AnyAsync(e => e.TicketId == opened.TicketId && e.Kind == TicketEventKinds.DeliveryFailed)));
    }

    [Fact]
    public async Task NewTicket_ByEmail_GetsOneAutomaticConfirmation_ButAutomatedMailNever()
    {
        var channel = await CreateEmailChannelAsync();
        var human = await AcceptAsync(Mail(NewAddress(), "Need help", "Please help me.") with { ChannelId = channel });
        var robot = await AcceptAsync(Mail(NewAddress(), "Out of office", "I am away until Monday.") with { ChannelId = channel, IsAutomated = true });

        var confirmation = await OutboundAsync(human.TicketId, reply: false);
        Assert.True(confirmation.AutoSubmitted);
        Assert.Contains($"#{human.TicketNumber}", confirmation.Text, StringComparison.Ordinal);
        Assert.Contains($"[#{human.TicketNumber}]", confirmation.Subject, StringComparison.Ordinal);
        Assert.Equal(0, await app.WithDbAsync(db => db.Outbox.CountAsync(o => o.TicketId == robot.TicketId)));
        Assert.Contains(IntakeFlags.Automated, robot.Flags);
    }

    [Fact]
    public async Task AutomaticConfirmations_ToOneAddress_AreCappedPerHour()
    {
        var channel = await CreateEmailChannelAsync();
        var from = NewAddress();
        for (var i = 0; i < 4; i++)
        {
            await AcceptAsync(Mail(from, $"Loop {i} {Guid.NewGuid():N}", $"Distinct body {Guid.NewGuid():N}") with { ChannelId = channel });
        }

        var confirmations = await app.WithDbAsync(db => db.Outbox.CountAsync(o => o.Recipient == from && o.MessageId == null));
        Assert.Equal(3, confirmations);
    }

    [Fact]
    public async Task IdentityAlsoKnownAs_JoinsTheExistingContact()
    {
        var email = NewAddress();
        var byEmail = await AcceptAsync(Mail(email, "By mail first", "Hello by mail."));
        var visitor = "visitor-" + Guid.NewGuid().ToString("N");

        var chat = await AcceptAsync(new InboundMessage(ChannelKind.Chat, null, Guid.NewGuid().ToString("N"), new InboundSender(IdentityKind.Chat, visitor, "Jane"), null, "<p>Hi from chat</p>", "Hi from chat", [])
        {
            AlsoKnownAs = [new InboundSender(IdentityKind.Email, email)],
            ExternalThreadId = "session-" + visitor,
        });

        Assert.Equal(byEmail.ContactId, chat.ContactId);
        var identities = await app.WithDbAsync(db => db.ContactIdentities.Where(i => i.ContactId == byEmail.ContactId).Select(i => i.Kind).ToListAsync());
        Assert.Contains(IdentityKind.Chat, identities);
        Assert.Equal("Hi from chat", await app.WithDbAsync(db => db.Tickets.Where(t => t.Id == chat.TicketId).Select(t => t.Subject).FirstAsync()));
    }

    [Fact]
    public async Task MessagesOfOneExternalThread_ShareATicket()
    {
        var phone = "+4915112345" + Random.Shared.Next(100, 999);
        var thread = Guid.NewGuid().ToString("N");
        InboundMessage Sms(string text) => new(ChannelKind.Sms, null, Guid.NewGuid().ToString("N"), new InboundSender(IdentityKind.Phone, phone), null, $"<p>{text}</p>", text, []) { ExternalThreadId = thread };

        var first = await AcceptAsync(Sms("My parcel did not arrive"));
        var second = await AcceptAsync(Sms("Tracking number 123"));

        Assert.Equal(first.TicketId, second.TicketId);
        Assert.Equal("My parcel did not arrive", await app.WithDbAsync(db => db.Tickets.Where(t => t.Id == first.TicketId).Select(t => t.Subject).FirstAsync()));
    }

    [Fact]
    public async Task ANoteFromTheAdapter_IsAddedAsAnInternalNote()
    {
        var result = await AcceptAsync(Mail(NewAddress(), "Broken mail", "(unreadable)") with { Note = "This email could not be read; the original is attached." });

        var notes = await app.WithDbAsync(db => db.Messages.Where(m => m.TicketId == result.TicketId && m.IsInternal).Select(m => m.BodyText).ToListAsync());
        Assert.Equal("This email could not be read; the original is attached.", Assert.Single(notes));
    }

    [Fact]
    public async Task InlineImagesAndQuotedHistory_AreShownThroughTheApi()
    {
        var blobs = app.Services.GetRequiredService<Frontdesk.Storage.IBlobStore>();
        var png = new byte[] { 0x89, 0x50, 0x4E, 0x47, 1, 2, 3 };
        var sha = await blobs.PutAsync(png, default);
        var mail = new InboundMessage(ChannelKind.Email, null, $"{Guid.NewGuid():N}@mail.test", new InboundSender(IdentityKind.Email, NewAddress()), "Logo", "<p>See <img src=\"cid:logo@mail.test\"></p>", "See", [new AttachmentRef(sha, "logo.png", "image/png", png.Length, "logo@mail.test")])
        {
            QuotedHtml = "<blockquote>On Monday you wrote: hello</blockquote>",
        };

        var result = await AcceptAsync(mail);

        var messages = await (await app.Admin().GetAsync($"/api/v1/tickets/{result.TicketId}/messages")).ExpectAsync(HttpStatusCode.OK);
        var message = messages["items"]![0]!;
        var attachment = message["attachments"]![0]!;
        Assert.Equal("logo@mail.test", attachment["contentId"].Str());
        Assert.Contains($"src=\"/api/v1/tickets/{result.TicketId}/attachments/{attachment["id"]}\"", message["bodyHtml"].Str(), StringComparison.Ordinal);
        Assert.Contains("On Monday you wrote", message["quotedHtml"].Str(), StringComparison.Ordinal);
        var download = await app.Admin().GetAsync($"/api/v1/tickets/{result.TicketId}/attachments/{attachment["id"]}");
        Assert.Equal(png, await download.Content.ReadAsByteArrayAsync());
    }

    [Fact]
    public async Task UnknownChannel_IsRefused_AndNothingIsStored()
    {
        var tickets = await app.WithDbAsync(db => db.Tickets.CountAsync());

        var result = await app.Services.GetRequiredService<InboundIntake>().AcceptAsync(Mail(NewAddress(), "Lost", "Lost") with { ChannelId = 987654 }, default);

        Assert.Equal(ErrorKind.NotFound, result.Error?.Kind);
        Assert.Equal(tickets, await app.WithDbAsync(db => db.Tickets.CountAsync()));
    }

    private static string NewAddress() => $"{Guid.NewGuid():N}@customers.test";

    private static InboundMessage Mail(string from, string subject, string text, string? name = null) =>
        new(ChannelKind.Email, null, $"{Guid.NewGuid():N}@mail.customers.test", new InboundSender(IdentityKind.Email, from, name), subject, $"<p>{text}</p>", text, []);

    private async Task<IntakeResult> AcceptAsync(InboundMessage message)
    {
        var result = await app.Services.GetRequiredService<InboundIntake>().AcceptAsync(message, default);
        Assert.True(result.IsSuccess, result.Error?.Detail);
        return result.Value;
    }

    private async Task<long> CreateEmailChannelAsync(long? teamId = null)
    {
        var channel = await (await app.Admin().PostJsonAsync("/api/v1/channels", new
        {
            kind = "email",
            name = "Support " + Guid.NewGuid().ToString("N")[..8],
            address = $"support-{Guid.NewGuid():N}@helpdesk.test",
            teamId,
            email = new { smtpHost = "127.0.0.1", smtpPort = 9, smtpTls = "none" },
        })).ExpectAsync(HttpStatusCode.Created);
        return channel.Id();
    }

    private async Task<OutboundEmail> OutboundAsync(long ticketId, bool reply)
    {
        var payload = await app.WithDbAsync(db => db.Outbox
            .Where(o => o.TicketId == ticketId && o.Kind == OutboxKind.Email && (o.MessageId != null) == reply)
            .OrderByDescending(o => o.Id)
            .Select(o => o.Payload)
            .FirstAsync());
        return JsonSerializer.Deserialize<OutboundEmail>(payload, Deliveries.Json)!;
    }

    private Task<List<string>> TagsAsync(long ticketId) =>
        app.WithDbAsync(db => db.Tickets.Where(t => t.Id == ticketId).SelectMany(t => t.Tags).Select(t => t.Name).ToListAsync());
}
