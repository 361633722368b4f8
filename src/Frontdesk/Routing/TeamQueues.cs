using Frontdesk.Data;
using Frontdesk.Domain.Tickets;
using Microsoft.EntityFrameworkCore;

namespace Frontdesk.Routing;

/// <summary>
/// A team's queue: its unassigned, unsolved tickets, urgent first, then oldest first. The same filter is the partial
/// index behind it (ix_tickets_team_queue), so reading a queue never touches the team's assigned or solved tickets.
/// </summary>
public static class TeamQueues
{
    public static readonly string Filter = $"assignee_id IS NULL AND status IN ({string.Join(", ", TicketLifecycle.Unsolved.Select(s => (int)s))})";

    public static IQueryable<Ticket> Waiting(FrontdeskDbContext db, long teamId) =>
        db.Tickets.Where(t => t.TeamId == teamId && t.AssigneeId == null
            && (t.Status == TicketStatus.New || t.Status == TicketStatus.Open || t.Status == TicketStatus.Pending || t.Status == TicketStatus.OnHold));

    public static IOrderedQueryable<Ticket> InQueueOrder(this IQueryable<Ticket> tickets) =>
        tickets.OrderByDescending(t => t.Priority).ThenBy(t => t.CreatedAt).ThenBy(t => t.Id);

    /// <summary>
    /// Inside a write: the next waiting tickets after <paramref name="after"/> in queue order. On PostgreSQL they are
    /// locked, skipping any another write holds (that write routes its ticket itself, see RoutingStep).
    /// </summary>
    public static async Task<List<Ticket>> NextAsync(FrontdeskDbContext db, long teamId, Ticket? after, int limit, CancellationToken ct)
    {
        if (db is not PostgresFrontdeskDbContext)
        {
            var query = Waiting(db, teamId);
            if (after is not null)
            {
                var (p, c, id) = (after.Priority, after.CreatedAt, after.Id);
                query = query.Where(t => t.Priority < p || (t.Priority == p && (t.CreatedAt > c || (t.CreatedAt == c && t.Id > id))));
            }

            return await query.InQueueOrder().Take(limit).ToListAsync(ct);
        }

        var keyset = after is null ? "" : "AND (priority < {2} OR (priority = {2} AND (created_at > {3} OR (created_at = {3} AND id > {4}))))";
        object[] parameters = after is null
            ? [teamId, limit]
            : [teamId, limit, (int)after.Priority, after.CreatedAt, after.Id];
        // Only constants are spliced in; the values are parameters.
        var sql = $"SELECT * FROM tickets WHERE team_id = {{0}} AND {Filter} {keyset} ORDER BY priority DESC, created_at, id LIMIT {{1}} FOR NO KEY UPDATE SKIP LOCKED";
        return await db.Tickets.FromSqlRaw(sql, parameters).ToListAsync(ct);
    }
}
