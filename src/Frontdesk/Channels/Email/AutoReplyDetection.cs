using MimeKit;

namespace Frontdesk.Channels.Email;

/// <summary>
/// Marks mail no one should answer automatically: RFC 3834 auto-replies, bulk and list mail, and mail from the
/// mail system itself. Answering these is how mail loops start.
/// </summary>
internal sealed class AutoReplyDetection : IInboundMailStep
{
    private static readonly string[] SystemSenders = ["mailer-daemon", "postmaster"];

    public void Apply(MimeMessage message, MailDraft draft) => draft.AutomatedReason ??= ReasonFor(message);

    private static string? ReasonFor(MimeMessage message)
    {
        var headers = message.Headers;
        var autoSubmitted = headers[HeaderId.AutoSubmitted]?.Trim();
        if (!string.IsNullOrEmpty(autoSubmitted) && !autoSubmitted.StartsWith("no", StringComparison.OrdinalIgnoreCase))
        {
            return $"Auto-Submitted: {autoSubmitted}";
        }

        var precedence = headers[HeaderId.Precedence]?.Trim().ToLowerInvariant();
        if (precedence is "bulk" or "junk" or "list" or "auto_reply")
        {
            return $"Precedence: {precedence}";
        }

        foreach (var name in (string[])["X-Autoreply", "X-Autorespond", "X-Autoresponder"])
        {
            if (headers.Contains(name))
            {
                return $"{name} header";
            }
        }

        // Exchange puts this on its own automatic replies and notifications: the sender asks not to be answered
        // automatically. Only the values that cover auto-replies count; DR/NDR/RN only concern receipts.
        var suppress = headers["X-Auto-Response-Suppress"];
        if (suppress is not null && suppress.Split(',', StringSplitOptions.TrimEntries).Any(v => v.Equals("All", StringComparison.OrdinalIgnoreCase) || v.Equals("OOF", StringComparison.OrdinalIgnoreCase) || v.Equals("AutoReply", StringComparison.OrdinalIgnoreCase)))
        {
            return $"X-Auto-Response-Suppress: {suppress.Trim()}";
        }

        if (headers.Contains(HeaderId.ListId) || headers.Contains(HeaderId.ListUnsubscribe))
        {
            return "mailing list mail (List-Id/List-Unsubscribe)";
        }

        var from = message.From.Mailboxes.FirstOrDefault()?.Address ?? message.Sender?.Address;
        if (from is not null)
        {
            var local = from.Split('@')[0];
            if (SystemSenders.Any(s => local.Equals(s, StringComparison.OrdinalIgnoreCase)))
            {
                return $"sent by the mail system ({from})";
            }
        }

        return null;
    }
}
