using Frontdesk.Domain.Agents;
using Frontdesk.Domain.Tickets;

namespace Frontdesk.Domain.Routing;

/// <summary>One member of the team as routing sees them when it chooses.</summary>
public sealed record RoutingCandidate(long AgentId, string Name, AgentAvailability Availability, int Capacity, AgentLoad Load, IReadOnlySet<long> Skills);

/// <summary>
/// A team's members at one moment, and the choice of who gets a ticket. Pure: the caller loads the members with
/// their loads once, then asks for as many tickets as it has (a queue being drained); each pick counts against
/// the chosen agent's load and capacity for the next one, and moves the round-robin turn on.
/// </summary>
public sealed class RoutingPool
{
    private const double Tolerance = 1e-9;

    private readonly List<RoutingCandidate> _members;

    public RoutingPool(AssignmentStrategy strategy, LoadWeights weights, IEnumerable<RoutingCandidate> members, long? lastAgentId)
    {
        if (strategy == AssignmentStrategy.Manual)
        {
            throw new ArgumentException("A manual team chooses nobody.", nameof(strategy));
        }

        Strategy = strategy;
        Weights = weights;
        _members = members.OrderBy(m => m.AgentId).ToList();
        LastAgentId = lastAgentId;
    }

    public AssignmentStrategy Strategy { get; }

    public LoadWeights Weights { get; }

    /// <summary>The agent who got the last ticket: the round-robin turn passes to the next one after them.</summary>
    public long? LastAgentId { get; private set; }

    public IReadOnlyList<RoutingCandidate> Members => _members;

    /// <summary>Whether anyone could take one more ticket (ignoring skills).</summary>
    public bool HasRoom => _members.Any(m => m.Availability == AgentAvailability.Online && m.Load.Active < m.Capacity);

    /// <summary>Chooses who gets a ticket with these needs and status; the pick (if any) counts from now on.</summary>
    public RoutingDecision Choose(TicketNeeds needs, TicketStatus status)
    {
        var considered = new List<RoutingCandidate>();
        var skipped = new List<SkippedAgent>();
        foreach (var member in _members)
        {
            if (SkipReason(member, needs) is { } why)
            {
                skipped.Add(why);
            }
            else
            {
                considered.Add(member);
            }
        }

        var after = LastAgentId;
        var chosen = Strategy switch
        {
            AssignmentStrategy.RoundRobin => considered.OrderBy(Turn).FirstOrDefault(),
            _ => considered.OrderBy(m => Math.Round(m.Load.Weighted(Weights) / Tolerance)).ThenBy(Turn).FirstOrDefault(),
        };

        var decision = new RoutingDecision(
            Strategy,
            Strategy == AssignmentStrategy.SkillsBased ? needs : TicketNeeds.None,
            Weights,
            after,
            considered.Select(m => new ConsideredAgent(m.AgentId, m.Load.Active, m.Capacity, m.Load.Weighted(Weights))).ToList(),
            skipped,
            chosen);

        if (chosen is not null)
        {
            var index = _members.IndexOf(chosen);
            _members[index] = chosen with { Load = chosen.Load.Add(status) };
            LastAgentId = chosen.AgentId;
        }

        return decision;
    }

    /// <summary>Agents after the last one come first, in id order; then the rest from the start again.</summary>
    private (int, long) Turn(RoutingCandidate m) => (LastAgentId is { } last && m.AgentId <= last ? 1 : 0, m.AgentId);

    private SkippedAgent? SkipReason(RoutingCandidate member, TicketNeeds needs)
    {
        if (member.Availability != AgentAvailability.Online)
        {
            return new SkippedAgent(member.AgentId, member.Availability == AgentAvailability.Away ? SkipReasons.Away : SkipReasons.Offline);
        }

        if (member.Load.Active >= member.Capacity)
        {
            return new SkippedAgent(member.AgentId, SkipReasons.Full);
        }

        if (Strategy == AssignmentStrategy.SkillsBased && !needs.CoveredBy(member.Skills))
        {
            return new SkippedAgent(member.AgentId, SkipReasons.MissingSkills, needs.MissingFrom(member.Skills));
        }

        return null;
    }
}
