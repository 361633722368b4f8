using System.Globalization;
using System.IO.Pipelines;
using System.Text.RegularExpressions;
using Frontdesk.Domain.Tickets;
using Frontdesk.Storage;
using MimeKit;
using MimeKit.Cryptography;
using MimeKit.Encodings;

namespace Frontdesk.Channels.Email;

/// <summary>
/// Walks the MIME tree of one mail: picks the body parts (HTML over text), and streams every attachment, inline
/// image and attached mail into blob storage, decoded, without holding it in memory.
/// </summary>
internal sealed partial class MailPartsReader(IBlobStore blobs, long maxAttachmentBytes, MailDraft draft)
{
    private int _unnamed;
    private MimeMessage? _forwarded;

    public async Task ReadAsync(MimeMessage message, CancellationToken ct)
    {
        if (message.Body is { } body)
        {
            await WalkAsync(body, bodyAllowed: true, storeAttachments: true, ct);
        }

        // A mail that is only a wrapper around another (forwarded as an attachment, a spam report) shows that mail's text.
        if (!HasVisibleBody() && _forwarded?.Body is { } forwarded)
        {
            draft.Bodies.Clear();
            await WalkAsync(forwarded, bodyAllowed: true, storeAttachments: false, ct);
        }

        if (!HasVisibleBody() && draft.CalendarSummary is { } summary)
        {
            draft.Bodies.Add(new MailBody(summary, IsHtml: false));
        }
    }

    private bool HasVisibleBody() => draft.Bodies.Any(b => !string.IsNullOrWhiteSpace(b.IsHtml ? HtmlText.Of(b.Content) : b.Content));

    private async Task WalkAsync(MimeEntity entity, bool bodyAllowed, bool storeAttachments, CancellationToken ct)
    {
        switch (entity)
        {
            case MultipartSigned signed:
                // The first part is the content; the rest is the signature, which is not for reading.
                if (signed.Count > 0)
                {
                    await WalkAsync(signed[0], bodyAllowed, storeAttachments, ct);
                }

                break;
            case MultipartEncrypted encrypted:
                draft.Notes.Add("This email is encrypted (PGP); Frontdesk cannot read it. The encrypted content is attached.");
                foreach (var part in encrypted.Where(p => !p.ContentType.IsMimeType("application", "pgp-encrypted")))
                {
                    await WalkAsync(part, bodyAllowed: false, storeAttachments, ct);
                }

                break;
            case MultipartAlternative alternative:
                var chosen = Preferred(alternative);
                foreach (var part in alternative)
                {
                    if (part == chosen)
                    {
                        await WalkAsync(part, bodyAllowed, storeAttachments, ct);
                    }
                    else if (part is not TextPart { IsHtml: true } and not TextPart { IsPlain: true })
                    {
                        // Another rendering of the same text is dropped; anything else (a calendar invite) is kept.
                        await WalkAsync(part, bodyAllowed: false, storeAttachments, ct);
                    }
                }

                break;
            case MultipartRelated related:
                var root = related.Root;
                foreach (var part in related)
                {
                    await WalkAsync(part, bodyAllowed && part == root, storeAttachments, ct);
                }

                break;
            case Multipart multipart:
                foreach (var part in multipart)
                {
                    await WalkAsync(part, bodyAllowed, storeAttachments, ct);
                }

                break;
            case MessagePart attached:
                if (attached is not TextRfc822Headers && attached.Message is not null)
                {
                    _forwarded ??= attached.Message;
                }

                if (storeAttachments && attached.Message is { } inner)
                {
                    await StoreMessageAsync(attached, inner, ct);
                }

                break;
            case TextPart text when text.ContentType.IsMimeType("text", "calendar"):
                var ics = MailText.Read(text);
                draft.CalendarSummary ??= CalendarSummary.Of(ics);
                if (storeAttachments)
                {
                    await StorePartAsync(text, AttachmentNames.Clean(text.FileName) ?? "invite.ics", ct);
                }

                break;
            case TextPart text when bodyAllowed && IsBody(text):
                await ReadBodyAsync(text, storeAttachments, ct);
                break;
            case ApplicationPkcs7Signature or ApplicationPgpSignature:
                break;
            case ApplicationPkcs7Mime smime:
                draft.Notes.Add(smime.SecureMimeType == SecureMimeType.EnvelopedData || smime.SecureMimeType == SecureMimeType.AuthEnvelopedData
                    ? "This email is encrypted (S/MIME); Frontdesk cannot read it. The encrypted content is attached."
                    : "This email is signed in a form Frontdesk cannot open (S/MIME); the signed content is attached.");
                if (storeAttachments)
                {
                    await StorePartAsync(smime, NameFor(smime), ct);
                }

                break;
            case MimePart part:
                if (storeAttachments)
                {
                    await StorePartAsync(part, NameFor(part), ct);
                }

                break;
        }
    }

    private static MimeEntity? Preferred(MultipartAlternative alternative) =>
        alternative.LastOrDefault(p => p is TextPart { IsHtml: true } || (p is Multipart m && ContainsHtml(m)))
        ?? alternative.LastOrDefault(p => p is TextPart { IsPlain: true })
        ?? alternative.LastOrDefault(p => p is Multipart);

    private static bool ContainsHtml(Multipart multipart) =>
        multipart.Any(p => p is TextPart { IsHtml: true } || (p is Multipart m && ContainsHtml(m)));

    private static bool IsBody(TextPart text) =>
        (text.IsHtml || text.IsPlain)
        && !text.IsAttachment
        && (AttachmentNames.Clean(text.FileName) is null || text.ContentDisposition?.Disposition is ContentDisposition.Inline);

    private async Task ReadBodyAsync(TextPart text, bool storeAttachments, CancellationToken ct)
    {
        var content = MailText.Read(text);
        if (text.IsPlain)
        {
            content = await ExtractUuencodedAsync(content, storeAttachments, ct);
        }

        draft.Bodies.Add(new MailBody(content, text.IsHtml));
    }

    /// <summary>Old mailers put files in the text as uuencoded blocks; they become attachments.</summary>
    private async Task<string> ExtractUuencodedAsync(string text, bool storeAttachments, CancellationToken ct)
    {
        foreach (Match block in UuencodedBlock().Matches(text).Reverse())
        {
            var encoded = System.Text.Encoding.Latin1.GetBytes(block.Value);
            var decoder = new UUDecoder();
            var output = new byte[decoder.EstimateOutputLength(encoded.Length)];
            var length = decoder.Decode(encoded, 0, encoded.Length, output);
            if (storeAttachments)
            {
                var name = AttachmentNames.Clean(block.Groups["name"].Value) ?? AttachmentNames.Unnamed(++_unnamed, "application/octet-stream");
                var sha = await blobs.PutAsync(output.AsMemory(0, length), ct);
                draft.Attachments.Add(new AttachmentRef(sha, name, MimeTypes.GetMimeType(name), length));
            }

            text = text.Remove(block.Index, block.Length);
        }

        return text;
    }

    private string NameFor(MimePart part) =>
        AttachmentNames.Clean(part.FileName) ?? AttachmentNames.Unnamed(++_unnamed, part.ContentType.MimeType);

    private Task StorePartAsync(MimePart part, string name, CancellationToken ct)
    {
        var contentId = string.IsNullOrWhiteSpace(part.ContentId) ? null : part.ContentId.Trim();
        return StoreAsync(name, part.ContentType.MimeType.ToLowerInvariant(), contentId, StreamPart, CountPart, ct);

        Task<(string, long)> StreamPart(CancellationToken token) => part.Content is null
            ? blobs.PutAsync(Stream.Null, token)
            : PutDecodedAsync(part.Content, token);

        async Task<long> CountPart(CancellationToken token)
        {
            var sink = new CountingSink();
            if (part.Content is not null)
            {
                await part.Content.DecodeToAsync(sink, token);
            }

            return sink.Length;
        }
    }

    private async Task<(string, long)> PutDecodedAsync(IMimeContent content, CancellationToken ct)
    {
        await using var decoded = content.Open();
        await using var capped = new CappedReadStream(decoded, maxAttachmentBytes);
        return await blobs.PutAsync(capped, ct);
    }

    private Task StoreMessageAsync(MessagePart attached, MimeMessage message, CancellationToken ct)
    {
        var isHeaders = attached is TextRfc822Headers;
        var name = isHeaders
            ? AttachmentNames.Clean(attached.ContentDisposition?.FileName) ?? "headers.txt"
            : AttachmentNames.ForMessage(attached.ContentDisposition?.FileName ?? attached.ContentType.Name, message.Subject, ++_unnamed);
        return StoreAsync(name, isHeaders ? "text/rfc822-headers" : "message/rfc822", null, StreamMessage, CountMessage, ct);

        // The writer runs beside the blob store reading the pipe, so the message is never whole in memory.
        async Task<(string, long)> StreamMessage(CancellationToken token)
        {
            var pipe = new Pipe();
            var writing = Task.Run(
                async () =>
                {
                    Exception? error = null;
                    try
                    {
                        await message.WriteToAsync(pipe.Writer.AsStream(leaveOpen: true), token);
                    }
                    catch (Exception e)
                    {
                        error = e;
                    }

                    await pipe.Writer.CompleteAsync(error);
                },
                token);
            try
            {
                await using var capped = new CappedReadStream(pipe.Reader.AsStream(leaveOpen: true), maxAttachmentBytes);
                return await blobs.PutAsync(capped, token);
            }
            finally
            {
                await pipe.Reader.CompleteAsync();
                await writing;
            }
        }

        async Task<long> CountMessage(CancellationToken token)
        {
            var sink = new CountingSink();
            await message.WriteToAsync(sink, token);
            return sink.Length;
        }
    }

    private async Task StoreAsync(
        string name,
        string contentType,
        string? contentId,
        Func<CancellationToken, Task<(string Sha256, long Size)>> put,
        Func<CancellationToken, Task<long>> count,
        CancellationToken ct)
    {
        try
        {
            var (sha, size) = await put(ct);
            draft.Attachments.Add(new AttachmentRef(sha, name, contentType, size, contentId));
        }
        catch (AttachmentTooLargeException)
        {
            var size = await count(ct);
            draft.Notes.Add($"The attachment \"{name}\" ({Megabytes(size)}) was not stored: it is larger than the {Megabytes(maxAttachmentBytes)} limit.");
        }
    }

    private static string Megabytes(long bytes) =>
        bytes >= 1024 * 1024
            ? (bytes / (1024.0 * 1024)).ToString("0.#", CultureInfo.InvariantCulture) + " MB"
            : bytes.ToString("N0", CultureInfo.InvariantCulture) + " bytes";

    [GeneratedRegex(@"^begin [0-7]{3,4} (?<name>[^\r\n]+)\r?\n(?:[^\r\n]*\r?\n)*?end[ \t]*\r?$", RegexOptions.Multiline)]
    private static partial Regex UuencodedBlock();
}
