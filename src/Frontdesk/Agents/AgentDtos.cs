using Frontdesk.Api;
using Frontdesk.Data;
using Frontdesk.Domain.Agents;
using Frontdesk.Routing;
using Microsoft.EntityFrameworkCore;

namespace Frontdesk.Agents;

public sealed record TeamRef(long Id, string Name);

/// <summary>availability, capacity and skills are what routing looks at when it gives the agent tickets.</summary>
public sealed record AgentDto(
    long Id,
    string Name,
    string Email,
    AgentRole Role,
    bool IsActive,
    IReadOnlyList<TeamRef> Teams,
    DateTimeOffset CreatedAt,
    AgentAvailability Availability,
    int Capacity,
    IReadOnlyList<SkillDto> Skills);

public static class AgentReads
{
    public static async Task<List<AgentDto>> ToDtosAsync(this IQueryable<Agent> agents, CancellationToken ct)
    {
        var rows = await agents.Include(a => a.Teams).Include(a => a.Skills).AsSplitQuery().AsNoTracking().ToListAsync(ct);
        return rows
            .Select(a => new AgentDto(
                a.Id,
                a.Name,
                a.Email,
                a.Role,
                a.IsActive,
                a.Teams.OrderBy(t => t.Name, StringComparer.Ordinal).Select(t => new TeamRef(t.Id, t.Name)).ToList(),
                a.CreatedAt,
                a.Availability,
                a.Capacity,
                a.Skills.OrderBy(s => s.Kind).ThenBy(s => s.Name, StringComparer.OrdinalIgnoreCase).Select(SkillDto.From).ToList()))
            .ToList();
    }

    public static async Task<AgentDto?> FindDtoAsync(FrontdeskDbContext db, long id, CancellationToken ct) =>
        (await db.Agents.Where(a => a.Id == id).ToDtosAsync(ct)).FirstOrDefault();

    /// <summary>Records an error naming the team ids that do not exist; returns the distinct ids.</summary>
    public static async Task<List<long>> CheckTeamsAsync(FrontdeskDbContext db, ValidationErrors errors, IReadOnlyList<long>? teamIds, CancellationToken ct)
    {
        var ids = teamIds?.Distinct().ToList() ?? [];
        if (ids.Count == 0)
        {
            return ids;
        }

        var known = await db.Teams.Where(t => ids.Contains(t.Id)).Select(t => t.Id).ToListAsync(ct);
        var missing = ids.Except(known).ToList();
        if (missing.Count > 0)
        {
            errors.Add("teamIds", $"No team has the id {string.Join(", ", missing)}.");
        }

        return ids;
    }

    /// <summary>Records an error naming the skill ids that do not exist; returns the distinct ids.</summary>
    public static async Task<List<long>> CheckSkillsAsync(FrontdeskDbContext db, ValidationErrors errors, IReadOnlyList<long>? skillIds, CancellationToken ct)
    {
        var ids = skillIds?.Distinct().ToList() ?? [];
        if (ids.Count == 0)
        {
            return ids;
        }

        var known = await db.Skills.Where(s => ids.Contains(s.Id)).Select(s => s.Id).ToListAsync(ct);
        var missing = ids.Except(known).ToList();
        if (missing.Count > 0)
        {
            errors.Add("skillIds", $"No skill has the id {string.Join(", ", missing)}.");
        }

        return ids;
    }

    /// <summary>Records an error unless the capacity is a whole number of tickets from 0 to <see cref="Agent.MaxCapacity"/>.</summary>
    public static void CheckCapacity(ValidationErrors errors, int? capacity)
    {
        if (capacity is null)
        {
            errors.Add("capacity", "'capacity' cannot be null; 0 takes no tickets from routing.");
        }
        else if (capacity is < 0 or > Agent.MaxCapacity)
        {
            errors.Add("capacity", $"'capacity' is the most unsolved tickets routing gives the agent, from 0 to {Agent.MaxCapacity}.");
        }
    }
}
