using System.Security.Cryptography;
using System.Text.RegularExpressions;
using Frontdesk.Content;
using Frontdesk.Domain.Tickets;
using Frontdesk.Storage;
using Microsoft.Extensions.Options;
using MimeKit;

namespace Frontdesk.Channels.Email;

/// <summary>
/// Turns raw MIME into a <see cref="ParsedMail"/>: decoded headers, sanitised bodies with the quoted history
/// folded off, attachments in blob storage. Bad mail never throws; only cancellation and storage failures do.
/// </summary>
public sealed partial class MailParser(MessageContent content, IBlobStore blobs, IOptions<MailOptions> options)
{
    private static readonly IInboundMailStep[] Steps = [new AutoReplyDetection(), new BounceDetection(), new QuoteFolding()];

    static MailParser()
    {
        // Before MimeKit decodes a single header: ISO-2022-JP, GB2312, windows-125x… live in the code pages provider,
        // and a charset MimeKit cannot find on first use is read as raw bytes.
        EncodingSetup.EnsureCodePages();
    }

    public async Task<ParsedMail> ParseAsync(Stream mime, CancellationToken ct)
    {
        // Persistent parsing leaves part contents in the stream, so a large mail is never in memory;
        // that needs a seekable stream, so anything else is spooled to a temporary file first.
        await using var spool = mime.CanSeek ? null : await SpoolAsync(mime, ct);
        var source = spool ?? mime;
        var start = source.Position;

        MimeMessage? message = null;
        MailDraft? draft = null;
        try
        {
            SkipMboxFromLine(source);
            var parser = new MimeParser(source, MimeFormat.Entity, persistent: true);
            message = await parser.ParseMessageAsync(ct);
            if (message.Headers.Count > 0)
            {
                draft = new MailDraft();
                await new MailPartsReader(blobs, options.Value.MaxAttachmentBytes, draft).ReadAsync(message, ct);
                draft.Body = JoinBodies(draft.Bodies);
                foreach (var step in Steps)
                {
                    step.Apply(message, draft);
                }
            }
        }
        catch (Exception e) when (e is not (OperationCanceledException or IOException or UnauthorizedAccessException or OutOfMemoryException))
        {
            // MimeKit is lenient; what it (or reading its parts) still refuses is not mail we can read part by part,
            // and bad mail must still arrive: whole, as an attachment. Storage and cancellation failures propagate.
            draft = null;
        }

        // Disposed once read: a MIME entity left to its finalizer costs the finalizer thread more than parsing it did.
        using (message)
        {
            if (message is null || draft is null)
            {
                return await UnreadableAsync(source, start, ct);
            }

            var messageId = string.IsNullOrWhiteSpace(message.MessageId) ? await HashIdAsync(source, start, ct) : message.MessageId.Trim().Trim('<', '>');
            return Build(message, draft, messageId);
        }
    }

    private ParsedMail Build(MimeMessage message, MailDraft draft, string messageId)
    {
        var (bodyHtml, bodyText) = draft.Body is null ? ("", "") : Sanitise(draft.Body);
        var quotedHtml = draft.Quoted is null ? null : Sanitise(draft.Quoted).Html;
        var date = message.Headers.Contains(HeaderId.Date) && message.Date != DateTimeOffset.MinValue ? message.Date : (DateTimeOffset?)null;
        return new ParsedMail
        {
            MessageId = messageId,
            From = Sender(message),
            ReplyTo = Addresses(message.ReplyTo),
            To = Addresses(message.To),
            Cc = Addresses(message.Cc),
            Subject = Subject(message),
            Date = date,
            BodyHtml = bodyHtml,
            BodyText = bodyText,
            QuotedHtml = string.IsNullOrWhiteSpace(quotedHtml) ? null : quotedHtml,
            Attachments = draft.Attachments,
            References = References(message),
            IsAutomated = draft.AutomatedReason is not null,
            AutomatedReason = draft.AutomatedReason,
            IsBounce = draft.IsBounce,
            BounceOf = draft.BounceOf,
            Note = draft.Notes.Count == 0 ? null : string.Join(" ", draft.Notes),
        };
    }

    private (string Html, string Text) Sanitise(MailBody body) =>
        body.IsHtml ? content.FromHtml(body.Content) : content.FromPlainText(body.Content.Trim('\r', '\n'));

    /// <summary>HTML over text: with any HTML part, text parts are shown as HTML too, in their order.</summary>
    private static MailBody? JoinBodies(List<MailBody> bodies)
    {
        if (bodies.Count == 0)
        {
            return null;
        }

        if (bodies.Count == 1)
        {
            return bodies[0];
        }

        return bodies.Any(b => b.IsHtml)
            ? new MailBody(string.Concat(bodies.Select(b => b.IsHtml ? b.Content : "<pre>" + System.Net.WebUtility.HtmlEncode(b.Content) + "</pre>")), IsHtml: true)
            : new MailBody(string.Join("\n\n", bodies.Select(b => b.Content.Trim('\r', '\n'))), IsHtml: false);
    }

    /// <summary>The charset of the first text part: the best guess for 8-bit header text the mail did not label.</summary>
    private static System.Text.Encoding? BodyCharset(MimeMessage message) =>
        MailText.EncodingNamed(message.BodyParts.OfType<TextPart>().Select(t => t.ContentType.Charset).FirstOrDefault(c => !string.IsNullOrWhiteSpace(c)));

    private static string Subject(MimeMessage message)
    {
        var header = message.Headers.FirstOrDefault(h => h.Id == HeaderId.Subject);
        var subject = header is not null && HeaderText.NeedsOwnDecoding(header) ? HeaderText.Decode(header.RawValue, BodyCharset(message)) : message.Subject;
        return (subject ?? "").Trim();
    }

    /// <summary>
    /// The first From address that is an address; else Reply-To, else Sender (some spam and bounces have an empty
    /// From); else an address written in the From header without brackets; else whatever From says (MAILER-DAEMON).
    /// </summary>
    private static EmailAddress? Sender(MimeMessage message)
    {
        var from = message.From.Mailboxes;
        var header = message.Headers.FirstOrDefault(h => h.Id == HeaderId.From);
        var fromText = header is null ? "" : HeaderText.NeedsOwnDecoding(header) ? HeaderText.Decode(header.RawValue, BodyCharset(message)) : header.Value;
        if (header is not null && HeaderText.NeedsOwnDecoding(header) && InternetAddressList.TryParse(fromText, out var decoded))
        {
            from = decoded.Mailboxes;
        }

        var candidates = from.Concat(message.ReplyTo.Mailboxes);
        if (message.Sender is { } sender)
        {
            candidates = candidates.Append(sender);
        }

        var usable = candidates.FirstOrDefault(m => m.Address.Contains('@', StringComparison.Ordinal) && m.Address.Length > 2);
        if (usable is not null)
        {
            return ToAddress(usable);
        }

        if (LooseAddress().Match(fromText) is { Success: true } loose)
        {
            var name = fromText.Remove(loose.Index, loose.Length).Trim(' ', '"', '<', '>', ',');
            return new EmailAddress(loose.Value, name.Length == 0 ? null : name);
        }

        var anything = from.FirstOrDefault(m => !string.IsNullOrWhiteSpace(m.Address));
        return anything is null ? null : ToAddress(anything);
    }

    [GeneratedRegex(@"[^\s<>""(),;:]+@[^\s<>""(),;:]+\.[^\s<>""(),;:]+")]
    private static partial Regex LooseAddress();

    private static List<EmailAddress> Addresses(InternetAddressList list) =>
        list.Mailboxes.Where(m => !string.IsNullOrWhiteSpace(m.Address)).Select(ToAddress).ToList();

    private static EmailAddress ToAddress(MailboxAddress mailbox) =>
        new(mailbox.Address.Trim(), string.IsNullOrWhiteSpace(mailbox.Name) ? null : mailbox.Name.Trim());

    private static List<string> References(MimeMessage message)
    {
        var ids = new List<string>();
        if (!string.IsNullOrWhiteSpace(message.InReplyTo))
        {
            ids.Add(message.InReplyTo.Trim().Trim('<', '>'));
        }

        ids.AddRange(message.References.Reverse().Select(r => r.Trim().Trim('<', '>')));
        return ids.Where(id => id.Length > 0).Distinct(StringComparer.Ordinal).ToList();
    }

    private async Task<ParsedMail> UnreadableAsync(Stream source, long start, CancellationToken ct)
    {
        source.Position = start;
        var (sha, size) = await blobs.PutAsync(source, ct);
        var (html, text) = content.FromPlainText("");
        return new ParsedMail
        {
            MessageId = $"sha256-{sha}@frontdesk.invalid",
            BodyHtml = text.Length == 0 ? "" : html,
            Attachments = [new AttachmentRef(sha, "message.eml", "message/rfc822", size)],
            Note = "This email could not be read as MIME; the original is attached as message.eml.",
        };
    }

    private static async Task<string> HashIdAsync(Stream source, long start, CancellationToken ct)
    {
        source.Position = start;
        var hash = await SHA256.HashDataAsync(source, ct);
        return $"sha256-{Convert.ToHexStringLower(hash)}@frontdesk.invalid";
    }

    /// <summary>Mailbox files start with a "From sender date" line that is not a header.</summary>
    private static void SkipMboxFromLine(Stream source)
    {
        var start = source.Position;
        Span<byte> head = stackalloc byte[5];
        var read = source.ReadAtLeast(head, 5, throwOnEndOfStream: false);
        if (read < 5 || !head.SequenceEqual("From "u8))
        {
            source.Position = start;
            return;
        }

        int b;
        while ((b = source.ReadByte()) is not (-1 or '\n'))
        {
        }
    }

    private static async Task<Stream> SpoolAsync(Stream mime, CancellationToken ct)
    {
        var path = Path.Combine(Path.GetTempPath(), "frontdesk-mail-" + Guid.NewGuid().ToString("N") + ".eml");
        var file = new FileStream(path, FileMode.CreateNew, FileAccess.ReadWrite, FileShare.None, 81920, FileOptions.Asynchronous | FileOptions.DeleteOnClose);
        try
        {
            await mime.CopyToAsync(file, ct);
            file.Position = 0;
            return file;
        }
        catch
        {
            await file.DisposeAsync();
            throw;
        }
    }
}
