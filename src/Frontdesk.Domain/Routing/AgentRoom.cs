using Frontdesk.Domain.Agents;

namespace Frontdesk.Domain.Routing;

/// <summary>
/// What an agent was before a change, to tell whether the change lets them take tickets they could not before
/// (and so which of their teams' queues routing should try again, in the same write).
/// </summary>
public sealed record AgentRoom(AgentAvailability Availability, int Capacity, bool IsActive, IReadOnlySet<long> Teams, IReadOnlySet<long> Skills)
{
    public static AgentRoom Of(Agent agent) => new(
        agent.Availability, agent.Capacity, agent.IsActive, agent.Teams.Select(t => t.Id).ToHashSet(), agent.Skills.Select(s => s.Id).ToHashSet());

    /// <summary>For a new agent: every team's queue may reach them.</summary>
    public static (IReadOnlyCollection<long> Teams, string Cause) OfNew(Agent agent) =>
        CanTake(agent) ? (agent.Teams.Select(t => t.Id).ToList(), $"{agent.Name} joined the team.") : ([], "");

    /// <summary>The teams whose queues may now reach this agent, and why (the start of each assignment's reason).</summary>
    public (IReadOnlyCollection<long> Teams, string Cause) Gained(Agent after)
    {
        if (!CanTake(after))
        {
            return ([], "");
        }

        var teams = after.Teams.Select(t => t.Id).ToList();
        var cause = !IsActive ? "is active again"
            : Availability != AgentAvailability.Online ? "came online"
            : after.Capacity > Capacity ? "can take more tickets"
            : after.Skills.Any(s => !Skills.Contains(s.Id)) ? "has new skills"
            : null;
        if (cause is not null)
        {
            return (teams, $"{after.Name} {cause}.");
        }

        var joined = teams.Where(t => !Teams.Contains(t)).ToList();
        return (joined, joined.Count == 0 ? "" : $"{after.Name} joined the team.");
    }

    private static bool CanTake(Agent agent) => agent is { IsActive: true, Availability: AgentAvailability.Online, Capacity: > 0 };
}
