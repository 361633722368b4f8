using Frontdesk.Domain.Routing;

namespace Frontdesk.Domain.Agents;

public enum AgentRole
{
    Agent,
    Admin,
}

/// <summary>Whether routing may give the agent tickets now: only online agents get new ones.</summary>
public enum AgentAvailability
{
    Offline,
    Away,
    Online,
}

/// <summary>A member of the team who works tickets.</summary>
public sealed class Agent
{
    /// <summary>How many unsolved tickets a new agent takes from routing until an admin says otherwise.</summary>
    public const int DefaultCapacity = 10;

    public const int MaxCapacity = 1000;

    private readonly List<Team> _teams = [];
    private readonly List<Skill> _skills = [];

    private Agent()
    {
        Name = "";
        Email = "";
    }

    public Agent(string name, string email, AgentRole role, DateTimeOffset now)
    {
        Name = name.Trim();
        Email = email.Trim().ToLowerInvariant();
        Role = role;
        IsActive = true;
        CreatedAt = now;
        Availability = AgentAvailability.Offline;
        Capacity = DefaultCapacity;
    }

    public long Id { get; private set; }

    public string Name { get; private set; }

    public string Email { get; private set; }

    public AgentRole Role { get; private set; }

    public bool IsActive { get; private set; }

    public DateTimeOffset CreatedAt { get; private set; }

    public IReadOnlyList<Team> Teams => _teams;

    public AgentAvailability Availability { get; private set; }

    /// <summary>The most unsolved tickets routing gives them; 0 takes none. People can still assign more by hand.</summary>
    public int Capacity { get; private set; }

    public IReadOnlyList<Skill> Skills => _skills;

    public void Update(string? name, AgentRole? role, bool? isActive)
    {
        Name = name?.Trim() ?? Name;
        Role = role ?? Role;
        IsActive = isActive ?? IsActive;
    }

    public void SetTeams(IEnumerable<Team> teams)
    {
        _teams.Clear();
        _teams.AddRange(teams);
    }

    public void SetAvailability(AgentAvailability availability) => Availability = availability;

    public void SetCapacity(int capacity)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(capacity);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(capacity, MaxCapacity);
        Capacity = capacity;
    }

    public void SetSkills(IEnumerable<Skill> skills)
    {
        _skills.Clear();
        _skills.AddRange(skills);
    }
}

/// <summary>A group of agents that owns a queue of tickets.</summary>
public sealed class Team
{
    // Null stores "the defaults", so teams follow a change of the defaults until someone sets their own.
    private LoadWeights? _loadWeights;

    private Team()
    {
        Name = "";
    }

    public Team(string name, string? description)
    {
        Name = name.Trim();
        Description = description;
    }

    public long Id { get; private set; }

    public string Name { get; private set; }

    public string? Description { get; private set; }

    public AssignmentStrategy Assignment { get; private set; }

    /// <summary>How load-based strategies weigh an agent's tickets by status.</summary>
    public LoadWeights LoadWeights => _loadWeights ?? LoadWeights.Default;

    /// <summary>The agent routing gave this team's last ticket to: round robin continues after them.</summary>
    public long? LastAssignedAgentId { get; private set; }

    public void Update(string? name, string? description)
    {
        Name = name?.Trim() ?? Name;
        Description = description ?? Description;
    }

    public void SetAssignment(AssignmentStrategy strategy) => Assignment = strategy;

    /// <summary>Null goes back to <see cref="LoadWeights.Default"/>.</summary>
    public void SetLoadWeights(LoadWeights? weights) => _loadWeights = weights == LoadWeights.Default ? null : weights;

    public void RecordAssignment(long agentId) => LastAssignedAgentId = agentId;
}
