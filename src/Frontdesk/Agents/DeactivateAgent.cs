using System.Security.Claims;
using Frontdesk.Api;
using Frontdesk.Data;
using Frontdesk.Domain.Common;
using Frontdesk.Identity;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Caching.Memory;

namespace Frontdesk.Agents;

/// <summary>
/// Removing an agent deactivates them: their name stays on the history and messages they wrote, they can no
/// longer sign in or use their tokens, and they cannot be assigned. Their open tickets keep them as assignee
/// until someone reassigns them. PATCH isActive=true brings them back.
/// </summary>
public static class DeactivateAgent
{
    public static async Task<Results<NoContent, ProblemHttpResult>> HandleAsync(
        long id, ClaimsPrincipal user, FrontdeskDbContext db, IDatabaseWriter writer, IMemoryCache cache, HttpContext http, CancellationToken ct)
    {
        if (id == user.AgentId())
        {
            return Error.Conflict("You cannot deactivate yourself; another admin can.", "id").ToProblem();
        }

        var deactivated = await writer.WriteAsync<bool>(async (w, ct) =>
        {
            var agent = await w.Agents.FirstOrDefaultAsync(a => a.Id == id, ct);
            if (agent is null)
            {
                return Error.NotFound("Agent", id, "id");
            }

            if (!agent.IsActive)
            {
                return true;
            }

            agent.Update(null, null, isActive: false);
            await w.SaveChangesAsync(ct);
            using var accounts = Accounts.In(w, http.RequestServices);
            foreach (var account in await w.Users.Where(u => u.AgentId == id).ToListAsync(ct))
            {
                await accounts.UpdateSecurityStampAsync(account);
            }

            return true;
        }, ct);

        if (!deactivated.IsSuccess)
        {
            return deactivated.Error!.ToProblem();
        }

        await ApiTokens.ForgetUsersAsync(db, cache, await db.Users.Where(u => u.AgentId == id).Select(u => u.Id).ToListAsync(ct), ct);
        return TypedResults.NoContent();
    }
}
