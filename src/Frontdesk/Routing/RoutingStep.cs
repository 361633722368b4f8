using System.Globalization;
using Frontdesk.Domain.Common;
using Frontdesk.Domain.Tickets;
using Frontdesk.Tickets;

namespace Frontdesk.Routing;

/// <summary>
/// Routing's part of every write (after rules, before SLA): a ticket left unassigned and unsolved in a team with an
/// automatic strategy gets an agent, or waits in the team's queue; a ticket that stops counting against an agent's
/// capacity (solved, closed, given to someone else) gives that agent's teams' queues a turn.
/// </summary>
public sealed class RoutingStep(TicketRouter router) : ITicketStep
{
    public int Order => 200;

    public async Task ReactAsync(TicketChange change, CancellationToken ct)
    {
        // Routing's own entries (assignments, "waits") are not news to routing; anything else may be.
        var events = change.Events.Where(e => e.ActorKind != ActorKind.Routing).ToList();
        if (events.Count == 0)
        {
            return;
        }

        var ticket = change.Ticket;
        if (ticket is { AssigneeId: null, TeamId: not null, MergedIntoId: null } && TicketLifecycle.Unsolved.Contains(ticket.Status))
        {
            // A waiting ticket is tried again whenever it changes: its needs may have, and a drain that found it being
            // written by this very write skipped it.
            await router.RouteAsync(change.Db, ticket, EntersQueue(events), change.Now, ct);
        }

        foreach (var (agentId, why) in Freed(ticket, events))
        {
            await router.DrainTeamsOfAsync(change.Db, agentId, $"Capacity freed: ticket #{ticket.Number} was {why}.", change.Now, ct);
        }
    }

    /// <summary>Whether the ticket just started waiting for an agent (rather than waiting on, and being touched).</summary>
    private static bool EntersQueue(List<TicketEvent> events) => events.Any(e => e.Kind switch
    {
        TicketEventKinds.Created => true,
        TicketEventKinds.FieldChanged => e.Field == "team",
        TicketEventKinds.Assigned => e.NewValue is null,
        TicketEventKinds.StatusChanged => !IsUnsolved(e.OldValue),
        _ => false,
    });

    /// <summary>The agents this write took an unsolved ticket from.</summary>
    private static IEnumerable<(long AgentId, string Why)> Freed(Ticket ticket, List<TicketEvent> events)
    {
        var freed = new Dictionary<long, string>();
        foreach (var e in events)
        {
            if (e.Kind == TicketEventKinds.Assigned && long.TryParse(e.OldValue, NumberStyles.None, CultureInfo.InvariantCulture, out var previous))
            {
                freed.TryAdd(previous, e.NewValue is null ? "unassigned" : "reassigned");
            }
            else if (e.Kind == TicketEventKinds.StatusChanged && ticket.AssigneeId is { } assignee && IsUnsolved(e.OldValue) && !IsUnsolved(e.NewValue))
            {
                freed.TryAdd(assignee, e.NewValue == nameof(TicketStatus.Closed) ? "closed" : "solved");
            }
        }

        return freed.Select(f => (f.Key, f.Value));
    }

    private static bool IsUnsolved(string? status) =>
        Enum.TryParse<TicketStatus>(status, out var s) && TicketLifecycle.Unsolved.Contains(s);
}
