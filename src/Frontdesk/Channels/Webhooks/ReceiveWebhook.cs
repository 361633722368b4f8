using System.Net;
using System.Security.Cryptography;
using System.Text;
using Frontdesk.Api;
using Frontdesk.Content;
using Frontdesk.Data;
using Frontdesk.Domain.Channels;
using Frontdesk.Domain.Contacts;
using Frontdesk.Domain.Tickets;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace Frontdesk.Channels.Webhooks;

/// <summary>Who sent a webhook message: a phone number or a handle (exactly one), and a display name if known.</summary>
public sealed record WebhookSender(string? Phone, string? Handle, string? Name);

/// <summary>One message from an SMS gateway, social bridge or messaging app (documented in docs/channels.md).</summary>
public sealed record WebhookInbound(
    string? MessageId,
    string? ThreadId,
    WebhookSender? From,
    string? Text,
    List<string?>? MediaUrls,
    DateTimeOffset? SentAt);

/// <summary>What became of the message; the same answer again when the same message id is delivered twice.</summary>
public sealed record WebhookAccepted(long TicketId, long TicketNumber, long? MessageId, long ContactId, IntakeOutcome Outcome);

/// <summary>
/// <c>POST /api/v1/channels/{id}/inbound</c>: anonymous but signed with the channel's secret (see
/// <see cref="WebhookSignature"/>). Translates the call into an <see cref="InboundMessage"/>; intake does the rest.
/// Media stay links to where the sender's service keeps them: the server never fetches a remote URL.
/// </summary>
public static class ReceiveWebhook
{
    public const int MaxBodyBytes = 512 * 1024;
    public const int MaxMediaUrls = 20;
    public const int MaxIdLength = 1000;

    public static async Task<Results<Ok<WebhookAccepted>, ProblemHttpResult>> HandleAsync(
        long id,
        HttpRequest request,
        FrontdeskDbContext db,
        ChannelSecrets secrets,
        InboundIntake intake,
        MessageContent content,
        TimeProvider clock,
        ILoggerFactory logs,
        CancellationToken ct)
    {
        var channel = await db.Channels.AsNoTracking().FirstOrDefaultAsync(c => c.Id == id, ct);
        if (channel is not { IsActive: true, Kind: ChannelKind.Sms or ChannelKind.Social })
        {
            // Email, chat and form channels have their own ways in; an unknown or inactive id says no more than that.
            return Problems.NotFound("Webhook channel", id);
        }

        var body = await JsonBody.ReadAsync(request, MaxBodyBytes, ct);
        if (body is null)
        {
            return TypedResults.Problem($"The body is larger than {MaxBodyBytes} bytes.", statusCode: StatusCodes.Status413PayloadTooLarge, title: "Too large.");
        }

        if (!Verified(channel, request, body, secrets, clock, logs))
        {
            return TypedResults.Problem(
                $"The call must be signed: {WebhookSignature.SignatureHeader}: sha256=<HMAC-SHA256 of '{{timestamp}}.{{body}}' with the channel's secret> and {WebhookSignature.TimestampHeader}: <Unix seconds, within 5 minutes>.",
                statusCode: StatusCodes.Status401Unauthorized,
                title: "Missing or wrong signature.");
        }

        var parsed = JsonBody.Parse<WebhookInbound>(body);
        if (!parsed.IsSuccess)
        {
            return parsed.Error!.ToProblem();
        }

        var errors = new ValidationErrors();
        var inbound = Translate(parsed.Value, channel, content, errors);
        if (inbound is null)
        {
            return errors.ToProblem();
        }

        var accepted = await intake.AcceptAsync(inbound, ct);
        if (!accepted.IsSuccess)
        {
            return accepted.Error!.ToProblem();
        }

        var r = accepted.Value;
        return TypedResults.Ok(new WebhookAccepted(r.TicketId, r.TicketNumber, r.MessageId, r.ContactId, r.Outcome));
    }

    private static bool Verified(Channel channel, HttpRequest request, byte[] body, ChannelSecrets secrets, TimeProvider clock, ILoggerFactory logs)
    {
        if (channel.Webhook?.SecretProtected is not { } protectedSecret)
        {
            return false;
        }

        string secret;
        try
        {
            secret = secrets.Unprotect(protectedSecret);
        }
        catch (CryptographicException ex)
        {
            // Lost Data Protection keys: nothing can be verified until an admin sets a new secret.
            logs.CreateLogger(typeof(ReceiveWebhook)).LogError(ex, "The secret of channel {ChannelId} cannot be read; set a new one", channel.Id);
            return false;
        }

        return WebhookSignature.Verify(
            secret,
            request.Headers[WebhookSignature.TimestampHeader].ToString(),
            request.Headers[WebhookSignature.SignatureHeader].ToString(),
            body,
            clock.GetUtcNow());
    }

    private static InboundMessage? Translate(WebhookInbound m, Channel channel, MessageContent content, ValidationErrors errors)
    {
        var messageId = errors.RequireText("messageId", m.MessageId, MaxIdLength);
        if (m.ThreadId is { } thread && (thread.Trim().Length == 0 || thread.Length > MaxIdLength))
        {
            errors.Add("threadId", $"'threadId' must be 1–{MaxIdLength} characters when given.");
        }

        var sender = Sender(m.From, errors);
        var text = m.Text?.Trim() ?? "";
        var media = MediaUrls(m.MediaUrls, errors);
        if (text.Length == 0 && media.Count == 0)
        {
            errors.Add("text", "'text' is required unless the message has 'mediaUrls'.");
        }
        else if (text.Length > Limits.BodyLength)
        {
            errors.AddTooLarge("text", $"'text' is longer than {Limits.BodyLength} characters.");
        }

        if (errors.Any)
        {
            return null;
        }

        var (html, plain) = Body(text, media, content);
        return new InboundMessage(channel.Kind, channel.Id, messageId!, sender!, Subject: null, html, plain, [])
        {
            ExternalThreadId = m.ThreadId?.Trim(),
            SentAt = m.SentAt?.ToUniversalTime(),
        };
    }

    private static InboundSender? Sender(WebhookSender? from, ValidationErrors errors)
    {
        if (from is null)
        {
            errors.Add("from", "'from' is required: { \"phone\": \"+15550100\" } or { \"handle\": \"@someone\" }.");
            return null;
        }

        if (from.Name is { Length: > Limits.NameLength })
        {
            errors.Add("from.name", $"'from.name' is longer than {Limits.NameLength} characters.");
        }

        var name = string.IsNullOrWhiteSpace(from.Name) ? null : from.Name.Trim();
        if ((from.Phone is null) == (from.Handle is null))
        {
            errors.Add("from", "'from' needs exactly one of 'phone' and 'handle'.");
            return null;
        }

        if (from.Phone is { } phone)
        {
            var normalized = ContactIdentity.Normalize(IdentityKind.Phone, phone);
            if (normalized is null)
            {
                errors.Add("from.phone", $"'{phone}' is not a phone number (5–15 digits, optionally with + ( ) - . and spaces).");
                return null;
            }

            return new InboundSender(IdentityKind.Phone, normalized, name);
        }

        var handle = ContactIdentity.Normalize(IdentityKind.Social, from.Handle!);
        if (handle is null)
        {
            errors.Add("from.handle", "'from.handle' must be 1–200 characters.");
            return null;
        }

        return new InboundSender(IdentityKind.Social, handle, name);
    }

    private static List<Uri> MediaUrls(List<string?>? urls, ValidationErrors errors)
    {
        var result = new List<Uri>();
        if (urls is null)
        {
            return result;
        }

        if (urls.Count > MaxMediaUrls)
        {
            errors.Add("mediaUrls", $"A message takes at most {MaxMediaUrls} media URLs.");
            return result;
        }

        for (var i = 0; i < urls.Count; i++)
        {
            if (urls[i] is { Length: <= 2048 } raw && Uri.TryCreate(raw, UriKind.Absolute, out var url) && url.Scheme is "http" or "https")
            {
                result.Add(url);
            }
            else
            {
                errors.Add($"mediaUrls[{i}]", $"'mediaUrls[{i}]' must be an absolute http or https URL of at most 2048 characters.");
            }
        }

        return result;
    }

    /// <summary>The text, then the media as links (kept as links: fetching what a stranger points at is not our business).</summary>
    private static (string Html, string Text) Body(string text, List<Uri> media, MessageContent content)
    {
        var html = new StringBuilder();
        var plain = new StringBuilder(text);
        if (text.Length > 0)
        {
            html.Append(content.FromPlainText(text).Html);
        }

        if (media.Count > 0)
        {
            html.Append("<p>Media:</p><ul>");
            plain.Append(text.Length > 0 ? "\n\n" : "").Append("Media:");
            foreach (var url in media)
            {
                var encoded = WebUtility.HtmlEncode(url.AbsoluteUri);
                html.Append("<li><a href=\"").Append(encoded).Append("\" rel=\"noopener noreferrer nofollow\">").Append(encoded).Append("</a></li>");
                plain.Append("\n- ").Append(url.AbsoluteUri);
            }

            html.Append("</ul>");
        }

        return (content.FromHtml(html.ToString()).Html, plain.ToString());
    }
}
