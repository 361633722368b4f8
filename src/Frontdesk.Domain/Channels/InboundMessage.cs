using Frontdesk.Domain.Common;
using Frontdesk.Domain.Contacts;
using Frontdesk.Domain.Tickets;

namespace Frontdesk.Domain.Channels;

/// <summary>Who sent an inbound message, as the channel knows them: an email address, a phone number, a handle.</summary>
public sealed record InboundSender(IdentityKind Kind, string Value, string? Name = null);

/// <summary>
/// What every channel adapter produces: one message from outside, channel-blind from here on. Bodies are
/// already sanitised and attachments already in blob storage; intake decides the contact and the ticket.
/// </summary>
public sealed record InboundMessage(
    ChannelKind Kind,
    long? ChannelId,
    string ExternalId,
    InboundSender From,
    string? Subject,
    string BodyHtml,
    string BodyText,
    IReadOnlyList<AttachmentRef> Attachments)
{
    /// <summary>The earlier messages this one answers (email In-Reply-To first, then References, newest first).</summary>
    public IReadOnlyList<string> References { get; init; } = [];

    /// <summary>The conversation this message belongs to on its channel (an SMS thread, a chat session).</summary>
    public string? ExternalThreadId { get; init; }

    /// <summary>Other people on the conversation (email To and Cc, less the helpdesk's own addresses).</summary>
    public IReadOnlyList<InboundSender> Participants { get; init; } = [];

    /// <summary>More identities known to belong to the sender (a chat visitor's email), linked to the same contact.</summary>
    public IReadOnlyList<InboundSender> AlsoKnownAs { get; init; } = [];

    /// <summary>Quoted history and signature, folded away on display.</summary>
    public string? QuotedHtml { get; init; }

    /// <summary>When the sender says it was sent (the Date header).</summary>
    public DateTimeOffset? SentAt { get; init; }

    /// <summary>An auto-reply, bulk or list mail: it is stored, but it never triggers an automatic answer.</summary>
    public bool IsAutomated { get; init; }

    /// <summary>For a bounce: the Message-ID of the mail that bounced (its ticket gets the bounce).</summary>
    public string? BounceOf { get; init; }

    /// <summary>A note for agents about how the message arrived (could not be parsed, truncated, too large).</summary>
    public string? Note { get; init; }

    /// <summary>The ticket the message belongs to when the channel already knows it (a phone call logged on a ticket).</summary>
    public long? TicketId { get; init; }

    /// <summary>Who recorded the message when it was not the sender (an agent logging a phone call).</summary>
    public Actor? RecordedBy { get; init; }

    /// <summary>The category a new ticket starts in, when the sender chose one (a web form's category field).</summary>
    public long? CategoryId { get; init; }
}
