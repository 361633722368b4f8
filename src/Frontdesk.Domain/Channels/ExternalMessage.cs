using Frontdesk.Domain.Tickets;

namespace Frontdesk.Domain.Channels;

/// <summary>
/// A message id from outside (an email Message-ID, a webhook's message or thread id) and the ticket it belongs
/// to. Unique per (scope, external id): the same inbound message is stored once, and replies find their ticket
/// through the ids of the messages they answer, whether the helpdesk received or sent them.
/// </summary>
public sealed class ExternalMessage
{
    /// <summary>The scope of email Message-IDs, which are global.</summary>
    public const string EmailScope = "email";

    private ExternalMessage()
    {
        Scope = "";
        ExternalId = "";
    }

    /// <summary>Takes the ticket and message themselves, so a new ticket's ids are filled in by the same save.</summary>
    public ExternalMessage(string scope, string externalId, Ticket ticket, Message? message, bool outbound, DateTimeOffset now)
    {
        Scope = scope;
        ExternalId = externalId;
        Ticket = ticket;
        TicketId = ticket.Id;
        Message = message;
        MessageId = message?.Id;
        Outbound = outbound;
        CreatedAt = now;
    }

    public long Id { get; private set; }

    /// <summary>"email" for Message-IDs, "channel:{id}" for a webhook channel's ids, "thread:{id}" for its thread ids.</summary>
    public string Scope { get; private set; }

    public string ExternalId { get; private set; }

    public long TicketId { get; private set; }

    public Ticket? Ticket { get; private set; }

    public long? MessageId { get; init; }

    public Message? Message { get; private set; }

    public bool Outbound { get; private set; }

    public DateTimeOffset CreatedAt { get; private set; }

    public static string ChannelScope(long channelId) => $"channel:{channelId}";

    public static string ThreadScope(long? channelId, ChannelKind kind) =>
        channelId is { } id ? $"thread:{id}" : $"thread:{kind.ToString().ToLowerInvariant()}";

    public void MoveTo(long ticketId) => TicketId = ticketId;
}

/// <summary>A contact on a ticket's conversation besides its requester (an email Cc): their replies join the ticket.</summary>
public sealed class TicketParticipant
{
    private TicketParticipant()
    {
    }

    public TicketParticipant(long ticketId, long contactId, DateTimeOffset now)
    {
        TicketId = ticketId;
        ContactId = contactId;
        CreatedAt = now;
    }

    public long TicketId { get; private set; }

    public long ContactId { get; private set; }

    public DateTimeOffset CreatedAt { get; private set; }
}
