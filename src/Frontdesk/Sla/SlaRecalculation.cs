using Frontdesk.Data;
using Frontdesk.Domain.Sla;
using Frontdesk.Domain.Tickets;
using Microsoft.EntityFrameworkCore;

namespace Frontdesk.Sla;

/// <summary>
/// After an admin changes a policy's targets or calendar (or deletes it), measures its running clocks again from
/// their own starts and pauses, and moves their tickets' due times; clocks whose policy or target is gone are
/// removed. Runs inside the admin's write.
/// </summary>
public static class SlaRecalculation
{
    public static async Task<int> ApplyAsync(FrontdeskDbContext w, IReadOnlyList<long> policyIds, DateTimeOffset now, CancellationToken ct)
    {
        if (policyIds.Count == 0)
        {
            return 0;
        }

        var ids = policyIds.ToArray();

        // Tickets first, then their clocks: the order every write takes them in, so no two writes wait on each other.
        var tickets = w is PostgresFrontdeskDbContext
            ? await w.Tickets.FromSql($"SELECT * FROM tickets WHERE id IN (SELECT ticket_id FROM sla_clocks WHERE policy_id = ANY({ids}) AND stopped_at IS NULL) ORDER BY id FOR UPDATE").ToListAsync(ct)
            : await w.Tickets.Where(t => w.SlaClocks.Any(c => c.TicketId == t.Id && ids.Contains(c.PolicyId) && c.StoppedAt == null)).ToListAsync(ct);
        if (tickets.Count == 0)
        {
            return 0;
        }

        var ticketIds = tickets.Select(t => t.Id).ToList();
        var clocks = (await w.SlaClocks.Where(c => ticketIds.Contains(c.TicketId)).ToListAsync(ct)).ToLookup(c => c.TicketId);
        var settings = await SlaSettings.LoadAsync(w, ct);
        foreach (var ticket in tickets)
        {
            var kept = new List<SlaClock>();
            foreach (var clock in clocks[ticket.Id])
            {
                if (clock.IsStopped || !ids.Contains(clock.PolicyId))
                {
                    kept.Add(clock);
                    continue;
                }

                var policy = settings.Find(clock.PolicyId);
                if (policy?.MinutesFor(ticket.Priority, clock.Target) is not { } minutes)
                {
                    w.SlaClocks.Remove(clock);
                    continue;
                }

                clock.Retarget(policy.Id, minutes, settings.TermsOf(policy), now);
                kept.Add(clock);
            }

            ticket.SetDueAtFromSla(SlaClocks.EarliestDue(kept));
        }

        await w.SaveChangesAsync(ct);
        return tickets.Count;
    }
}

public static class SlaClocks
{
    /// <summary>When the ticket is due: the earliest due time of the clocks counting now (paused and stopped ones wait).</summary>
    public static DateTimeOffset? EarliestDue(IEnumerable<SlaClock> clocks) =>
        clocks.Where(c => c.IsCounting && c.DueAt is not null).Min(c => c.DueAt);

    /// <summary>Inside a write: the ticket's clocks, locked on PostgreSQL until the write commits (the monitor skips them meanwhile).</summary>
    public static Task<List<SlaClock>> LoadForUpdateAsync(FrontdeskDbContext w, long ticketId, CancellationToken ct) =>
        w is PostgresFrontdeskDbContext
            ? w.SlaClocks.FromSql($"SELECT * FROM sla_clocks WHERE ticket_id = {ticketId} ORDER BY id FOR UPDATE").ToListAsync(ct)
            : w.SlaClocks.Where(c => c.TicketId == ticketId).OrderBy(c => c.Id).ToListAsync(ct);

    public static string Label(SlaTarget target) => target switch
    {
        SlaTarget.FirstResponse => "First response",
        SlaTarget.NextResponse => "Next response",
        _ => "Resolution",
    };
}
