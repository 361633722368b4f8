using MimeKit;

namespace Frontdesk.Tests.Channels.Email;

public sealed class MailParserAutomationTests : IDisposable
{
    private readonly MailParserFixture _mail = new();

    public void Dispose() => _mail.Dispose();

    private static MimeMessage NewMessage(string from = "ann@example.com")
    {
        var message = new MimeMessage();
        message.From.Add(MailboxAddress.Parse(from));
        message.To.Add(MailboxAddress.Parse("support@frontdesk.test"));
        message.Subject = "Re: your ticket";
        message.MessageId = "r1@example.com";
        message.Body = new TextPart("plain") { Text = "I am out of office." };
        return message;
    }

    [Theory]
    [InlineData("Auto-Submitted", "auto-replied")]
    [InlineData("Auto-Submitted", "auto-generated")]
    [InlineData("Precedence", "bulk")]
    [InlineData("Precedence", "junk")]
    [InlineData("Precedence", "list")]
    [InlineData("X-Autoreply", "yes")]
    [InlineData("X-Autorespond", "yes")]
    [InlineData("X-Auto-Response-Suppress", "All")]
    [InlineData("X-Auto-Response-Suppress", "DR, OOF, AutoReply")]
    [InlineData("List-Id", "<support.lists.example.com>")]
    [InlineData("List-Unsubscribe", "<mailto:leave@lists.example.com>")]
    public async Task Parse_AutomationHeader_MarksMailAutomated(string header, string value)
    {
        var message = NewMessage();
        message.Headers.Add(header, value);

        var mail = await _mail.ParseAsync(message);

        Assert.True(mail.IsAutomated);
        Assert.Contains(header, mail.AutomatedReason, StringComparison.OrdinalIgnoreCase);
    }

    [Theory]
    [InlineData("Auto-Submitted", "no")]
    [InlineData("Precedence", "first-class")]
    [InlineData("X-Auto-Response-Suppress", "DR, RN, NRN")]
    public async Task Parse_HeaderThatAllowsAnswers_LeavesMailUnmarked(string header, string value)
    {
        var message = NewMessage();
        message.Headers.Add(header, value);

        var mail = await _mail.ParseAsync(message);

        Assert.False(mail.IsAutomated);
        Assert.Null(mail.AutomatedReason);
    }

    [Theory]
    [InlineData("MAILER-DAEMON@mx.example.com")]
    [InlineData("postmaster@example.com")]
    public async Task Parse_FromMailSystem_MarksMailAutomated(string from)
    {
        var mail = await _mail.ParseAsync(NewMessage(from));

        Assert.True(mail.IsAutomated);
    }

    [Fact]
    public async Task Parse_DeliveryStatusNotification_IsBounceOfOriginalMessage()
    {
        var original = NewMessage();
        original.MessageId = "reply-17@frontdesk.test";
        original.Body = new TextPart("plain") { Text = "Your ticket was updated." };
        var status = new MimePart("message", "delivery-status") { Content = new MimeContent(new MemoryStream("Reporting-MTA: dns; mx.example.com\r\n\r\nFinal-Recipient: rfc822; gone@example.com\r\nAction: failed\r\nStatus: 5.1.1\r\n"u8.ToArray())) };
        var report = new MultipartReport("delivery-status") { new TextPart("plain") { Text = "Your message could not be delivered." }, status, new MessagePart { Message = original } };
        var bounce = NewMessage("MAILER-DAEMON@mx.example.com");
        bounce.Subject = "Undelivered Mail Returned to Sender";
        bounce.Body = report;

        var mail = await _mail.ParseAsync(bounce);

        Assert.True(mail.IsBounce);
        Assert.True(mail.IsAutomated);
        Assert.Equal("reply-17@frontdesk.test", mail.BounceOf);
        Assert.Equal("Your message could not be delivered.", mail.BodyText);
    }

    [Fact]
    public async Task Parse_BounceWithRfc822Headers_ReadsOriginalIdFromThem()
    {
        var mail = await _mail.ParseAsync("""
            From: Mail Delivery System <MAILER-DAEMON@mx.example.com>
            Subject: Undelivered Mail Returned to Sender
            Message-ID: <b2@mx.example.com>
            MIME-Version: 1.0
            Content-Type: multipart/report; report-type=delivery-status; boundary="r"

            --r
            Content-Type: text/plain

            I'm sorry to have to inform you that your message could not be delivered.
            --r
            Content-Type: message/delivery-status

            Reporting-MTA: dns; mx.example.com

            Final-Recipient: rfc822; gone@example.com
            Action: failed
            --r
            Content-Type: text/rfc822-headers

            From: support@frontdesk.test
            Subject: Your ticket
            Message-ID: <reply-18@frontdesk.test>
            --r--
            """);

        Assert.True(mail.IsBounce);
        Assert.Equal("reply-18@frontdesk.test", mail.BounceOf);
    }

    [Fact]
    public async Task Parse_PlainTextBounce_FindsQuotedMessageId()
    {
        var bounce = NewMessage("MAILER-DAEMON@mx.example.com");
        bounce.Subject = "failure notice";
        bounce.Body = new TextPart("plain") { Text = "Sorry, we were unable to deliver your message.\n\n--- Below this line is a copy of the message.\n\nMessage-ID: <reply-19@frontdesk.test>\nSubject: Your ticket\n" };

        var mail = await _mail.ParseAsync(bounce);

        Assert.True(mail.IsBounce);
        Assert.Equal("reply-19@frontdesk.test", mail.BounceOf);
    }

    [Fact]
    public async Task Parse_OrdinaryMail_IsNotBounce()
    {
        var mail = await _mail.ParseAsync(NewMessage());

        Assert.False(mail.IsBounce);
        Assert.Null(mail.BounceOf);
        Assert.False(mail.IsAutomated);
    }
}
