using System.Security.Claims;
using Frontdesk.Api;
using Frontdesk.Data;
using Frontdesk.Domain.Common;
using Frontdesk.Sla;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace Frontdesk.Tickets;

/// <summary>One ticket, with its ETag for a later conditional PATCH.</summary>
public static class GetTicket
{
    public static async Task<Results<Ok<TicketDto>, ProblemHttpResult>> HandleAsync(
        long id, ClaimsPrincipal user, FrontdeskDbContext db, IAuthorizationService auth, SlaCatalog sla, TimeProvider clock, HttpContext http, CancellationToken ct)
    {
        var access = await TicketGate.CheckAsync(db, auth, user, id, TicketOperations.Read, ct);
        if (access is not null)
        {
            return access.ToProblem();
        }

        var dto = await TicketReads.FindDtoAsync(db, id, ct);
        if (dto is null)
        {
            return Problems.NotFound("Ticket", id);
        }

        http.Response.Headers.ETag = dto.ETag;
        return TypedResults.Ok(await dto.WithSlaAsync(user, db, sla, clock, ct));
    }
}

/// <summary>Loads a ticket just enough to authorise an operation on it; hidden tickets look absent, not forbidden.</summary>
public static class TicketGate
{
    public static async Task<Error?> CheckAsync(
        FrontdeskDbContext db, IAuthorizationService auth, ClaimsPrincipal user, long id, Microsoft.AspNetCore.Authorization.Infrastructure.OperationAuthorizationRequirement operation, CancellationToken ct)
    {
        var ticket = await db.Tickets.AsNoTracking().FirstOrDefaultAsync(t => t.Id == id, ct);
        if (ticket is null || !(await auth.AuthorizeAsync(user, ticket, TicketOperations.Read)).Succeeded)
        {
            return Error.NotFound("Ticket", id, "id");
        }

        if (operation != TicketOperations.Read && !(await auth.AuthorizeAsync(user, ticket, operation)).Succeeded)
        {
            return new Error(ErrorKind.Forbidden, $"You may not {operation.Name.ToLowerInvariant()} on this ticket.");
        }

        return null;
    }
}
