using Frontdesk.Domain.Channels;
using Frontdesk.Domain.Contacts;
using Frontdesk.Domain.Tickets;

namespace Frontdesk.Channels.Email;

/// <summary>An address as a mail header gives it, with its display name decoded.</summary>
public sealed record EmailAddress(string Address, string? Name = null);

/// <summary>What an inbound email says, read by <see cref="MailParser"/>: bodies sanitised, attachments already stored.</summary>
public sealed record ParsedMail
{
    public const string UnknownSenderAddress = "unknown-sender@frontdesk.invalid";

    /// <summary>The Message-ID without angle brackets, or <c>sha256-…@frontdesk.invalid</c> of the raw bytes when the mail has none.</summary>
    public required string MessageId { get; init; }

    public EmailAddress? From { get; init; }

    public IReadOnlyList<EmailAddress> ReplyTo { get; init; } = [];

    public IReadOnlyList<EmailAddress> To { get; init; } = [];

    public IReadOnlyList<EmailAddress> Cc { get; init; } = [];

    public string Subject { get; init; } = "";

    public DateTimeOffset? Date { get; init; }

    /// <summary>The new part of the message, sanitised.</summary>
    public string BodyHtml { get; init; } = "";

    /// <summary>The new part of the message as plain text (what search indexes).</summary>
    public string BodyText { get; init; } = "";

    /// <summary>Quoted history and signature, sanitised; null when the message has none.</summary>
    public string? QuotedHtml { get; init; }

    public IReadOnlyList<AttachmentRef> Attachments { get; init; } = [];

    /// <summary>In-Reply-To first, then References newest first; distinct, without angle brackets.</summary>
    public IReadOnlyList<string> References { get; init; } = [];

    /// <summary>An auto-reply, bulk or list mail, or a bounce: it must never trigger an automatic answer.</summary>
    public bool IsAutomated { get; init; }

    /// <summary>Why <see cref="IsAutomated"/> is set, for agents and logs.</summary>
    public string? AutomatedReason { get; init; }

    public bool IsBounce { get; init; }

    /// <summary>For a bounce: the Message-ID of the mail that bounced, when the report names it.</summary>
    public string? BounceOf { get; init; }

    /// <summary>Human text for agents about how the mail arrived (unreadable, attachments left out).</summary>
    public string? Note { get; init; }

    /// <summary>The channel-blind message intake works with; the helpdesk's own addresses are not participants.</summary>
    public InboundMessage ToInbound(long? channelId, IReadOnlyCollection<string> ownAddresses)
    {
        var own = ownAddresses
            .Select(a => ContactIdentity.Normalize(IdentityKind.Email, a))
            .OfType<string>()
            .ToHashSet(StringComparer.Ordinal);

        var fromAddress = From is null ? null : ContactIdentity.Normalize(IdentityKind.Email, From.Address);
        var sender = fromAddress is null
            ? new InboundSender(IdentityKind.Email, UnknownSenderAddress, "Unknown sender")
            : new InboundSender(IdentityKind.Email, fromAddress, string.IsNullOrWhiteSpace(From!.Name) ? null : From.Name);

        var participants = new List<InboundSender>();
        foreach (var address in To.Concat(Cc))
        {
            var value = ContactIdentity.Normalize(IdentityKind.Email, address.Address);
            if (value is null || value == sender.Value || own.Contains(value) || participants.Any(p => p.Value == value))
            {
                continue;
            }

            participants.Add(new InboundSender(IdentityKind.Email, value, string.IsNullOrWhiteSpace(address.Name) ? null : address.Name));
        }

        return new InboundMessage(ChannelKind.Email, channelId, MessageId, sender, Subject, BodyHtml, BodyText, Attachments)
        {
            References = References,
            Participants = participants,
            QuotedHtml = QuotedHtml,
            SentAt = Date,
            IsAutomated = IsAutomated,
            BounceOf = BounceOf,
            Note = Note,
        };
    }
}
