using Frontdesk.Domain.Common;

namespace Frontdesk.Domain.Tickets;

/// <summary>The content of a new message, already sanitised: HTML for display and plain text for search.</summary>
public sealed record MessageDraft(string BodyHtml, string BodyText, bool IsInternal, ChannelKind Channel, IReadOnlyList<AttachmentRef> Attachments)
{
    /// <summary>Quoted history and signature of an inbound email, folded away on display.</summary>
    public string? QuotedHtml { get; init; }
}

/// <summary>A stored blob attached under a file name; an inline image carries the Content-ID its message's HTML refers to.</summary>
public sealed record AttachmentRef(string Sha256, string FileName, string ContentType, long Size, string? ContentId = null);

/// <summary>A public reply or an internal note on a ticket.</summary>
public sealed class Message
{
    private readonly List<MessageAttachment> _attachments = [];

    private Message()
    {
        AuthorName = "";
        BodyHtml = "";
        BodyText = "";
    }

    internal Message(Ticket ticket, MessageDraft draft, Actor author, DateTimeOffset now)
    {
        Ticket = ticket;
        IsInternal = draft.IsInternal;
        AuthorKind = author.Kind;
        AuthorId = author.Id;
        AuthorName = author.Name;
        BodyHtml = draft.BodyHtml;
        BodyText = draft.BodyText;
        QuotedHtml = draft.QuotedHtml;
        Channel = draft.Channel;
        CreatedAt = now;
        foreach (var a in draft.Attachments)
        {
            _attachments.Add(new MessageAttachment(a.Sha256, a.FileName, a.ContentType, a.Size, a.ContentId));
        }
    }

    public long Id { get; private set; }

    public long TicketId { get; private set; }

    public Ticket? Ticket { get; private set; }

    public bool IsInternal { get; private set; }

    public ActorKind AuthorKind { get; private set; }

    public long? AuthorId { get; private set; }

    public string AuthorName { get; private set; }

    public string BodyHtml { get; private set; }

    public string BodyText { get; private set; }

    /// <summary>Quoted history and signature of an inbound email, shown folded.</summary>
    public string? QuotedHtml { get; private set; }

    public ChannelKind Channel { get; private set; }

    public DateTimeOffset CreatedAt { get; private set; }

    public IReadOnlyList<MessageAttachment> Attachments => _attachments;

    /// <summary>Moves the message to the ticket another was merged into.</summary>
    public void MoveTo(long ticketId) => TicketId = ticketId;
}

/// <summary>A file on a message; the bytes live once in blob storage under their SHA-256.</summary>
public sealed class MessageAttachment
{
    private MessageAttachment()
    {
        Sha256 = "";
        FileName = "";
        ContentType = "";
    }

    internal MessageAttachment(string sha256, string fileName, string contentType, long size, string? contentId)
    {
        ContentId = contentId;
        Sha256 = sha256;
        FileName = fileName;
        ContentType = contentType;
        Size = size;
    }

    public long Id { get; private set; }

    public long MessageId { get; private set; }

    public string Sha256 { get; private set; }

    public string FileName { get; private set; }

    public string ContentType { get; private set; }

    public long Size { get; private set; }

    /// <summary>The Content-ID an inline image is referred to by (cid:…) in the message's HTML.</summary>
    public string? ContentId { get; private set; }
}
