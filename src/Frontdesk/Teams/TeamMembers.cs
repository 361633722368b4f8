using Frontdesk.Api;
using Frontdesk.Data;
using Frontdesk.Domain.Common;
using Frontdesk.Domain.Routing;
using Frontdesk.Routing;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace Frontdesk.Teams;

public sealed record AddMemberRequest(long? AgentId);

/// <summary>
/// Adds one agent to a team or takes one out, without restating the whole member list. A new member who can take
/// tickets gets the team's waiting ones in the same write.
/// </summary>
public static class TeamMembers
{
    public static async Task<Results<Ok<TeamDto>, ProblemHttpResult>> AddAsync(
        long id, AddMemberRequest request, FrontdeskDbContext db, IDatabaseWriter writer, TicketRouter router, TimeProvider clock, CancellationToken ct)
    {
        if (request.AgentId is not { } agentId)
        {
            return Problems.Invalid("agentId", "'agentId' is required.");
        }

        var added = await writer.WriteAsync<bool>(async (w, ct) =>
        {
            var team = await w.Teams.FirstOrDefaultAsync(t => t.Id == id, ct);
            if (team is null)
            {
                return Error.NotFound("Team", id, "id");
            }

            var agent = await w.Agents.Include(a => a.Teams).Include(a => a.Skills).AsSplitQuery().FirstOrDefaultAsync(a => a.Id == agentId, ct);
            if (agent is null)
            {
                return Error.Invalid("agentId", $"Agent {agentId} does not exist.");
            }

            if (agent.Teams.All(t => t.Id != id))
            {
                var before = AgentRoom.Of(agent);
                agent.SetTeams(agent.Teams.Append(team).ToList());
                await w.SaveChangesAsync(ct);
                var (teams, cause) = before.Gained(agent);
                await router.DrainAsync(w, teams, cause, clock.GetUtcNow(), ct);
            }

            return true;
        }, ct);

        return added.IsSuccess ? TypedResults.Ok((await TeamReads.FindDtoAsync(db, id, ct))!) : added.Error!.ToProblem();
    }

    public static async Task<Results<NoContent, ProblemHttpResult>> RemoveAsync(long id, long agentId, IDatabaseWriter writer, CancellationToken ct)
    {
        var removed = await writer.WriteAsync<bool>(async (w, ct) =>
        {
            if (!await w.Teams.AnyAsync(t => t.Id == id, ct))
            {
                return Error.NotFound("Team", id, "id");
            }

            var agent = await w.Agents.Include(a => a.Teams).FirstOrDefaultAsync(a => a.Id == agentId && a.Teams.Any(t => t.Id == id), ct);
            if (agent is null)
            {
                return Error.NotFound("Team member", agentId, "agentId");
            }

            agent.SetTeams(agent.Teams.Where(t => t.Id != id).ToList());
            await w.SaveChangesAsync(ct);
            return true;
        }, ct);

        return removed.IsSuccess ? TypedResults.NoContent() : removed.Error!.ToProblem();
    }
}
