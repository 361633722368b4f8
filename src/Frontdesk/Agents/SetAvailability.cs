using System.Security.Claims;
using Frontdesk.Api;
using Frontdesk.Data;
using Frontdesk.Domain.Agents;
using Frontdesk.Domain.Common;
using Frontdesk.Domain.Routing;
using Frontdesk.Identity;
using Frontdesk.Routing;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace Frontdesk.Agents;

public sealed record SetAvailabilityRequest(AgentAvailability? Availability);

/// <summary>
/// The signed-in agent says whether they take tickets now: online, away or offline. Coming online gives their
/// teams' waiting tickets to them (or to others) in the same write. Admins set anyone's with PATCH /agents/{id}.
/// </summary>
public static class SetAvailability
{
    public static async Task<Results<Ok<AgentDto>, ProblemHttpResult>> HandleAsync(
        SetAvailabilityRequest request, ClaimsPrincipal user, FrontdeskDbContext db, IDatabaseWriter writer, TicketRouter router, TimeProvider clock, CancellationToken ct)
    {
        if (request.Availability is not { } availability)
        {
            return Problems.Invalid("availability", "'availability' is required: online, away or offline.");
        }

        if (user.AgentId() is not { } id)
        {
            return Problems.NotFound("Agent", "me");
        }

        var updated = await writer.WriteAsync<bool>(async (w, ct) =>
        {
            var agent = await w.Agents.Include(a => a.Teams).Include(a => a.Skills).AsSplitQuery().FirstOrDefaultAsync(a => a.Id == id, ct);
            if (agent is null)
            {
                return Error.NotFound("Agent", "me");
            }

            var before = AgentRoom.Of(agent);
            agent.SetAvailability(availability);
            var (teams, cause) = before.Gained(agent);
            await router.DrainAsync(w, teams, cause, clock.GetUtcNow(), ct);
            return true;
        }, ct);

        return updated.IsSuccess ? TypedResults.Ok((await AgentReads.FindDtoAsync(db, id, ct))!) : updated.Error!.ToProblem();
    }
}
