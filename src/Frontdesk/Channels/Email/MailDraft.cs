using Frontdesk.Domain.Tickets;

namespace Frontdesk.Channels.Email;

/// <summary>A body as the mail carries it, before sanitising.</summary>
internal sealed record MailBody(string Content, bool IsHtml);

/// <summary>A mail being read: what the MIME parts gave, refined in order by the <see cref="IInboundMailStep"/>s.</summary>
internal sealed class MailDraft
{
    /// <summary>The body parts in the order the mail shows them.</summary>
    public List<MailBody> Bodies { get; } = [];

    public List<AttachmentRef> Attachments { get; } = [];

    public List<string> Notes { get; } = [];

    /// <summary>A one-line summary of the first calendar invite, shown when the mail has no other body.</summary>
    public string? CalendarSummary { get; set; }

    /// <summary>The body the mail shows (its parts joined); set after reading, split by quote folding.</summary>
    public MailBody? Body { get; set; }

    /// <summary>The quoted history and signature folded off <see cref="Body"/>.</summary>
    public MailBody? Quoted { get; set; }

    public string? AutomatedReason { get; set; }

    public bool IsBounce { get; set; }

    public string? BounceOf { get; set; }

    /// <summary>The body's plain text, for steps that look for words in it.</summary>
    public string BodyText => Body is null ? "" : Body.IsHtml ? HtmlText.Of(Body.Content) : Body.Content;
}
