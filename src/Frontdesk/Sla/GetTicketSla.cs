using System.Security.Claims;
using Frontdesk.Api;
using Frontdesk.Data;
using Frontdesk.Tickets;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Frontdesk.Sla;

/// <summary>A ticket's SLA in full: every clock, including earlier next-response rounds and completed targets.</summary>
public static class GetTicketSla
{
    public static async Task<Results<Ok<TicketSlaDto>, ProblemHttpResult>> HandleAsync(
        long id, ClaimsPrincipal user, FrontdeskDbContext db, IAuthorizationService auth, SlaCatalog catalog, TimeProvider clock, CancellationToken ct)
    {
        var access = await TicketGate.CheckAsync(db, auth, user, id, TicketOperations.Read, ct);
        if (access is not null)
        {
            return access.ToProblem();
        }

        var sla = await TicketSlaReads.FindAsync(db, catalog, id, clock.GetUtcNow(), ct);
        return TypedResults.Ok(sla ?? new TicketSlaDto(null, null, null, null, null) { Clocks = [] });
    }
}
