using System.Security.Cryptography;
using System.Text;
using Frontdesk.Domain.Contacts;
using Frontdesk.Domain.Tickets;
using MimeKit;
using MimeKit.Utils;

namespace Frontdesk.Tests.Channels.Email;

public sealed class MailParserContentTests : IDisposable
{
    private readonly MailParserFixture _mail = new();

    public void Dispose() => _mail.Dispose();

    private static MimeMessage NewMessage(string subject = "Printer on fire", MimeEntity? body = null)
    {
        var message = new MimeMessage();
        message.From.Add(new MailboxAddress("Ann Example", "Ann@Example.com"));
        message.To.Add(new MailboxAddress("Support", "support@frontdesk.test"));
        message.Subject = subject;
        message.MessageId = "m1@example.com";
        message.Date = new DateTimeOffset(2026, 5, 4, 10, 0, 0, TimeSpan.Zero);
        message.Body = body ?? new TextPart("plain") { Text = "Hello, the printer is on fire." };
        return message;
    }

    [Fact]
    public async Task Parse_PlainMail_ReadsHeadersAndBody()
    {
        var message = NewMessage();
        message.Cc.Add(new MailboxAddress("Bob", "bob@example.com"));
        message.ReplyTo.Add(new MailboxAddress("Ann at home", "ann@home.example"));

        var mail = await _mail.ParseAsync(message);

        Assert.Equal("m1@example.com", mail.MessageId);
        Assert.Equal("Ann@Example.com", mail.From?.Address);
        Assert.Equal("Ann Example", mail.From?.Name);
        Assert.Equal("ann@home.example", Assert.Single(mail.ReplyTo).Address);
        Assert.Equal("support@frontdesk.test", Assert.Single(mail.To).Address);
        Assert.Equal("bob@example.com", Assert.Single(mail.Cc).Address);
        Assert.Equal(new DateTimeOffset(2026, 5, 4, 10, 0, 0, TimeSpan.Zero), mail.Date);
        Assert.Equal("Hello, the printer is on fire.", mail.BodyText);
        Assert.Contains("Hello, the printer is on fire.", mail.BodyHtml, StringComparison.Ordinal);
        Assert.False(mail.IsAutomated);
        Assert.Null(mail.QuotedHtml);
        Assert.Null(mail.Note);
    }

    [Fact]
    public async Task Parse_Iso2022JpSubject_DecodesIt()
    {
        var message = NewMessage();
        message.Headers.Replace(HeaderId.Subject, Encoding.GetEncoding("iso-2022-jp"), "お問い合わせ");

        var mail = await _mail.ParseAsync(message);

        Assert.Equal("お問い合わせ", mail.Subject);
    }

    [Fact]
    public async Task Parse_EncodedWordSubjectAndName_DecodesThem()
    {
        var mail = await _mail.ParseAsync("""
            From: =?UTF-8?Q?J=C3=BCrgen_M=C3=BCller?= <jm@example.de>
            To: support@frontdesk.test
            Subject: =?ISO-8859-1?Q?Gr=FC=DFe?= aus =?UTF-8?B?S8O2bG4=?=
            Message-ID: <e1@example.de>

            Hallo
            """);

        Assert.Equal("Grüße aus Köln", mail.Subject);
        Assert.Equal("Jürgen Müller", mail.From?.Name);
    }

    [Fact]
    public async Task Parse_Iso2022JpBody_DecodesIt()
    {
        var part = new TextPart("plain");
        part.SetText(Encoding.GetEncoding("iso-2022-jp"), "配送の件でご連絡します。");

        var mail = await _mail.ParseAsync(NewMessage(body: part));

        Assert.Equal("配送の件でご連絡します。", mail.BodyText);
    }

    [Fact]
    public async Task Parse_Windows1252Body_DecodesIt()
    {
        var part = new TextPart("plain");
        part.SetText(Encoding.GetEncoding(1252), "Prix: 20 € – “déjà” payé");

        var mail = await _mail.ParseAsync(NewMessage(body: part));

        Assert.Equal("Prix: 20 € – “déjà” payé", mail.BodyText);
    }

    [Fact]
    public async Task Parse_Unlabelled8BitBody_ReadsUtf8OrWindows1252()
    {
        var head = "From: a@example.com\r\nSubject: x\r\nMessage-ID: <u@example.com>\r\nContent-Type: text/plain\r\nContent-Transfer-Encoding: 8bit\r\n\r\n"u8.ToArray();

        var utf8 = await _mail.ParseAsync([.. head, .. Encoding.UTF8.GetBytes("Grüße")]);
        var latin = await _mail.ParseAsync([.. head, .. Encoding.GetEncoding(1252).GetBytes("Grüße")]);

        Assert.Equal("Grüße", utf8.BodyText);
        Assert.Equal("Grüße", latin.BodyText);
    }

    [Fact]
    public async Task Parse_NulBytesInBody_DropsThem()
    {
        var raw = "From: a@example.com\r\nSubject: x\r\nMessage-ID: <n@example.com>\r\nContent-Type: text/html; charset=utf-8\r\n\r\n<p>one\0two</p>\0\0<p>three</p>"u8.ToArray();

        var mail = await _mail.ParseAsync(raw);

        Assert.DoesNotContain('\0', mail.BodyHtml);
        Assert.Equal("onetwo\nthree", mail.BodyText);
    }

    [Fact]
    public async Task Parse_HtmlAndText_PrefersHtmlAndSanitisesIt()
    {
        var body = new BodyBuilder
        {
            TextBody = "plain version",
            HtmlBody = "<p>html <b>version</b></p><script>alert(1)</script>",
        }.ToMessageBody();

        var mail = await _mail.ParseAsync(NewMessage(body: body));

        Assert.Contains("<b>version</b>", mail.BodyHtml, StringComparison.Ordinal);
        Assert.DoesNotContain("script", mail.BodyHtml, StringComparison.Ordinal);
        Assert.Equal("html version", mail.BodyText);
    }

    [Fact]
    public async Task Parse_InlineImage_KeepsItWithContentIdAndCidReference()
    {
        var builder = new BodyBuilder();
        var image = builder.LinkedResources.Add("logo.png", [0x89, 0x50, 0x4E, 0x47, 1, 2, 3], new ContentType("image", "png"));
        image.ContentId = MimeUtils.GenerateMessageId();
        builder.HtmlBody = $"<p>See <img src=\"cid:{image.ContentId}\"></p>";

        var mail = await _mail.ParseAsync(NewMessage(body: builder.ToMessageBody()));

        var attachment = Assert.Single(mail.Attachments);
        Assert.Equal(image.ContentId, attachment.ContentId);
        Assert.Equal("logo.png", attachment.FileName);
        Assert.Equal("image/png", attachment.ContentType);
        Assert.Contains($"cid:{image.ContentId}", mail.BodyHtml, StringComparison.Ordinal);
        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData([0x89, 0x50, 0x4E, 0x47, 1, 2, 3])), attachment.Sha256);
    }

    [Fact]
    public async Task Parse_Rfc2231FileName_DecodesItAndStripsPath()
    {
        var mail = await _mail.ParseAsync("""
            From: a@example.com
            Subject: files
            Message-ID: <f@example.com>
            MIME-Version: 1.0
            Content-Type: multipart/mixed; boundary="b"

            --b
            Content-Type: text/plain

            see attached
            --b
            Content-Type: application/pdf
            Content-Disposition: attachment; filename*=UTF-8''C%3A%5Cdocs%5CM%C3%A4ngelliste%202026.pdf
            Content-Transfer-Encoding: base64

            JVBERi0xLjQK
            --b
            Content-Type: application/pdf
            Content-Disposition: attachment; filename="=?UTF-8?B?UmVjaG51bmcgw6QucGRm?="
            Content-Transfer-Encoding: base64

            JVBERi0xLjQK
            --b
            Content-Type: application/pdf
            Content-Transfer-Encoding: base64

            JVBERi0xLjQK
            --b--
            """);

        Assert.Equal(["Mängelliste 2026.pdf", "Rechnung ä.pdf", "attachment-1.pdf"], mail.Attachments.Select(a => a.FileName));
        Assert.All(mail.Attachments, a => Assert.Equal(9, a.Size));
        Assert.Equal("see attached", mail.BodyText);
    }

    [Fact]
    public async Task Parse_AttachedMessage_KeepsItAsEmlAndShowsItWhenOnlyAWrapper()
    {
        var inner = NewMessage("Original question", new TextPart("plain") { Text = "Where is my order?" });
        var outer = NewMessage("Fwd: Original question", new Multipart("mixed") { new MessagePart { Message = inner } });

        var mail = await _mail.ParseAsync(outer);

        var attachment = Assert.Single(mail.Attachments);
        Assert.Equal("Original question.eml", attachment.FileName);
        Assert.Equal("message/rfc822", attachment.ContentType);
        Assert.Equal("Where is my order?", mail.BodyText);
        var stored = Encoding.UTF8.GetString(await _mail.ReadBlobAsync(attachment.Sha256));
        Assert.Contains("Subject: Original question", stored, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Parse_AttachedMessageBesideText_ShowsOnlyTheText()
    {
        var inner = NewMessage("Old thread", new TextPart("plain") { Text = "old words" });
        var outer = NewMessage("See below", new Multipart("mixed") { new TextPart("plain") { Text = "My own words" }, new MessagePart { Message = inner } });

        var mail = await _mail.ParseAsync(outer);

        Assert.Equal("My own words", mail.BodyText);
        Assert.Equal("Old thread.eml", Assert.Single(mail.Attachments).FileName);
    }

    [Fact]
    public async Task Parse_CalendarInviteOnly_KeepsInviteAndSummarisesIt()
    {
        var invite = new TextPart("calendar") { Text = "BEGIN:VCALENDAR\r\nMETHOD:REQUEST\r\nBEGIN:VEVENT\r\nDTSTART:20260504T140000Z\r\nSUMMARY:Quarterly review\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n" };
        invite.ContentType.Parameters.Add("method", "REQUEST");

        var mail = await _mail.ParseAsync(NewMessage("Invitation", invite));

        var attachment = Assert.Single(mail.Attachments);
        Assert.Equal("invite.ics", attachment.FileName);
        Assert.Equal("text/calendar", attachment.ContentType);
        Assert.Equal("Invitation: Quarterly review — 2026-05-04 14:00 UTC", mail.BodyText);
    }

    [Fact]
    public async Task Parse_SignedMail_ShowsContentNotSignature()
    {
        var signed = new Multipart("signed")
        {
            new TextPart("plain") { Text = "Signed words" },
            new MimePart("application", "pkcs7-signature") { FileName = "smime.p7s", Content = new MimeContent(new MemoryStream([1, 2, 3])), ContentTransferEncoding = ContentEncoding.Base64 },
        };
        signed.ContentType.Parameters.Add("protocol", "application/pkcs7-signature");

        var mail = await _mail.ParseAsync(NewMessage(body: signed));

        Assert.Equal("Signed words", mail.BodyText);
        Assert.Empty(mail.Attachments);
    }

    [Fact]
    public async Task Parse_MissingMessageId_GivesStableContentHashId()
    {
        var raw = "From: a@example.com\r\nSubject: no id\r\n\r\nbody"u8.ToArray();

        var first = await _mail.ParseAsync(raw);
        var again = await _mail.ParseAsync(raw);
        var other = await _mail.ParseAsync("From: a@example.com\r\nSubject: no id\r\n\r\nbody!"u8.ToArray());

        Assert.Equal($"sha256-{Convert.ToHexStringLower(SHA256.HashData(raw))}@frontdesk.invalid", first.MessageId);
        Assert.Equal(first.MessageId, again.MessageId);
        Assert.NotEqual(first.MessageId, other.MessageId);
    }

    [Fact]
    public async Task Parse_Garbage_StoresWholeMessageWithNote()
    {
        var raw = new byte[4096];
        new Random(7).NextBytes(raw);

        var mail = await _mail.ParseAsync(raw);

        var attachment = Assert.Single(mail.Attachments);
        Assert.Equal("message.eml", attachment.FileName);
        Assert.Equal(raw.Length, attachment.Size);
        Assert.Equal(raw, await _mail.ReadBlobAsync(attachment.Sha256));
        Assert.Equal("This email could not be read as MIME; the original is attached as message.eml.", mail.Note);
        Assert.StartsWith("sha256-", mail.MessageId, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Parse_OversizeAttachment_LeavesItOutWithNote()
    {
        using var small = new MailParserFixture(maxAttachmentBytes: 1000);
        var builder = new BodyBuilder { TextBody = "big file attached" };
        builder.Attachments.Add("big.bin", new byte[5000]);
        builder.Attachments.Add("small.bin", new byte[10]);

        var mail = await small.ParseAsync(NewMessage(body: builder.ToMessageBody()));

        Assert.Equal("small.bin", Assert.Single(mail.Attachments).FileName);
        Assert.Contains("\"big.bin\" (5,000 bytes) was not stored", mail.Note, StringComparison.Ordinal);
        var stored = Directory.EnumerateFiles(small.Root, "*", SearchOption.AllDirectories).ToList();
        Assert.Equal([Assert.Single(mail.Attachments).Sha256], stored.Select(Path.GetFileName));
    }

    [Fact]
    public async Task Parse_UnseekableStream_ReadsTheSame()
    {
        var builder = new BodyBuilder { TextBody = "through a pipe" };
        builder.Attachments.Add("a.txt", "hello"u8.ToArray());
        using var buffer = new MemoryStream();
        await NewMessage(body: builder.ToMessageBody()).WriteToAsync(buffer, TestContext.Current.CancellationToken);
        await using var unseekable = new UnseekableStream(buffer.ToArray());

        var mail = await _mail.Parser.ParseAsync(unseekable, TestContext.Current.CancellationToken);

        Assert.Equal("through a pipe", mail.BodyText);
        Assert.Equal("hello"u8.ToArray(), await _mail.ReadBlobAsync(Assert.Single(mail.Attachments).Sha256));
    }

    [Fact]
    public async Task Parse_Replies_ListsInReplyToThenReferencesNewestFirst()
    {
        var message = NewMessage();
        message.InReplyTo = "c@example.com";
        message.References.Add("a@example.com");
        message.References.Add("b@example.com");
        message.References.Add("c@example.com");

        var mail = await _mail.ParseAsync(message);

        Assert.Equal(["c@example.com", "b@example.com", "a@example.com"], mail.References);
    }

    [Fact]
    public async Task ToInbound_MapsSenderAndParticipantsLessOwnAddresses()
    {
        var message = NewMessage();
        message.To.Add(new MailboxAddress("Bob", "Bob@Example.com"));
        message.Cc.Add(new MailboxAddress("Ann again", "ann@example.com"));
        message.Cc.Add(new MailboxAddress("Sales", "SALES@frontdesk.test"));

        var inbound = (await _mail.ParseAsync(message)).ToInbound(42, ["support@frontdesk.test", "sales@frontdesk.test"]);

        Assert.Equal(ChannelKind.Email, inbound.Kind);
        Assert.Equal(42, inbound.ChannelId);
        Assert.Equal("m1@example.com", inbound.ExternalId);
        Assert.Equal(new Frontdesk.Domain.Channels.InboundSender(IdentityKind.Email, "ann@example.com", "Ann Example"), inbound.From);
        Assert.Equal(["bob@example.com"], inbound.Participants.Select(p => p.Value));
        Assert.Equal(new DateTimeOffset(2026, 5, 4, 10, 0, 0, TimeSpan.Zero), inbound.SentAt);
        Assert.Equal("Printer on fire", inbound.Subject);
    }

    [Fact]
    public async Task ToInbound_WithoutUsableFrom_UsesUnknownSender()
    {
        var mail = await _mail.ParseAsync("Subject: who?\r\nMessage-ID: <w@example.com>\r\n\r\nanonymous"u8.ToArray());

        var inbound = mail.ToInbound(null, []);

        Assert.Equal("unknown-sender@frontdesk.invalid", inbound.From.Value);
        Assert.Equal("Unknown sender", inbound.From.Name);
    }

    private sealed class UnseekableStream(byte[] bytes) : MemoryStream(bytes)
    {
        public override bool CanSeek => false;
    }
}
