using System.Net.Sockets;
using System.Security.Cryptography;
using System.Text.Json;
using Frontdesk.Channels.Outbox;
using Frontdesk.Data;
using Frontdesk.Domain.Channels;
using Frontdesk.Storage;
using MailKit;
using MailKit.Net.Smtp;
using MailKit.Security;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using MimeKit;

namespace Frontdesk.Channels.Email;

/// <summary>
/// Sends outbox emails through the SMTP server of their channel. A refusal the server means (5xx) is permanent;
/// a busy server (4xx), a dropped connection or a failed login is tried again later.
/// </summary>
public sealed class SmtpOutboxSender(
    IDbContextFactory<FrontdeskDbContext> contexts,
    ChannelSecrets secrets,
    IBlobStore blobs,
    TimeProvider clock,
    IOptions<EmailChannelOptions> options) : IOutboxSender
{
    public OutboxKind Kind => OutboxKind.Email;

    public async Task<SendResult> SendAsync(OutboxMessage message, CancellationToken ct)
    {
        Channel? channel;
        await using (var db = await contexts.CreateDbContextAsync(ct))
        {
            channel = message.ChannelId is { } id ? await db.Channels.AsNoTracking().FirstOrDefaultAsync(c => c.Id == id, ct) : null;
        }

        if (channel is not { Address: { } address, Email: { SmtpHost: { } host } settings })
        {
            return SendResult.Permanent($"Channel {message.ChannelId} no longer exists or has no SMTP server.");
        }

        OutboundEmail? email;
        try
        {
            email = JsonSerializer.Deserialize<OutboundEmail>(message.Payload, Deliveries.Json);
        }
        catch (JsonException e)
        {
            return SendResult.Permanent($"The queued email cannot be read: {e.Message}");
        }

        if (email is null || email.To.Count == 0)
        {
            return SendResult.Permanent("The queued email has no recipient.");
        }

        var opened = new List<Stream>();
        try
        {
            var mime = await BuildAsync(email, new MailboxAddress(settings.FromName ?? channel.Name, address), opened, ct);
            if (mime is null)
            {
                return SendResult.Permanent("An attachment of the email is no longer in storage.");
            }

            return await DeliverAsync(mime, host, settings, ct);
        }
        finally
        {
            foreach (var stream in opened)
            {
                await stream.DisposeAsync();
            }
        }
    }

    /// <summary>The MIME message; null when an attachment's bytes are gone. Attachments are streamed from storage as they are sent.</summary>
    private async Task<MimeMessage?> BuildAsync(OutboundEmail email, MailboxAddress from, List<Stream> opened, CancellationToken ct)
    {
        var mime = new MimeMessage { Subject = email.Subject, MessageId = email.MessageId, Date = clock.GetUtcNow() };
        mime.From.Add(from);
        mime.To.AddRange(email.To.Select(a => new MailboxAddress(a.Name ?? "", a.Address)));
        mime.Cc.AddRange(email.Cc.Select(a => new MailboxAddress(a.Name ?? "", a.Address)));
        if (email.InReplyTo is { } inReplyTo)
        {
            mime.InReplyTo = inReplyTo;
        }

        foreach (var reference in email.References)
        {
            mime.References.Add(reference);
        }

        if (email.AutoSubmitted)
        {
            mime.Headers.Add("Auto-Submitted", "auto-replied");
            mime.Headers.Add("X-Auto-Response-Suppress", "All");
        }

        var alternative = new MultipartAlternative
        {
            new TextPart("plain") { Text = email.Text },
            new TextPart("html") { Text = email.Html },
        };
        if (email.Attachments.Count == 0)
        {
            mime.Body = alternative;
            return mime;
        }

        var mixed = new Multipart("mixed") { alternative };
        foreach (var attachment in email.Attachments)
        {
            var stream = await blobs.OpenAsync(attachment.Sha256, ct);
            if (stream is null)
            {
                return null;
            }

            opened.Add(stream);
            mixed.Add(new MimePart(ContentType.TryParse(attachment.ContentType, out var type) ? type : new ContentType("application", "octet-stream"))
            {
                Content = new MimeContent(stream),
                ContentDisposition = new ContentDisposition(ContentDisposition.Attachment),
                ContentTransferEncoding = ContentEncoding.Base64,
                FileName = attachment.FileName,
            });
        }

        mime.Body = mixed;
        return mime;
    }

    private async Task<SendResult> DeliverAsync(MimeMessage mime, string host, EmailSettings settings, CancellationToken ct)
    {
        using var smtp = new SmtpClient { Timeout = (int)options.Value.Timeout.TotalMilliseconds };
        try
        {
            await smtp.ConnectAsync(host, settings.SmtpPort, MailTls.Options(settings.SmtpTls), ct);
            if (!string.IsNullOrEmpty(settings.SmtpUserName) && settings.SmtpPasswordProtected is { } password)
            {
                await smtp.AuthenticateAsync(settings.SmtpUserName, secrets.Unprotect(password), ct);
            }

            await smtp.SendAsync(mime, ct);
            await smtp.DisconnectAsync(quit: true, ct);
            return SendResult.Sent;
        }
        catch (SmtpCommandException e) when ((int)e.StatusCode >= 500)
        {
            return SendResult.Permanent($"The SMTP server refused the email ({(int)e.StatusCode}): {e.Message}");
        }
        catch (SmtpCommandException e)
        {
            return SendResult.Retry($"The SMTP server deferred the email ({(int)e.StatusCode}): {e.Message}");
        }
        catch (Exception e) when (e is SmtpProtocolException or IOException or SocketException or TimeoutException
            or AuthenticationException or ServiceNotConnectedException or ServiceNotAuthenticatedException or CryptographicException)
        {
            return SendResult.Retry($"Could not send through {host}:{settings.SmtpPort}: {e.Message}");
        }
    }
}

/// <summary>The channel's TLS setting as MailKit's socket options.</summary>
public static class MailTls
{
    public static SecureSocketOptions Options(Domain.Channels.TlsMode mode) => mode switch
    {
        Domain.Channels.TlsMode.None => SecureSocketOptions.None,
        Domain.Channels.TlsMode.StartTls => SecureSocketOptions.StartTls,
        Domain.Channels.TlsMode.Implicit => SecureSocketOptions.SslOnConnect,
        _ => SecureSocketOptions.Auto,
    };
}
