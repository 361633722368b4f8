using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;
using Frontdesk.Channels.Outbox;
using Frontdesk.Contacts;
using Frontdesk.Data;
using Frontdesk.Domain.Channels;
using Frontdesk.Domain.Common;
using Frontdesk.Domain.Contacts;
using Frontdesk.Domain.Tickets;
using Frontdesk.Tickets;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Frontdesk.Channels;

public enum IntakeOutcome
{
    /// <summary>A new ticket was opened.</summary>
    Created,

    /// <summary>The message joined an existing ticket.</summary>
    Threaded,

    /// <summary>The ticket it answered was closed: a follow-up ticket was opened.</summary>
    FollowUp,

    /// <summary>The same message was delivered before; nothing was stored again.</summary>
    Duplicate,

    /// <summary>A bounce, noted on the ticket of the mail that bounced.</summary>
    Bounce,
}

/// <summary>What intake did with an inbound message.</summary>
public sealed record IntakeResult(long TicketId, long TicketNumber, long? MessageId, long ContactId, IntakeOutcome Outcome, IReadOnlyList<string> Flags)
{
    /// <summary>An automatic confirmation went into the outbox.</summary>
    public bool ConfirmationQueued { get; init; }
}

public sealed class IntakeOptions
{
    /// <summary>New tickets one sender may open per hour; past it their messages join their latest ticket.</summary>
    public int NewTicketsPerSenderPerHour { get; set; } = 20;

    /// <summary>Automatic answers (confirmations) one address gets per hour at most: no mail loops, no bounce storms.</summary>
    public int AutoRepliesPerRecipientPerHour { get; set; } = 3;

    /// <summary>How alike a new request must be to an open ticket of the same contact to be flagged a possible duplicate.</summary>
    public double DuplicateSimilarity { get; set; } = 0.5;

    public int DuplicateWindowDays { get; set; } = 7;

    /// <summary>Where people reach Frontdesk (https://help.example.com; Frontdesk:PublicUrl): automatic mail links to the portal there.</summary>
    public string? PublicUrl { get; set; }
}

/// <summary>Flags intake sets on a ticket (as tags, so agents can filter on them) and returns to the caller.</summary>
public static class IntakeFlags
{
    /// <summary>Mail carried a ticket's token but came from someone not on that ticket: opened separately for an agent to judge.</summary>
    public const string NeedsReview = "needs-review";

    public const string PossibleDuplicate = "possible-duplicate";

    /// <summary>The sender passed the new-ticket rate limit; their message joined their latest ticket.</summary>
    public const string Flood = "flood";

    public const string Automated = "automated";

    public const string Bounce = "bounce";
}

/// <summary>
/// The one intake step behind every channel: finds or creates the contact, threads the message into its ticket
/// (known message ids, the channel's thread id, the ticket token in the subject) or opens a new one, and stores
/// it once — the same inbound message delivered twice is recognised by its (scope, external id).
/// </summary>
public sealed partial class InboundIntake(
    IDatabaseWriter writer, IDbContextFactory<FrontdeskDbContext> reads, TimeProvider clock, IOptions<IntakeOptions> options, OutboxSignal outbox)
{
    /// <summary>Raised after a message is stored (or recognised as stored before), on the thread that accepted it.</summary>
    public event Action<InboundMessage, IntakeResult>? Accepted;

    public async Task<Result<IntakeResult>> AcceptAsync(InboundMessage inbound, CancellationToken ct)
    {
        // What can be read without the write lock is read first, so the serialised write stays short.
        var hints = await ReadAheadAsync(inbound, ct);
        if (hints.Seen is { } seen)
        {
            Accepted?.Invoke(inbound, seen);
            return seen;
        }

        var result = await writer.WriteAsync((w, ct) => AcceptInsideAsync(w, inbound, hints, ct), ct);
        if (result.IsSuccess && result.Value.ConfirmationQueued)
        {
            outbox.Notify();
        }

        if (result.IsSuccess)
        {
            Accepted?.Invoke(inbound, result.Value);
        }

        return result;
    }

    /// <summary>The scope an inbound message's id is unique in.</summary>
    public static string ScopeOf(InboundMessage inbound) => inbound.Kind switch
    {
        ChannelKind.Email => ExternalMessage.EmailScope,
        _ when inbound.ChannelId is { } id => ExternalMessage.ChannelScope(id),
        _ => inbound.Kind.ToString().ToLowerInvariant(),
    };

    /// <summary>Ids longer than the column are stored as their hash (still unique, still stable).</summary>
    public static string KeyOf(string externalId) =>
        externalId.Length <= FrontdeskDbContext.ExternalMessageIdLength
            ? externalId
            : "sha256-" + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(externalId)));

    /// <summary>Reads done before the write: advisory checks (flood, duplicates) and a fast path for a message seen before.</summary>
    private sealed record ReadAhead(IntakeResult? Seen, Channel? Channel, Deliveries.EmailRoute? Route, long? FloodTicketId, long? DuplicateOfId);

    private async Task<ReadAhead> ReadAheadAsync(InboundMessage inbound, CancellationToken ct)
    {
        await using var db = await reads.CreateDbContextAsync(ct);
        var seen = await SeenAsync(db, inbound, ct);
        if (seen is not null)
        {
            return new ReadAhead(seen, null, null, null, null);
        }

        var channel = inbound.ChannelId is { } channelId ? await db.Channels.AsNoTracking().FirstOrDefaultAsync(c => c.Id == channelId, ct) : null;
        var route = inbound.Kind is ChannelKind.Email or ChannelKind.Web && !inbound.IsAutomated ? await Deliveries.EmailRouteAsync(db, channel, ct) : null;
        var senderId = await db.ContactIdentities
            .Where(i => i.Kind == inbound.From.Kind && i.Value == inbound.From.Value)
            .Select(i => (long?)i.ContactId)
            .FirstOrDefaultAsync(ct);
        if (senderId is null || inbound.TicketId is not null)
        {
            return new ReadAhead(null, channel, route, null, null);
        }

        return new ReadAhead(null, channel, route, await LatestTicketIfFloodingAsync(db, senderId.Value, ct), await PossibleDuplicateAsync(db, inbound, senderId.Value, ct));
    }

    private static async Task<IntakeResult?> SeenAsync(FrontdeskDbContext db, InboundMessage inbound, CancellationToken ct)
    {
        var scope = ScopeOf(inbound);
        var key = KeyOf(inbound.ExternalId);
        var seen = await db.ExternalMessages.AsNoTracking().FirstOrDefaultAsync(x => x.Scope == scope && x.ExternalId == key, ct);
        if (seen is null)
        {
            return null;
        }

        var known = await db.Tickets.AsNoTracking().Where(t => t.Id == seen.TicketId).Select(t => new { t.Number, t.RequesterId }).FirstAsync(ct);
        return new IntakeResult(seen.TicketId, known.Number, seen.MessageId, known.RequesterId, IntakeOutcome.Duplicate, []);
    }

    private async Task<Result<IntakeResult>> AcceptInsideAsync(FrontdeskDbContext w, InboundMessage inbound, ReadAhead hints, CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        var scope = ScopeOf(inbound);
        var key = KeyOf(inbound.ExternalId);

        // Checked again under the write: the same message may have been delivered twice at the same moment.
        if (await SeenAsync(w, inbound, ct) is { } seen)
        {
            return seen;
        }

        var channel = hints.Channel;
        if (inbound.ChannelId is not null && channel is null)
        {
            return Error.NotFound("Channel", inbound.ChannelId.Value, "channelId");
        }

        var sender = await SenderAsync(w, inbound, now, ct);
        var author = inbound.RecordedBy ?? Actor.Contact(sender.Id, sender.Name);
        var flags = new List<string>();
        if (inbound.IsAutomated)
        {
            flags.Add(IntakeFlags.Automated);
        }

        if (inbound.BounceOf is { } bounced && await TicketOfAsync(w, ExternalMessage.EmailScope, [bounced], ct) is { } bouncedTicket)
        {
            return await NoteBounceAsync(w, inbound, bouncedTicket, sender, scope, key, now, ct);
        }

        var (ticket, outcome) = await ThreadAsync(w, inbound, sender, flags, now, ct);
        if (ticket is not null && ticket.Status == TicketStatus.Closed && author.Kind == ActorKind.Contact)
        {
            ticket = await FollowUps.OpenAsync(w, ticket, author, now, ct);
            outcome = IntakeOutcome.FollowUp;
        }

        Ticket? duplicateOf = null;
        if (ticket is null && hints.FloodTicketId is { } floodId)
        {
            ticket = await w.Tickets.FirstOrDefaultAsync(t => t.Id == floodId && t.Status != TicketStatus.Closed, ct);
            if (ticket is not null)
            {
                flags.Add(IntakeFlags.Flood);
                outcome = IntakeOutcome.Threaded;
            }
        }

        if (ticket is null)
        {
            duplicateOf = hints.DuplicateOfId is { } duplicateId ? await w.Tickets.FirstOrDefaultAsync(t => t.Id == duplicateId, ct) : null;
            var number = await TicketNumbers.NextAsync(w, ct);
            ticket = Ticket.Open(number, SubjectOf(inbound), sender.Id, sender.OrganizationId, inbound.Kind, TicketPriority.Normal, TicketType.Question, author, now, channel?.Id);
            ticket.SetTeam(channel?.TeamId, author, now, channel is null ? null : $"New tickets from {channel.Name} start here.");
            if (inbound.CategoryId is { } categoryId)
            {
                ticket.SetCategory(categoryId, author, now, "Chosen by the requester.");
            }

            w.Tickets.Add(ticket);
            outcome = IntakeOutcome.Created;
        }

        var draft = new MessageDraft(inbound.BodyHtml, inbound.BodyText, IsInternal: false, inbound.Kind, inbound.Attachments) { QuotedHtml = inbound.QuotedHtml };
        var added = ticket.AddMessage(draft, author, now);
        if (!added.IsSuccess)
        {
            return added.Error!;
        }

        await TicketInputs.EnsureBlobsAsync(w, inbound.Attachments, now, ct);
        foreach (var tag in await TicketInputs.TagsAsync(w, flags, ct))
        {
            ticket.AddTag(tag, Actor.System, now, "Set by intake.");
        }

        if (inbound.Note is { } note)
        {
            ticket.AddMessage(SystemNote(note, inbound.Kind), Actor.System, now);
        }

        w.ExternalMessages.Add(new ExternalMessage(scope, key, ticket, added.Value, outbound: false, now));
        await w.SaveChangesAsync(ct);

        if (duplicateOf is not null)
        {
            await FlagDuplicateAsync(w, ticket, duplicateOf, flags, now, ct);
        }

        var more = await AddParticipantsAsync(w, inbound, ticket, sender, now, ct);
        if (inbound.ExternalThreadId is { } thread)
        {
            var threadScope = ExternalMessage.ThreadScope(inbound.ChannelId, inbound.Kind);
            var threadKey = KeyOf(thread);
            if (!await w.ExternalMessages.AnyAsync(x => x.Scope == threadScope && x.ExternalId == threadKey && x.TicketId == ticket.Id, ct))
            {
                await w.ExternalMessages.Where(x => x.Scope == threadScope && x.ExternalId == threadKey).ExecuteDeleteAsync(ct);
                w.ExternalMessages.Add(new ExternalMessage(threadScope, threadKey, ticket, null, outbound: false, now));
                more = true;
            }
        }

        if (more)
        {
            await w.SaveChangesAsync(ct);
        }

        var confirmed = outcome == IntakeOutcome.Created && !inbound.IsAutomated
            && await Deliveries.ConfirmAsync(w, ticket, sender, channel, hints.Route, options.Value.AutoRepliesPerRecipientPerHour, options.Value.PublicUrl, now, ct);

        return new IntakeResult(ticket.Id, ticket.Number, added.Value.Id, sender.Id, outcome, flags) { ConfirmationQueued = confirmed };
    }

    /// <summary>The contact behind the sender; an identity the channel also knows (a chat visitor's email) joins it.</summary>
    private static async Task<Contact> SenderAsync(FrontdeskDbContext w, InboundMessage inbound, DateTimeOffset now, CancellationToken ct)
    {
        var byFrom = await ContactDirectory.FindAsync(w, inbound.From.Kind, inbound.From.Value, ct);
        var contact = byFrom;
        var aliases = new List<InboundSender>();
        foreach (var alias in inbound.AlsoKnownAs)
        {
            var owner = await ContactDirectory.FindAsync(w, alias.Kind, alias.Value, ct);
            if (owner is null)
            {
                aliases.Add(alias);
            }
            else
            {
                // The alias is known (the visitor gave the email of an existing contact): that contact is the sender.
                contact ??= owner;
            }
        }

        if (contact is null)
        {
            contact = await ContactDirectory.CreateAsync(w, inbound.From.Kind, inbound.From.Value, inbound.From.Name ?? inbound.AlsoKnownAs.FirstOrDefault(a => a.Name is not null)?.Name, now, ct);
        }
        else if (byFrom is null)
        {
            await ContactDirectory.LinkAsync(w, contact, inbound.From.Kind, inbound.From.Value, now, ct);
        }

        foreach (var alias in aliases)
        {
            await ContactDirectory.LinkAsync(w, contact, alias.Kind, alias.Value, now, ct);
        }

        return contact;
    }

    private static async Task<(Ticket? Ticket, IntakeOutcome Outcome)> ThreadAsync(
        FrontdeskDbContext w, InboundMessage inbound, Contact sender, List<string> flags, DateTimeOffset now, CancellationToken ct)
    {
        if (inbound.TicketId is { } explicitId)
        {
            return (await FollowMergedAsync(w, await w.Tickets.FirstOrDefaultAsync(t => t.Id == explicitId, ct), ct), IntakeOutcome.Threaded);
        }

        // Known message ids: whoever holds the id of a message on the thread (a Cc'd colleague replying all) belongs there.
        var byReference = await TicketOfAsync(w, inbound.Kind == ChannelKind.Email ? ExternalMessage.EmailScope : ScopeOf(inbound), inbound.References, ct);
        if (byReference is not null)
        {
            return (await FollowMergedAsync(w, byReference, ct), IntakeOutcome.Threaded);
        }

        if (inbound.ExternalThreadId is { } thread
            && await TicketOfAsync(w, ExternalMessage.ThreadScope(inbound.ChannelId, inbound.Kind), [thread], ct) is { } byThread)
        {
            return (await FollowMergedAsync(w, byThread, ct), IntakeOutcome.Threaded);
        }

        if (inbound.Subject is { } subject && TicketToken().Match(subject) is { Success: true } token
            && long.TryParse(token.Groups[1].ValueSpan, out var number)
            && await w.Tickets.FirstOrDefaultAsync(t => t.Number == number, ct) is { } byToken)
        {
            var onTicket = byToken.RequesterId == sender.Id
                || await w.TicketParticipants.AnyAsync(p => p.TicketId == byToken.Id && p.ContactId == sender.Id, ct);
            if (onTicket)
            {
                return (await FollowMergedAsync(w, byToken, ct), IntakeOutcome.Threaded);
            }

            // A stranger quoting a ticket number is not let into someone else's conversation.
            flags.Add(IntakeFlags.NeedsReview);
        }

        return (null, IntakeOutcome.Created);
    }

    private static async Task<Ticket?> TicketOfAsync(FrontdeskDbContext w, string scope, IReadOnlyList<string> ids, CancellationToken ct)
    {
        if (ids.Count == 0)
        {
            return null;
        }

        var keys = ids.Take(50).Select(KeyOf).ToList();
        var matches = await w.ExternalMessages.AsNoTracking().Where(x => x.Scope == scope && keys.Contains(x.ExternalId)).ToListAsync(ct);
        var best = keys.Select(k => matches.FirstOrDefault(m => m.ExternalId == k)).FirstOrDefault(m => m is not null);
        return best is null ? null : await w.Tickets.FirstOrDefaultAsync(t => t.Id == best.TicketId, ct);
    }

    private static async Task<Ticket?> FollowMergedAsync(FrontdeskDbContext w, Ticket? ticket, CancellationToken ct)
    {
        for (var i = 0; i < 5 && ticket?.MergedIntoId is { } next; i++)
        {
            ticket = await w.Tickets.FirstOrDefaultAsync(t => t.Id == next, ct);
        }

        return ticket;
    }

    private async Task<long?> LatestTicketIfFloodingAsync(FrontdeskDbContext db, long senderId, CancellationToken ct)
    {
        var since = clock.GetUtcNow().AddHours(-1);
        var recent = await db.Tickets
            .Where(t => t.RequesterId == senderId && t.CreatedAt >= since && t.Status != TicketStatus.Closed)
            .OrderByDescending(t => t.Id)
            .Take(options.Value.NewTicketsPerSenderPerHour)
            .Select(t => t.Id)
            .ToListAsync(ct);
        return recent.Count >= options.Value.NewTicketsPerSenderPerHour ? recent[0] : null;
    }

    private async Task<long?> PossibleDuplicateAsync(FrontdeskDbContext w, InboundMessage inbound, long senderId, CancellationToken ct)
    {
        var since = clock.GetUtcNow().AddDays(-options.Value.DuplicateWindowDays);
        var open = await w.Tickets
            .Where(t => t.RequesterId == senderId && t.CreatedAt >= since && t.Status != TicketStatus.Solved && t.Status != TicketStatus.Closed)
            .OrderByDescending(t => t.Id)
            .Take(20)
            .Select(t => new { t.Id, t.Subject, First = w.Messages.Where(m => m.TicketId == t.Id).OrderBy(m => m.Id).Select(m => m.BodyText).FirstOrDefault() })
            .ToListAsync(ct);
        var text = Gist(SubjectOf(inbound), inbound.BodyText);
        var best = open
            .Select(t => (t.Id, Score: TextSimilarity.Of(text, Gist(t.Subject, t.First ?? ""))))
            .Where(x => x.Score >= options.Value.DuplicateSimilarity)
            .OrderByDescending(x => x.Score)
            .FirstOrDefault();
        return best.Id == 0 ? null : best.Id;
    }

    private static string Gist(string subject, string body) => subject + "\n" + (body.Length > 500 ? body[..500] : body);

    /// <summary>Linked and flagged for an agent to decide; never merged behind anyone's back.</summary>
    private static async Task FlagDuplicateAsync(FrontdeskDbContext w, Ticket ticket, Ticket original, List<string> flags, DateTimeOffset now, CancellationToken ct)
    {
        flags.Add(IntakeFlags.PossibleDuplicate);
        foreach (var tag in await TicketInputs.TagsAsync(w, [IntakeFlags.PossibleDuplicate], ct))
        {
            ticket.AddTag(tag, Actor.System, now, $"Looks like #{original.Number} from the same requester.");
        }

        w.TicketLinks.Add(new TicketLink(ticket.Id, original.Id, TicketLinkKind.Related, now));
        ticket.RecordLink(TicketLinkKind.Related, original, Actor.System, now);
        original.RecordLink(TicketLinkKind.Related, ticket, Actor.System, now);
        await w.SaveChangesAsync(ct);
    }

    /// <summary>Adds the sender (when not the requester) and the people on Cc to the conversation; true when any was new.</summary>
    private static async Task<bool> AddParticipantsAsync(FrontdeskDbContext w, InboundMessage inbound, Ticket ticket, Contact sender, DateTimeOffset now, CancellationToken ct)
    {
        if (sender.Id == ticket.RequesterId && inbound.Participants.Count == 0)
        {
            return false;
        }

        var ids = new List<long>();
        if (sender.Id != ticket.RequesterId)
        {
            ids.Add(sender.Id);
        }

        foreach (var p in inbound.Participants.Take(20))
        {
            var contact = await ContactDirectory.FindOrCreateAsync(w, p.Kind, p.Value, p.Name, now, ct);
            if (contact.Id != ticket.RequesterId)
            {
                ids.Add(contact.Id);
            }
        }

        ids = ids.Distinct().ToList();
        var existing = await w.TicketParticipants.Where(p => p.TicketId == ticket.Id && ids.Contains(p.ContactId)).Select(p => p.ContactId).ToListAsync(ct);
        var added = ids.Except(existing).ToList();
        foreach (var id in added)
        {
            w.TicketParticipants.Add(new TicketParticipant(ticket.Id, id, now));
        }

        return added.Count > 0;
    }

    private static async Task<Result<IntakeResult>> NoteBounceAsync(
        FrontdeskDbContext w, InboundMessage inbound, Ticket ticket, Contact sender, string scope, string key, DateTimeOffset now, CancellationToken ct)
    {
        ticket = await FollowMergedAsync(w, ticket, ct) ?? ticket;
        var text = $"A message on this ticket bounced. The delivery report from {inbound.From.Value} follows.\n\n{inbound.BodyText}";
        var html = $"<p>A message on this ticket bounced. The delivery report from {System.Net.WebUtility.HtmlEncode(inbound.From.Value)} follows.</p>{inbound.BodyHtml}";
        var draft = new MessageDraft(html, text, IsInternal: true, inbound.Kind, inbound.Attachments);

        // A closed ticket takes no messages; the failure is still recorded in its history.
        var added = ticket.Status == TicketStatus.Closed ? null : ticket.AddMessage(draft, Actor.System, now).Value;
        ticket.RecordDeliveryFailure(inbound.From.Value, "The message bounced.", now);
        await TicketInputs.EnsureBlobsAsync(w, inbound.Attachments, now, ct);
        await w.SaveChangesAsync(ct);
        w.ExternalMessages.Add(new ExternalMessage(scope, key, ticket, added, outbound: false, now));
        await w.SaveChangesAsync(ct);
        return new IntakeResult(ticket.Id, ticket.Number, added?.Id, sender.Id, IntakeOutcome.Bounce, [IntakeFlags.Bounce]);
    }

    private static MessageDraft SystemNote(string note, ChannelKind channel) =>
        new($"<p>{System.Net.WebUtility.HtmlEncode(note)}</p>", note, IsInternal: true, channel, []);

    /// <summary>The subject, or for channels without one (SMS, chat) the start of the first line.</summary>
    private static string SubjectOf(InboundMessage inbound)
    {
        var subject = inbound.Subject?.Trim();
        if (!string.IsNullOrEmpty(subject))
        {
            return subject.Length > Limits.SubjectLength ? subject[..Limits.SubjectLength] : subject;
        }

        var firstLine = inbound.BodyText.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).FirstOrDefault();
        if (string.IsNullOrEmpty(firstLine))
        {
            return $"{inbound.Kind} from {inbound.From.Name ?? inbound.From.Value}";
        }

        return firstLine.Length > 80 ? firstLine[..77] + "…" : firstLine;
    }

    [GeneratedRegex(@"\[#(\d{1,18})\]")]
    private static partial Regex TicketToken();
}
