using System.Net;
using System.Text.Json;
using Frontdesk.Data;
using Frontdesk.Domain.Channels;
using Frontdesk.Domain.Contacts;
using Frontdesk.Domain.Tickets;
using Microsoft.EntityFrameworkCore;

namespace Frontdesk.Channels.Outbox;

/// <summary>
/// Decides how a public reply reaches the requester and queues it in the outbox, inside the same write as the
/// reply itself: email (with the thread's Message-IDs and the ticket token), a webhook channel's outbound URL,
/// or nothing where the channel is live (chat) or no way out is configured.
/// </summary>
public static class Deliveries
{
    /// <summary>Outgoing mail carries this line; everything below it in an answer is quoted history.</summary>
    public const string ReplyAboveMarker = "##- Please type your reply above this line -##";

    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    /// <summary>Queues the agent's public reply for the requester (and the people on Cc). Runs inside a write.</summary>
    public static async Task ReplyAsync(FrontdeskDbContext w, Ticket ticket, Message message, DateTimeOffset now, CancellationToken ct)
    {
        if (message.IsInternal || ticket.Channel == ChannelKind.Chat)
        {
            return;
        }

        var channel = ticket.ChannelId is { } id ? await w.Channels.AsNoTracking().FirstOrDefaultAsync(c => c.Id == id, ct) : null;
        if (ticket.Channel is ChannelKind.Sms or ChannelKind.Social)
        {
            if (channel?.Webhook?.OutboundUrl is { } url)
            {
                await WebhookReplyAsync(w, ticket, message, channel, url, now, ct);
            }

            return;
        }

        var route = await EmailRouteAsync(w, channel, ct);
        if (route is null)
        {
            return;
        }

        var to = await EmailOfAsync(w, ticket.RequesterId, ct);
        if (to is null)
        {
            return;
        }

        var cc = await (from p in w.TicketParticipants
                        where p.TicketId == ticket.Id
                        join i in w.ContactIdentities on p.ContactId equals i.ContactId
                        where i.Kind == IdentityKind.Email
                        join c in w.Contacts on p.ContactId equals c.Id
                        select new MailAddress(i.Value, c.Name)).ToListAsync(ct);
        cc = cc.Where(a => a.Address != to.Address && a.Address != route.Address).DistinctBy(a => a.Address).Take(20).ToList();

        var thread = await w.ExternalMessages.AsNoTracking()
            .Where(x => x.TicketId == ticket.Id && x.Scope == ExternalMessage.EmailScope)
            .OrderByDescending(x => x.Id)
            .Take(20)
            .ToListAsync(ct);
        var inReplyTo = thread.FirstOrDefault(x => !x.Outbound)?.ExternalId ?? thread.FirstOrDefault()?.ExternalId;
        var references = thread.Select(x => x.ExternalId).Reverse().ToList();

        var html = $"<p style=\"color:#9a9a9a\">{ReplyAboveMarker}</p>\n{message.BodyHtml}\n<p style=\"color:#9a9a9a\">Ticket #{ticket.Number}: {WebUtility.HtmlEncode(ticket.Subject)}</p>";
        var text = $"{ReplyAboveMarker}\n\n{message.BodyText}\n\n--\nTicket #{ticket.Number}: {ticket.Subject}";
        var attachments = message.Attachments.Select(a => new AttachmentRef(a.Sha256, a.FileName, a.ContentType, a.Size)).ToList();
        var email = new OutboundEmail(NewMessageId(ticket, route.Address), [to], cc, SubjectWithToken(ticket), html, text, inReplyTo, references, attachments, AutoSubmitted: false);
        Enqueue(w, route, ticket, message.Id, email, now);
        await w.SaveChangesAsync(ct);
    }

    /// <summary>
    /// The automatic confirmation of a new ticket, unless the recipient already had as many automatic mails this
    /// hour as allowed (a loop with another auto-responder, or a bounce storm, stops here). Runs inside a write;
    /// true when a confirmation was queued.
    /// </summary>
    public static async Task<bool> ConfirmAsync(
        FrontdeskDbContext w, Ticket ticket, Contact requester, Channel? channel, EmailRoute? route, int perRecipientPerHour, string? publicUrl, DateTimeOffset now, CancellationToken ct)
    {
        if (route is null || ticket.Channel is not (ChannelKind.Email or ChannelKind.Web) || channel?.Email is { SendConfirmation: false })
        {
            return false;
        }

        var to = await EmailOfAsync(w, requester.Id, ct);
        if (to is null || to.Address == route.Address)
        {
            return false;
        }

        if (await AutomaticMailsThisHourAsync(w, to.Address, now, ct) >= perRecipientPerHour)
        {
            return false;
        }

        var subject = SubjectWithToken(ticket);
        var html = $"<p>Hello {WebUtility.HtmlEncode(requester.Name)},</p><p>we have received your request and opened ticket #{ticket.Number}. " +
            "Reply to this email to add to it.</p>";
        var text = $"Hello {requester.Name},\n\nwe have received your request and opened ticket #{ticket.Number}. Reply to this email to add to it.";
        if (FollowLink(publicUrl, ticket) is { } follow)
        {
            html += $"<p>Follow it online: <a href=\"{WebUtility.HtmlEncode(follow)}\">{WebUtility.HtmlEncode(follow)}</a></p>";
            text += $"\n\nFollow it online: {follow}";
        }

        await QueueAutomaticAsync(w, route, ticket, to, subject, html, text, now, ct);
        await w.SaveChangesAsync(ct);
        return true;
    }

    /// <summary>
    /// Queues an automatic email about a ticket (a confirmation, a rule's message) to one address, threaded with the
    /// ticket's mail and marked Auto-Submitted. Runs inside a write and leaves the saving to it.
    /// </summary>
    public static async Task<OutboundEmail> QueueAutomaticAsync(
        FrontdeskDbContext w, EmailRoute route, Ticket ticket, MailAddress to, string subject, string html, string text, DateTimeOffset now, CancellationToken ct)
    {
        var thread = await w.ExternalMessages.AsNoTracking()
            .Where(x => x.TicketId == ticket.Id && x.Scope == ExternalMessage.EmailScope)
            .Select(x => x.ExternalId)
            .FirstOrDefaultAsync(ct);
        var email = new OutboundEmail(NewMessageId(ticket, route.Address), [to], [], subject, html, text, thread, thread is null ? [] : [thread], [], AutoSubmitted: true);
        Enqueue(w, route, ticket, messageId: null, email, now);
        return email;
    }

    /// <summary>Automatic mails (not replies) queued for this address in the hour before <paramref name="now"/>.</summary>
    public static Task<int> AutomaticMailsThisHourAsync(FrontdeskDbContext w, string address, DateTimeOffset now, CancellationToken ct)
    {
        var since = now.AddHours(-1);
        return w.Outbox.CountAsync(o => o.Recipient == address && o.CreatedAt >= since && o.MessageId == null, ct);
    }

    /// <summary>The ticket's page in the customer portal, when the server knows its public address.</summary>
    public static string? FollowLink(string? publicUrl, Ticket ticket) =>
        string.IsNullOrWhiteSpace(publicUrl) ? null : $"{publicUrl.TrimEnd('/')}/portal/tickets/{ticket.Id}";

    public static string SubjectWithToken(Ticket ticket)
    {
        var token = $"[#{ticket.Number}]";
        var subject = ticket.Subject.Contains(token, StringComparison.Ordinal) ? ticket.Subject : $"{ticket.Subject} {token}";
        return subject.StartsWith("Re:", StringComparison.OrdinalIgnoreCase) ? subject : "Re: " + subject;
    }

    private static void Enqueue(FrontdeskDbContext w, EmailRoute route, Ticket ticket, long? messageId, OutboundEmail email, DateTimeOffset now)
    {
        var payload = JsonSerializer.Serialize(email, Json);
        w.Outbox.Add(new OutboxMessage(OutboxKind.Email, route.ChannelId, ticket.Id, messageId, email.To[0].Address, payload, now));

        // Known before it is sent: an answer to it threads into the ticket even if the answer beats the send's bookkeeping.
        w.ExternalMessages.Add(new ExternalMessage(ExternalMessage.EmailScope, email.MessageId, ticket, null, outbound: true, now) { MessageId = messageId });
    }

    private static async Task WebhookReplyAsync(FrontdeskDbContext w, Ticket ticket, Message message, Channel channel, string url, DateTimeOffset now, CancellationToken ct)
    {
        // SMS answers go to a phone number, social ones to a handle; a messaging app that knows its people by
        // number (a Social channel fed with phones) falls back to the other kind.
        var preferred = ticket.Channel == ChannelKind.Sms ? IdentityKind.Phone : IdentityKind.Social;
        var handle = await w.ContactIdentities.AsNoTracking()
            .Where(i => i.ContactId == ticket.RequesterId && (i.Kind == IdentityKind.Phone || i.Kind == IdentityKind.Social))
            .OrderBy(i => i.Kind == preferred ? 0 : 1)
            .ThenBy(i => i.Id)
            .Select(i => i.Value)
            .FirstOrDefaultAsync(ct);
        if (handle is null)
        {
            return;
        }

        var threadScope = ExternalMessage.ThreadScope(channel.Id, ticket.Channel);
        var thread = await w.ExternalMessages.AsNoTracking()
            .Where(x => x.TicketId == ticket.Id && x.Scope == threadScope)
            .Select(x => x.ExternalId)
            .FirstOrDefaultAsync(ct);
        var attachments = message.Attachments.Select(a => new OutboundWebhookAttachment(a.FileName, a.ContentType, a.Size, a.Sha256)).ToList();
        var payload = new OutboundWebhook(ticket.Id, ticket.Number, message.Id, handle, thread, message.BodyText, attachments);
        w.Outbox.Add(new OutboxMessage(OutboxKind.Webhook, channel.Id, ticket.Id, message.Id, url, JsonSerializer.Serialize(payload, Json), now));
        await w.SaveChangesAsync(ct);
    }

    /// <summary>The email channel mail leaves through, and its address.</summary>
    public sealed record EmailRoute(long ChannelId, string Address);

    /// <summary>The ticket's own email channel when it can send; otherwise the first email channel that can.</summary>
    public static async Task<EmailRoute?> EmailRouteAsync(FrontdeskDbContext w, Channel? channel, CancellationToken ct)
    {
        if (channel is { Kind: ChannelKind.Email, IsActive: true, Address: { } address, Email.SmtpHost: not null })
        {
            return new EmailRoute(channel.Id, address);
        }

        var fallback = await w.Channels.AsNoTracking()
            .Where(c => c.Kind == ChannelKind.Email && c.IsActive && c.Address != null && c.Email!.SmtpHost != null)
            .OrderBy(c => c.Id)
            .Select(c => new { c.Id, c.Address })
            .FirstOrDefaultAsync(ct);
        return fallback is null ? null : new EmailRoute(fallback.Id, fallback.Address!);
    }

    private static async Task<MailAddress?> EmailOfAsync(FrontdeskDbContext w, long contactId, CancellationToken ct) =>
        await (from i in w.ContactIdentities
               where i.ContactId == contactId && i.Kind == IdentityKind.Email
               join c in w.Contacts on i.ContactId equals c.Id
               orderby i.Id
               select new MailAddress(i.Value, c.Name)).FirstOrDefaultAsync(ct);

    private static string NewMessageId(Ticket ticket, string fromAddress)
    {
        var domain = fromAddress[(fromAddress.IndexOf('@', StringComparison.Ordinal) + 1)..];
        return $"fd.{ticket.Number}.{Guid.NewGuid():N}@{domain}";
    }
}
