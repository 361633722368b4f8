using System.Security.Claims;
using Frontdesk.Api;
using Frontdesk.Data;
using Frontdesk.Identity;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace Frontdesk.Agents;

/// <summary>q matches part of the name or email.</summary>
public sealed record AgentQuery(string? Q, bool? Active, long? TeamId);

/// <summary>The team's agents (a helpdesk has tens or hundreds, so one list, by name), one agent, or the caller.</summary>
public static class ListAgents
{
    public static async Task<Ok<List<AgentDto>>> HandleAsync([AsParameters] AgentQuery query, FrontdeskDbContext db, CancellationToken ct)
    {
        var agents = db.Agents.AsQueryable();
        if (!string.IsNullOrWhiteSpace(query.Q))
        {
            var like = LikePatterns.Containing(query.Q.Trim().ToLowerInvariant());
            agents = agents.Where(a => EF.Functions.Like(a.Name.ToLower(), like, LikePatterns.Escape) || EF.Functions.Like(a.Email, like, LikePatterns.Escape));
        }

        if (query.Active is { } active)
        {
            agents = agents.Where(a => a.IsActive == active);
        }

        if (query.TeamId is { } teamId)
        {
            agents = agents.Where(a => a.Teams.Any(t => t.Id == teamId));
        }

        var items = await agents.ToDtosAsync(ct);
        return TypedResults.Ok(items.OrderBy(a => a.Name, StringComparer.OrdinalIgnoreCase).ThenBy(a => a.Id).ToList());
    }

    public static async Task<Results<Ok<AgentDto>, ProblemHttpResult>> GetAsync(long id, FrontdeskDbContext db, CancellationToken ct)
    {
        var dto = await AgentReads.FindDtoAsync(db, id, ct);
        return dto is null ? Problems.NotFound("Agent", id) : TypedResults.Ok(dto);
    }

    public static async Task<Results<Ok<AgentDto>, ProblemHttpResult>> MeAsync(ClaimsPrincipal user, FrontdeskDbContext db, CancellationToken ct)
    {
        var dto = user.AgentId() is { } id ? await AgentReads.FindDtoAsync(db, id, ct) : null;
        return dto is null ? Problems.NotFound("Agent", "me") : TypedResults.Ok(dto);
    }
}
