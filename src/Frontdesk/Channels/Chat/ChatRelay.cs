using Frontdesk.Domain.Common;
using Frontdesk.Tickets;
using Microsoft.AspNetCore.SignalR;

namespace Frontdesk.Channels.Chat;

/// <summary>One line of a chat as the widget and the agent's view show it.</summary>
public sealed record ChatLine(long Id, long TicketId, string From, string Name, string Text, bool Internal, DateTimeOffset At)
{
    public static ChatLine Of(MessageDto m) => new(m.Id, m.TicketId, Speaker(m.AuthorKind), m.AuthorName, m.BodyText, m.Internal, m.CreatedAt);

    public static string Speaker(ActorKind kind) => kind switch
    {
        ActorKind.Contact => "visitor",
        ActorKind.Agent => "agent",
        _ => "system",
    };
}

/// <summary>
/// Pushes a ticket's new messages to the people in its chat: agents who joined it see everything, the visitor only
/// public messages. Called after the message is committed, from the hub and from the ticket API's reply path.
/// </summary>
public sealed class ChatRelay(IHubContext<ChatHub> hub)
{
    public const string LineEvent = "line";

    public static string AgentsOf(long ticketId) => $"ticket:{ticketId}:agents";

    public static string VisitorsOf(long ticketId) => $"ticket:{ticketId}:visitors";

    public async Task PublishAsync(ChatLine line, CancellationToken ct)
    {
        await hub.Clients.Group(AgentsOf(line.TicketId)).SendAsync(LineEvent, line, ct);
        if (!line.Internal)
        {
            await hub.Clients.Group(VisitorsOf(line.TicketId)).SendAsync(LineEvent, line, ct);
        }
    }
}
