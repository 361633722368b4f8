using System.Security.Claims;
using Frontdesk.Api;
using Frontdesk.Data;
using Frontdesk.Domain.Common;
using Frontdesk.Identity;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace Frontdesk.Teams;

/// <summary>
/// Deletes a team. Its members stay agents; its tickets stay too, each without a team and with a history
/// entry saying why (the database would clear the column silently).
/// </summary>
public static class DeleteTeam
{
    public const string Reason = "Team deleted";

    public static async Task<Results<NoContent, ProblemHttpResult>> HandleAsync(
        long id, ClaimsPrincipal user, IDatabaseWriter writer, TimeProvider clock, CancellationToken ct)
    {
        var actor = user.Actor();
        var deleted = await writer.WriteAsync<bool>(async (w, ct) =>
        {
            var team = await w.Teams.FirstOrDefaultAsync(t => t.Id == id, ct);
            if (team is null)
            {
                return Error.NotFound("Team", id, "id");
            }

            var now = clock.GetUtcNow();
            foreach (var ticket in await w.Tickets.Where(t => t.TeamId == id).ToListAsync(ct))
            {
                ticket.SetTeam(null, actor, now, Reason);
            }

            await TeamInputs.SetMembersAsync(w, team, [], ct);
            w.Teams.Remove(team);
            await w.SaveChangesAsync(ct);
            return true;
        }, ct);

        return deleted.IsSuccess ? TypedResults.NoContent() : deleted.Error!.ToProblem();
    }
}
