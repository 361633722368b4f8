using Frontdesk.Domain.Tickets;

namespace Frontdesk.Channels.Outbox;

public sealed record MailAddress(string Address, string? Name);

/// <summary>
/// An email waiting in the outbox (its JSON payload). The Message-ID is fixed when it is queued, so a retry after
/// a crash sends the same message and replies to it find the ticket.
/// </summary>
public sealed record OutboundEmail(
    string MessageId,
    IReadOnlyList<MailAddress> To,
    IReadOnlyList<MailAddress> Cc,
    string Subject,
    string Html,
    string Text,
    string? InReplyTo,
    IReadOnlyList<string> References,
    IReadOnlyList<AttachmentRef> Attachments,
    bool AutoSubmitted);

/// <summary>A reply for a webhook channel (SMS gateway, social bridge), POSTed to its outbound URL, signed like inbound calls.</summary>
public sealed record OutboundWebhook(
    long TicketId,
    long TicketNumber,
    long MessageId,
    string To,
    string? ExternalThreadId,
    string Text,
    IReadOnlyList<OutboundWebhookAttachment> Attachments);

public sealed record OutboundWebhookAttachment(string FileName, string ContentType, long Size, string Sha256);
