using System.Security.Cryptography;
using System.Text.Json;
using Frontdesk.Content;
using Frontdesk.Data;
using Frontdesk.Domain.Channels;
using Frontdesk.Domain.Contacts;
using Frontdesk.Domain.Tickets;
using Frontdesk.Identity;
using Frontdesk.Tickets;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.SignalR;
using Microsoft.EntityFrameworkCore;

namespace Frontdesk.Channels.Chat;

/// <summary>Limits on anonymous chat traffic (Frontdesk:Chat), counted in memory per node.</summary>
public sealed class ChatOptions
{
    /// <summary>Chats one client IP may start per hour.</summary>
    public int StartsPerIpPerHour { get; set; } = 20;

    /// <summary>Lines one chat may send per minute; a person types far fewer.</summary>
    public int LinesPerMinute { get; set; } = 30;
}

/// <summary>What a visitor gives when starting a chat: the chat channel of the widget, and optionally who they are.</summary>
public sealed record StartChat(long ChannelId, string? Name, string? Email);

/// <summary>A visitor's chat: keep <see cref="Token"/> (the widget uses localStorage) to resume it later.</summary>
public sealed record ChatSession(string Token, long? TicketId, IReadOnlyList<ChatLine> Transcript);

/// <summary>
/// Live chat at <c>/hubs/chat</c>. Visitors (anonymous) call <see cref="Start"/> or <see cref="Resume"/>, then
/// <see cref="Send"/>; each line goes through intake as a Chat message threaded by the session id, so the first line
/// opens the ticket and the transcript stays on it. Agents call <see cref="Join"/> to follow a ticket's chat live and
/// answer with the ticket API's reply, which <see cref="ChatRelay"/> pushes to the visitor.
/// </summary>
public sealed class ChatHub(
    FrontdeskDbContext db,
    InboundIntake intake,
    ChatRelay relay,
    ChatTokens tokens,
    MessageContent content,
    Throttle throttle,
    Microsoft.Extensions.Options.IOptions<ChatOptions> options) : Hub
{
    public const string Path = "/hubs/chat";
    public const int MaxLineLength = 4000;
    private const string VisitorKey = "visitor";
    private const int TranscriptLines = 200;

    public async Task<ChatSession> Start(StartChat request)
    {
        if (!await db.Channels.AnyAsync(c => c.Id == request.ChannelId && c.Kind == ChannelKind.Chat && c.IsActive, Context.ConnectionAborted))
        {
            throw new HubException($"channelId: {request.ChannelId} is not an active chat channel.");
        }

        string? email = null;
        if (!string.IsNullOrWhiteSpace(request.Email))
        {
            email = ContactIdentity.Normalize(IdentityKind.Email, request.Email) ?? throw new HubException($"email: '{request.Email}' is not an email address.");
        }

        if (request.Name is { Length: > Limits.NameLength })
        {
            throw new HubException($"name: longer than {Limits.NameLength} characters.");
        }

        var ip = Context.GetHttpContext()?.Connection.RemoteIpAddress?.ToString() ?? "unknown";
        if (throttle.Take("chat-start:" + ip, options.Value.StartsPerIpPerHour, TimeSpan.FromHours(1)) is { } wait)
        {
            throw new HubException($"Too many chats were started from this address; try again in {Math.Ceiling(wait.TotalMinutes)} minutes.");
        }

        var visitor = new ChatVisitor(Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16)), request.ChannelId, string.IsNullOrWhiteSpace(request.Name) ? null : request.Name.Trim(), email);
        Context.Items[VisitorKey] = visitor;
        return new ChatSession(tokens.Issue(visitor), null, []);
    }

    /// <summary>Picks a chat up again (a reload, a new tab) from the token the widget kept.</summary>
    public async Task<ChatSession> Resume(string token)
    {
        var visitor = tokens.Read(token) ?? throw new HubException("token: not a chat session of this server.");
        Context.Items[VisitorKey] = visitor;
        var ticketId = await TicketOfAsync(visitor);
        if (ticketId is null)
        {
            return new ChatSession(token, null, []);
        }

        await Groups.AddToGroupAsync(Context.ConnectionId, ChatRelay.VisitorsOf(ticketId.Value), Context.ConnectionAborted);
        return new ChatSession(token, ticketId, await TranscriptAsync(ticketId.Value, publicOnly: true));
    }

    /// <summary>A visitor's line; <paramref name="clientId"/> (unique per line) makes a resend after a lost answer harmless.</summary>
    public async Task<ChatLine> Send(string text, string? clientId = null)
    {
        var visitor = Context.Items.TryGetValue(VisitorKey, out var v) && v is ChatVisitor known
            ? known
            : throw new HubException("Start or resume a chat first.");
        text = text?.Trim() ?? "";
        if (text.Length is 0 or > MaxLineLength)
        {
            throw new HubException($"text: 1–{MaxLineLength} characters.");
        }

        if (clientId is { Length: 0 or > 100 })
        {
            throw new HubException("clientId: 1–100 characters when given.");
        }

        if (throttle.Take("chat-line:" + visitor.SessionId, options.Value.LinesPerMinute, TimeSpan.FromMinutes(1)) is { } wait)
        {
            throw new HubException($"Too many messages at once; try again in {Math.Ceiling(wait.TotalSeconds)} seconds.");
        }

        var (html, plain) = content.FromPlainText(text);
        var inbound = new InboundMessage(
            ChannelKind.Chat,
            visitor.ChannelId,
            $"{visitor.SessionId}:{clientId ?? Guid.NewGuid().ToString("N")}",
            new InboundSender(IdentityKind.Chat, visitor.SessionId, visitor.Name ?? (visitor.Email is null ? "Chat visitor" : null)),
            Subject: null,
            html,
            plain,
            [])
        {
            ExternalThreadId = visitor.SessionId,
            AlsoKnownAs = visitor.Email is { } email ? [new InboundSender(IdentityKind.Email, email, visitor.Name)] : [],
        };
        var accepted = await intake.AcceptAsync(inbound, Context.ConnectionAborted);
        if (!accepted.IsSuccess)
        {
            throw new HubException(accepted.Error!.Detail);
        }

        var result = accepted.Value;
        await Groups.AddToGroupAsync(Context.ConnectionId, ChatRelay.VisitorsOf(result.TicketId), Context.ConnectionAborted);
        var message = await db.Messages.AsNoTracking().Include(m => m.Attachments).FirstAsync(m => m.Id == result.MessageId, Context.ConnectionAborted);
        var line = ChatLine.Of(MessageDto.From(message));
        if (result.Outcome != IntakeOutcome.Duplicate)
        {
            await relay.PublishAsync(line, CancellationToken.None);
        }

        return line;
    }

    /// <summary>An agent follows a ticket's chat: its lines arrive as "line" events. Returns the transcript so far.</summary>
    public async Task<IReadOnlyList<ChatLine>> Join(long ticketId)
    {
        RequireAgent();
        if (!await db.Tickets.AnyAsync(t => t.Id == ticketId, Context.ConnectionAborted))
        {
            throw new HubException($"ticketId: ticket {ticketId} was not found.");
        }

        await Groups.AddToGroupAsync(Context.ConnectionId, ChatRelay.AgentsOf(ticketId), Context.ConnectionAborted);
        return await TranscriptAsync(ticketId, publicOnly: false);
    }

    public async Task Leave(long ticketId)
    {
        RequireAgent();
        await Groups.RemoveFromGroupAsync(Context.ConnectionId, ChatRelay.AgentsOf(ticketId), Context.ConnectionAborted);
    }

    private void RequireAgent()
    {
        if (Context.User?.IsStaff() != true)
        {
            throw new HubException("Only agents may follow a ticket's chat.");
        }
    }

    /// <summary>The ticket the session's lines went to (the latest, if a closed one was followed up).</summary>
    private async Task<long?> TicketOfAsync(ChatVisitor visitor)
    {
        var scope = ExternalMessage.ThreadScope(visitor.ChannelId, ChannelKind.Chat);
        var key = InboundIntake.KeyOf(visitor.SessionId);
        var ticketId = await db.ExternalMessages.AsNoTracking()
            .Where(x => x.Scope == scope && x.ExternalId == key)
            .Select(x => (long?)x.TicketId)
            .FirstOrDefaultAsync(Context.ConnectionAborted);
        for (var i = 0; i < 5 && ticketId is { } id; i++)
        {
            var mergedInto = await db.Tickets.AsNoTracking().Where(t => t.Id == id).Select(t => t.MergedIntoId).FirstOrDefaultAsync(Context.ConnectionAborted);
            if (mergedInto is null)
            {
                break;
            }

            ticketId = mergedInto;
        }

        return ticketId;
    }

    private async Task<IReadOnlyList<ChatLine>> TranscriptAsync(long ticketId, bool publicOnly)
    {
        var messages = db.Messages.AsNoTracking().Include(m => m.Attachments).Where(m => m.TicketId == ticketId);
        if (publicOnly)
        {
            messages = messages.Where(m => !m.IsInternal);
        }

        var rows = await messages.OrderByDescending(m => m.Id).Take(TranscriptLines).ToListAsync(Context.ConnectionAborted);
        return rows.OrderBy(m => m.Id).Select(m => ChatLine.Of(MessageDto.From(m))).ToList();
    }
}

/// <summary>Who a visitor is: a random session id (their Chat identity and thread id) and what they told us at the start.</summary>
public sealed record ChatVisitor(string SessionId, long ChannelId, string? Name, string? Email);

/// <summary>
/// Visitor session tokens: the session, protected with Data Protection, so only this server can issue one and a
/// visitor can only ever present their own (the session id inside is 128 random bits).
/// </summary>
public sealed class ChatTokens(IDataProtectionProvider provider)
{
    private readonly IDataProtector _protector = provider.CreateProtector("Frontdesk.Chat.Session");

    public string Issue(ChatVisitor visitor) => _protector.Protect(JsonSerializer.Serialize(visitor, Json.Options));

    public ChatVisitor? Read(string? token)
    {
        if (string.IsNullOrEmpty(token) || token.Length > 4000)
        {
            return null;
        }

        try
        {
            return JsonSerializer.Deserialize<ChatVisitor>(_protector.Unprotect(token), Json.Options);
        }
        catch (Exception ex) when (ex is CryptographicException or JsonException or FormatException)
        {
            return null;
        }
    }
}
