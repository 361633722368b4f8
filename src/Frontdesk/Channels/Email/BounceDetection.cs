using System.Text.RegularExpressions;
using MimeKit;

namespace Frontdesk.Channels.Email;

/// <summary>
/// Recognises delivery failure reports and finds the Message-ID of the mail that bounced: from the returned
/// message or headers in a <c>multipart/report</c> (RFC 3464), else from a Message-ID line quoted in the text.
/// </summary>
internal sealed partial class BounceDetection : IInboundMailStep
{
    public void Apply(MimeMessage message, MailDraft draft)
    {
        var report = FindDeliveryReport(message.Body);
        var looksLikeBounce = report is not null || (IsFromMailSystem(message) && BounceSubject().IsMatch(message.Subject ?? ""));
        if (!looksLikeBounce)
        {
            return;
        }

        draft.IsBounce = true;
        draft.AutomatedReason ??= "delivery failure report";
        draft.BounceOf = report is null ? null : ReturnedMessageId(report);
        if (draft.BounceOf is null)
        {
            var quoted = QuotedMessageId().Match(draft.BodyText);
            draft.BounceOf = quoted.Success ? quoted.Groups[1].Value.Trim() : null;
        }
    }

    private static MultipartReport? FindDeliveryReport(MimeEntity? entity) => entity switch
    {
        MultipartReport report when report.ReportType?.Equals("delivery-status", StringComparison.OrdinalIgnoreCase) == true => report,
        Multipart multipart => multipart.Select(FindDeliveryReport).FirstOrDefault(r => r is not null),
        _ => null,
    };

    private static string? ReturnedMessageId(MultipartReport report)
    {
        foreach (var part in report.OfType<MessagePart>())
        {
            // text/rfc822-headers is read by MimeKit as a MessagePart holding only the headers.
            var id = part.Message?.MessageId;
            if (!string.IsNullOrWhiteSpace(id))
            {
                return id.Trim();
            }
        }

        return null;
    }

    private static bool IsFromMailSystem(MimeMessage message)
    {
        var from = message.From.Mailboxes.FirstOrDefault()?.Address ?? "";
        var local = from.Split('@')[0];
        return local.Equals("mailer-daemon", StringComparison.OrdinalIgnoreCase) || local.Equals("postmaster", StringComparison.OrdinalIgnoreCase);
    }

    [GeneratedRegex(@"undeliver|delivery (status|failure)|failure notice|returned mail|mail delivery failed|nicht zustellbar|unzustellbar", RegexOptions.IgnoreCase)]
    private static partial Regex BounceSubject();

    [GeneratedRegex(@"^\s*>?\s*Message-ID:\s*<([^>\s]+)>", RegexOptions.IgnoreCase | RegexOptions.Multiline)]
    private static partial Regex QuotedMessageId();
}
