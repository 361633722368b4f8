namespace Frontdesk.Domain.Routing;

/// <summary>How a team's new and waiting tickets find an agent.</summary>
public enum AssignmentStrategy
{
    /// <summary>Nobody is chosen automatically; agents pick tickets from the team's queue.</summary>
    Manual,

    /// <summary>The next available agent after the one who got the last ticket, in a fixed order.</summary>
    RoundRobin,

    /// <summary>The available agent with the lowest weighted load.</summary>
    LeastLoaded,

    /// <summary>The least loaded of the available agents whose skills cover everything the ticket needs.</summary>
    SkillsBased,
}

public static class AssignmentStrategies
{
    /// <summary>The name routing decisions carry in the history.</summary>
    public static string DisplayName(this AssignmentStrategy strategy) => strategy switch
    {
        AssignmentStrategy.RoundRobin => "Round robin",
        AssignmentStrategy.LeastLoaded => "Least loaded",
        AssignmentStrategy.SkillsBased => "Skills-based",
        _ => "Manual",
    };

    /// <summary>The name the API and the decision inputs use (camelCase, as JSON spells the enum).</summary>
    public static string Key(this AssignmentStrategy strategy) => strategy switch
    {
        AssignmentStrategy.RoundRobin => "roundRobin",
        AssignmentStrategy.LeastLoaded => "leastLoaded",
        AssignmentStrategy.SkillsBased => "skillsBased",
        _ => "manual",
    };
}
