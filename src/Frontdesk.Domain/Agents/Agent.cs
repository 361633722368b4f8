namespace Frontdesk.Domain.Agents;

public enum AgentRole
{
    Agent,
    Admin,
}

/// <summary>A member of the team who works tickets.</summary>
public sealed class Agent
{
    private readonly List<Team> _teams = [];

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
    }

    public long Id { get; private set; }

    public string Name { get; private set; }

    public string Email { get; private set; }

    public AgentRole Role { get; private set; }

    public bool IsActive { get; private set; }

    public DateTimeOffset CreatedAt { get; private set; }

    public IReadOnlyList<Team> Teams => _teams;

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
}

/// <summary>A group of agents that owns a queue of tickets.</summary>
public sealed class Team
{
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

    public void Update(string? name, string? description)
    {
        Name = name?.Trim() ?? Name;
        Description = description ?? Description;
    }
}
