using Frontdesk.Api;
using Frontdesk.Data;
using Frontdesk.Domain.Agents;
using Microsoft.EntityFrameworkCore;

namespace Frontdesk.Agents;

public sealed record TeamRef(long Id, string Name);

public sealed record AgentDto(long Id, string Name, string Email, AgentRole Role, bool IsActive, IReadOnlyList<TeamRef> Teams, DateTimeOffset CreatedAt);

public static class AgentReads
{
    public static async Task<List<AgentDto>> ToDtosAsync(this IQueryable<Agent> agents, CancellationToken ct)
    {
        var rows = await agents.Include(a => a.Teams).AsNoTracking().ToListAsync(ct);
        return rows
            .Select(a => new AgentDto(a.Id, a.Name, a.Email, a.Role, a.IsActive, a.Teams.OrderBy(t => t.Name, StringComparer.Ordinal).Select(t => new TeamRef(t.Id, t.Name)).ToList(), a.CreatedAt))
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
}
