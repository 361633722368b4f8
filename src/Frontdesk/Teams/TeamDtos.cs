using Frontdesk.Api;
using Frontdesk.Data;
using Frontdesk.Domain.Agents;
using Frontdesk.Domain.Common;
using Frontdesk.Domain.Routing;
using Microsoft.EntityFrameworkCore;

namespace Frontdesk.Teams;

public sealed record MemberRef(long Id, string Name, string Email, bool IsActive, AgentAvailability Availability, int Capacity);

/// <summary>assignment: how the team's tickets find an agent; loadWeights: what one ticket per status weighs in an agent's load.</summary>
public sealed record TeamDto(long Id, string Name, string? Description, IReadOnlyList<MemberRef> Members, AssignmentStrategy Assignment, LoadWeights LoadWeights);

/// <summary>Weights of one assigned ticket per status (0–100); an absent status keeps its default (new 1, open 1, pending 0.5, onHold 0.5).</summary>
public sealed record LoadWeightsInput(double? New, double? Open, double? Pending, double? OnHold);

public static class TeamReads
{
    public static async Task<List<TeamDto>> ToDtosAsync(this IQueryable<Team> teams, FrontdeskDbContext db, CancellationToken ct)
    {
        var rows = await teams.AsNoTracking().ToListAsync(ct);
        var ids = rows.Select(t => t.Id).ToList();
        var agents = await db.Agents.AsNoTracking().Include(a => a.Teams).Where(a => a.Teams.Any(t => ids.Contains(t.Id))).ToListAsync(ct);
        var members = agents.SelectMany(a => a.Teams.Select(t => new { TeamId = t.Id, a.Id, a.Name, a.Email, a.IsActive, a.Availability, a.Capacity })).ToList();
        return rows
            .OrderBy(t => t.Name, StringComparer.OrdinalIgnoreCase)
            .Select(t => new TeamDto(
                t.Id,
                t.Name,
                string.IsNullOrEmpty(t.Description) ? null : t.Description,
                members.Where(m => m.TeamId == t.Id).OrderBy(m => m.Name, StringComparer.OrdinalIgnoreCase).Select(m => new MemberRef(m.Id, m.Name, m.Email, m.IsActive, m.Availability, m.Capacity)).ToList(),
                t.Assignment,
                t.LoadWeights))
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

    /// <summary>Checks the weights (each finite, 0–100); returns them with defaults filled in, or null after recording why.</summary>
    public static LoadWeights? CheckWeights(ValidationErrors errors, LoadWeightsInput input)
    {
        var d = LoadWeights.Default;
        var weights = new LoadWeights(input.New ?? d.New, input.Open ?? d.Open, input.Pending ?? d.Pending, input.OnHold ?? d.OnHold);
        var ok = true;
        foreach (var (field, value) in new[] { ("new", weights.New), ("open", weights.Open), ("pending", weights.Pending), ("onHold", weights.OnHold) })
        {
            if (!LoadWeights.IsValid(value))
            {
                errors.Add($"loadWeights.{field}", $"'loadWeights.{field}' is a weight from 0 to {LoadWeights.Max}.");
                ok = false;
            }
        }

        return ok ? weights : null;
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
