using System.Net;
using Frontdesk.Channels;
using Frontdesk.Channels.Outbox;
using Frontdesk.Domain.Common;
using Frontdesk.Domain.Notifications;
using Frontdesk.Domain.Tickets;
using Frontdesk.Tickets;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Frontdesk.Notifications;

/// <summary>
/// Tells agents what a write means for them — assigned to them, named in a note, their customer wrote, an SLA
/// warning or breach — in their in-app feed and by email, as each agent chose. Runs last in the ticket pipeline,
/// so it sees what rules and routing did too.
/// </summary>
public sealed class NotificationStep(IOptions<IntakeOptions> options, OutboxSignal outbox) : ITicketStep
{
    private const string HandledMessages = "notifications.messages";

    public int Order => 400;

    private sealed record Notice(long AgentId, NotificationKind Kind, string Title, string? Text, string ActorName);

    public async Task ReactAsync(TicketChange change, CancellationToken ct)
    {
        var ticket = change.Ticket;
        var notices = new List<Notice>();
        foreach (var e in change.Events)
        {
            switch (e.Kind)
            {
                case TicketEventKinds.Assigned when long.TryParse(e.NewValue, out var agentId) && !IsSelf(e, agentId):
                    notices.Add(new Notice(agentId, NotificationKind.Assigned, $"#{ticket.Number} was assigned to you: {ticket.Subject}", e.Reason, e.ActorName));
                    break;
                case TicketEventKinds.SlaWarning or TicketEventKinds.SlaBreached:
                    var kind = e.Kind == TicketEventKinds.SlaWarning ? NotificationKind.SlaWarning : NotificationKind.SlaBreached;
                    var what = kind == NotificationKind.SlaWarning ? "is close to its" : "missed its";
                    foreach (var agent in await OwnersAsync(change, ct))
                    {
                        notices.Add(new Notice(agent, kind, $"#{ticket.Number} {what} {Target(e.NewValue)} target: {ticket.Subject}", e.Reason, e.ActorName));
                    }

                    break;
            }
        }

        if (change.Has(TicketEventKinds.MessageAdded))
        {
            await AddMessageNoticesAsync(change, notices, ct);
        }

        if (notices.Count > 0)
        {
            await DeliverAsync(change, notices.DistinctBy(n => (n.AgentId, n.Kind)).ToList(), ct);
        }
    }

    private static bool IsSelf(TicketEvent e, long agentId) => e.ActorKind == ActorKind.Agent && e.ActorId == agentId;

    private static string Target(string? target) => target switch
    {
        "firstResponse" => "first response",
        "nextResponse" => "next response",
        "resolution" => "resolution",
        _ => target ?? "SLA",
    };

    /// <summary>Who answers for the ticket: its assignee, or while unassigned every active member of its team.</summary>
    private static async Task<IReadOnlyList<long>> OwnersAsync(TicketChange change, CancellationToken ct)
    {
        if (change.Ticket.AssigneeId is { } assignee)
        {
            return [assignee];
        }

        if (change.Ticket.TeamId is not { } teamId)
        {
            return [];
        }

        return await change.Db.Agents.Where(a => a.IsActive && a.Teams.Any(t => t.Id == teamId)).Select(a => a.Id).ToListAsync(ct);
    }

    /// <summary>New messages of this write: a customer's reply tells the assignee, an internal note tells whom it names.</summary>
    private static async Task AddMessageNoticesAsync(TicketChange change, List<Notice> notices, CancellationToken ct)
    {
        var ticket = change.Ticket;
        var handled = change.Settlement.Get<HashSet<Message>>(HandledMessages);
        List<Mentionable>? people = null;

        // A new ticket's first message is the request itself; its assignee hears of it as an assignment.
        var isNew = ticket.Events.Any(e => e.Kind == TicketEventKinds.Created);
        foreach (var message in ticket.Messages.Where(handled.Add))
        {
            if (message.AuthorKind == ActorKind.Contact && !isNew && ticket.AssigneeId is { } owner)
            {
                notices.Add(new Notice(owner, NotificationKind.CustomerReplied, $"{message.AuthorName} wrote on #{ticket.Number}: {ticket.Subject}", message.BodyText, message.AuthorName));
            }
            else if (message is { IsInternal: true, AuthorKind: ActorKind.Agent } && Mentions.Handles(message.BodyText).Count > 0)
            {
                people ??= await change.Db.Agents.AsNoTracking().Where(a => a.IsActive).Select(a => new Mentionable(a.Id, a.Name, a.Email)).ToListAsync(ct);
                foreach (var agentId in Mentions.Resolve(message.BodyText, people).Where(id => id != message.AuthorId))
                {
                    notices.Add(new Notice(agentId, NotificationKind.Mentioned, $"{message.AuthorName} mentioned you on #{ticket.Number}: {ticket.Subject}", message.BodyText, message.AuthorName));
                }
            }
        }
    }

    private async Task DeliverAsync(TicketChange change, List<Notice> notices, CancellationToken ct)
    {
        var db = change.Db;
        var agentIds = notices.Select(n => n.AgentId).Distinct().ToList();
        var agents = await db.Agents.AsNoTracking().Where(a => agentIds.Contains(a.Id) && a.IsActive).ToDictionaryAsync(a => a.Id, ct);
        var chosen = await db.NotificationPreferences.AsNoTracking().Where(p => agentIds.Contains(p.AgentId)).ToListAsync(ct);
        Deliveries.EmailRoute? route = null;
        var routeRead = false;
        foreach (var notice in notices)
        {
            if (!agents.TryGetValue(notice.AgentId, out var agent))
            {
                continue;
            }

            var preference = chosen.FirstOrDefault(p => p.AgentId == notice.AgentId && p.Kind == notice.Kind);
            var (inApp, email) = preference is null ? NotificationPreference.Default(notice.Kind) : (preference.InApp, preference.Email);
            if (inApp)
            {
                db.Notifications.Add(new Notification(agent.Id, notice.Kind, change.Ticket.Id, change.Ticket.Number, notice.Title, notice.Text, notice.ActorName, change.Now));
            }

            if (email)
            {
                if (!routeRead)
                {
                    route = await Deliveries.EmailRouteAsync(db, null, ct);
                    routeRead = true;
                }

                if (route is not null)
                {
                    await QueueEmailAsync(db, route, change.Ticket, agent.Email, agent.Name, notice, change.Now, ct);
                    db.AfterCommit(outbox.Notify);
                }
            }
        }
    }

    private async Task QueueEmailAsync(Data.FrontdeskDbContext db, Deliveries.EmailRoute route, Ticket ticket, string email, string name, Notice notice, DateTimeOffset now, CancellationToken ct)
    {
        var link = string.IsNullOrWhiteSpace(options.Value.PublicUrl) ? null : $"{options.Value.PublicUrl.TrimEnd('/')}/tickets/{ticket.Id}";
        var html = $"<p>{WebUtility.HtmlEncode(notice.Title)}</p>"
            + (notice.Text is null ? "" : $"<blockquote>{WebUtility.HtmlEncode(notice.Text)}</blockquote>")
            + (link is null ? "" : $"<p><a href=\"{WebUtility.HtmlEncode(link)}\">Open #{ticket.Number}</a></p>");
        var text = notice.Title + (notice.Text is null ? "" : "\n\n" + notice.Text) + (link is null ? "" : $"\n\nOpen #{ticket.Number}: {link}");
        await Deliveries.QueueAutomaticAsync(db, route, ticket, new MailAddress(email, name), notice.Title, html, text, now, ct);
    }
}
