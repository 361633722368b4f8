using Frontdesk.Api;
using Frontdesk.Data;
using Frontdesk.Domain.Agents;
using Frontdesk.Domain.Common;
using Microsoft.EntityFrameworkCore;

namespace Frontdesk.Teams;

public sealed record MemberRef(long Id, string Name, string Email, bool IsActive);

public sealed record TeamDto(long Id, string Name, string? Description, IReadOnlyList<MemberRef> Members);

public static class TeamReads
{
    public static async Task<List<TeamDto>> ToDtosAsync(this IQueryable<Team> teams, FrontdeskDbContext db, CancellationToken ct)
    {
        var rows = await teams.AsNoTracking().ToListAsync(ct);
        var ids = rows.Select(t => t.Id).ToList();
        var agents = await db.Agents.AsNoTracking().Include(a => a.Teams).Where(a => a.Teams.Any(t => ids.Contains(t.Id))).ToListAsync(ct);
        var members = agents.SelectMany(a => a.Teams.Select(t => new { TeamId = t.Id, a.Id, a.Name, a.Email, a.IsActive })).ToList();
        return rows
            .OrderBy(t => t.Name, StringComparer.OrdinalIgnoreCase)
            .Select(t => new TeamDto(
                t.Id,
                t.Name,
                string.IsNullOrEmpty(t.Description) ? null : t.Description,
                members.Where(m => m.TeamId == t.Id).OrderBy(m => m.Name, StringComparer.OrdinalIgnoreCase).Select(m => new MemberRef(m.Id, m.Name, m.Email, m.IsActive)).ToList()))
            .ToList();
    }

    public static async Task<TeamDto?> FindDtoAsync(FrontdeskDbContext db, long id, CancellationToken ct) =>
        (await db.Teams.Where(t => t.Id == id).ToDtosAsync(db, ct)).FirstOrDefault();
}

public static class TeamInputs
{
    public const int NameLength = 100;
    public const int DescriptionLength = 1000;

    /// <summary>Records an error naming the agent ids that do not exist; returns the distinct ids.</summary>
    public static async Task<List<long>> CheckMembersAsync(FrontdeskDbContext db, ValidationErrors errors, IReadOnlyList<long>? memberIds, CancellationToken ct)
    {
        var ids = memberIds?.Distinct().ToList() ?? [];
        if (ids.Count == 0)
        {
            return ids;
        }

        var known = await db.Agents.Where(a => ids.Contains(a.Id)).Select(a => a.Id).ToListAsync(ct);
        var missing = ids.Except(known).ToList();
        if (missing.Count > 0)
        {
            errors.Add("memberIds", $"No agent has the id {string.Join(", ", missing)}.");
        }

        return ids;
    }

    /// <summary>Inside a write: a conflict when another team has this name (in any letter case).</summary>
    public static async Task<Error?> FindNameTakenAsync(FrontdeskDbContext w, string name, long? exceptId, CancellationToken ct)
    {
        var pattern = LikePatterns.Exactly(name.ToLowerInvariant());
        var other = await w.Teams.Where(t => EF.Functions.Like(t.Name.ToLower(), pattern, LikePatterns.Escape) && t.Id != exceptId).Select(t => (long?)t.Id).FirstOrDefaultAsync(ct);
        return other is { } id ? Error.Conflict($"Team {id} is already called '{name}'.", "name") : null;
    }

    /// <summary>Inside a write: makes exactly these agents the team's members.</summary>
    public static async Task SetMembersAsync(FrontdeskDbContext w, Team team, IReadOnlyCollection<long> memberIds, CancellationToken ct)
    {
        var affected = await w.Agents.Include(a => a.Teams)
            .Where(a => memberIds.Contains(a.Id) || a.Teams.Any(t => t.Id == team.Id))
            .ToListAsync(ct);
        foreach (var agent in affected)
        {
            var others = agent.Teams.Where(t => t.Id != team.Id);
            agent.SetTeams(memberIds.Contains(agent.Id) ? others.Append(team) : others);
        }
    }
}
