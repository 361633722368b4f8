using System.Security.Claims;
using Frontdesk.Api;
using Frontdesk.Data;
using Frontdesk.Domain.Common;
using Frontdesk.Identity;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace Frontdesk.Organizations;

/// <summary>
/// Deletes an organization. Its contacts stay, without an organization; its tickets stay too, each with a
/// history entry saying the organization was removed (the database would clear the column silently).
/// </summary>
public static class DeleteOrganization
{
    public const string Reason = "Organization deleted";

    public static async Task<Results<NoContent, ProblemHttpResult>> HandleAsync(
        long id, ClaimsPrincipal user, IDatabaseWriter writer, TimeProvider clock, CancellationToken ct)
    {
        var actor = user.Actor();
        var deleted = await writer.WriteAsync<bool>(async (w, ct) =>
        {
            var organization = await w.Organizations.FirstOrDefaultAsync(o => o.Id == id, ct);
            if (organization is null)
            {
                return Error.NotFound("Organization", id, "id");
            }

            var now = clock.GetUtcNow();
            foreach (var ticket in await w.Tickets.Where(t => t.OrganizationId == id).ToListAsync(ct))
            {
                ticket.SetOrganization(null, actor, now, Reason);
            }

            foreach (var contact in await w.Contacts.Where(c => c.OrganizationId == id).ToListAsync(ct))
            {
                contact.Update(null, null, setOrganization: true, now);
            }

            w.Organizations.Remove(organization);
            await w.SaveChangesAsync(ct);
            return true;
        }, ct);

        return deleted.IsSuccess ? TypedResults.NoContent() : deleted.Error!.ToProblem();
    }
}
