using Frontdesk.Data;
using Frontdesk.Domain.Common;
using Frontdesk.Domain.Tickets;

namespace Frontdesk.Tickets;

/// <summary>A customer writing to a closed ticket starts a new ticket linked to it, carrying its category and team.</summary>
public static class FollowUps
{
    /// <summary>Runs inside a write.</summary>
    public static async Task<Ticket> OpenAsync(FrontdeskDbContext w, Ticket closed, Actor actor, DateTimeOffset now, CancellationToken ct)
    {
        var number = await TicketNumbers.NextAsync(w, ct);
        var followUp = Ticket.Open(number, closed.Subject, closed.RequesterId, closed.OrganizationId, closed.Channel, closed.Priority, closed.Type, actor, now, closed.ChannelId);
        followUp.SetCategory(closed.CategoryId, actor, now, $"Follow-up of #{closed.Number}.");
        followUp.SetTeam(closed.TeamId, actor, now, $"Follow-up of #{closed.Number}.");
        w.Tickets.Add(followUp);
        await w.SaveChangesAsync(ct);
        w.TicketLinks.Add(new TicketLink(followUp.Id, closed.Id, TicketLinkKind.FollowUpOf, now));
        followUp.RecordLink(TicketLinkKind.FollowUpOf, closed, actor, now);
        return followUp;
    }
}
