using System.Text;
using Frontdesk.Channels.Email;
using Frontdesk.Domain.Channels;
using Frontdesk.Tests.Infrastructure;
using MimeKit;

namespace Frontdesk.Tests.Channels.Email;

/// <summary>Our POP3 session against the real Dovecot: what comes out of RETR, and what DELE and QUIT do to the maildrop.</summary>
public sealed class Pop3SessionTests
{
    [Fact]
    public async Task Retrieve_LinesStartingWithDots_ArriveByteExact()
    {
        var box = MailServers.NewAddress("dots");
        var mail = EmailKit.CustomerMail(MailServers.NewAddress("carla"), box, "Dots", "");
        mail.Body = new TextPart("plain") { Text = DottedText(), ContentTransferEncoding = ContentEncoding.SevenBit };
        await MailServers.SendAsync(mail);
        await EmailKit.WaitForDeliveryAsync(box);

        await using var pop3 = await OpenAsync(box);
        var (count, octets) = await pop3.StatAsync(TestContext.Current.CancellationToken);
        using var retrieved = new MemoryStream();
        await pop3.RetrieveAsync(1, retrieved, TestContext.Current.CancellationToken);

        Assert.Equal(1, count);
        Assert.Equal(octets, retrieved.Length);
        // The servers put their trace headers (Return-Path, Received) in front; what follows is the mail as it was sent.
        var sent = Encoding.ASCII.GetString(Wire(mail));
        var got = Encoding.ASCII.GetString(retrieved.ToArray());
        Assert.StartsWith("Return-Path:", got, StringComparison.Ordinal);
        Assert.Equal(sent, got[Math.Max(0, got.Length - sent.Length)..]);
    }

    [Fact]
    public async Task WrongPassword_IsRefused_WithTheServersReason()
    {
        var box = MailServers.NewAddress("locked");
        await using var pop3 = await Pop3Session.ConnectAsync("127.0.0.1", MailServers.Current.Pop3, TlsMode.Auto, EmailKit.Patience, TestContext.Current.CancellationToken);

        var error = await Assert.ThrowsAsync<Pop3Exception>(() => pop3.AuthenticateAsync(box, "not-the-password", TestContext.Current.CancellationToken));

        Assert.Contains($"refused the login of {box}", error.Message, StringComparison.Ordinal);
        Assert.Contains("Authentication failed", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("not-the-password", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Delete_TakesEffectAtQuit_NotWhenTheSessionJustEnds()
    {
        var ct = TestContext.Current.CancellationToken;
        var box = MailServers.NewAddress("keep");
        await MailServers.SendAsync(EmailKit.CustomerMail(MailServers.NewAddress("carla"), box, "Keep me", "Until QUIT."), ct);
        await EmailKit.WaitForDeliveryAsync(box);

        // As when the process dies between DELE and QUIT.
        await using (var crashed = await OpenAsync(box))
        {
            await crashed.DeleteAsync(1, ct);
        }

        await using (var next = await OpenAsync(box))
        {
            Assert.Equal(1, (await next.StatAsync(ct)).Count);
            await next.DeleteAsync(1, ct);
            await next.QuitAsync(ct);
        }

        await using var after = await OpenAsync(box);
        Assert.Equal(0, (await after.StatAsync(ct)).Count);
    }

    [Fact]
    public async Task Retrieve_MessageThatIsNotThere_IsRefused()
    {
        await using var pop3 = await OpenAsync(MailServers.NewAddress("empty"));

        var error = await Assert.ThrowsAsync<Pop3Exception>(() => pop3.RetrieveAsync(1, Stream.Null, TestContext.Current.CancellationToken));

        Assert.StartsWith("The POP3 server refused to send message 1: ", error.Message, StringComparison.Ordinal);
        Assert.Equal(0, (await pop3.StatAsync(TestContext.Current.CancellationToken)).Count);
    }

    /// <summary>A session logged in to the test server's mailbox <paramref name="address"/>.</summary>
    internal static async Task<Pop3Session> OpenAsync(string address)
    {
        var pop3 = await Pop3Session.ConnectAsync("127.0.0.1", MailServers.Current.Pop3, TlsMode.Auto, EmailKit.Patience, TestContext.Current.CancellationToken);
        await pop3.AuthenticateAsync(address, MailServers.Password, TestContext.Current.CancellationToken);
        return pop3;
    }

    /// <summary>The message as the SMTP client puts it on the wire (CRLF line ends), before the SMTP dot-stuffing.</summary>
    private static byte[] Wire(MimeMessage mail)
    {
        using var bytes = new MemoryStream();
        mail.WriteTo(new FormatOptions { NewLineFormat = NewLineFormat.Dos }, bytes);
        return bytes.ToArray();
    }

    /// <summary>
    /// Lines a POP3 server must dot-stuff (".", "..", ".hidden") among ordinary ones, a few hundred KB of them so they
    /// fall on every side of the session's 64 KB reads.
    /// </summary>
    private static string DottedText()
    {
        var text = new StringBuilder(".hidden\n..\n.\n...\n. \nnot.a.dot.line\n\n.\n");
        for (var i = 0; i < 30_000; i++)
        {
            text.Append(new string('.', i % 4)).Append(i % 7 == 0 ? "" : $"line {i}").Append('\n');
        }

        return text.Append(".last\n").ToString();
    }
}
