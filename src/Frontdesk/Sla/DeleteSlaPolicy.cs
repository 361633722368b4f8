using Frontdesk.Api;
using Frontdesk.Data;
using Frontdesk.Domain.Common;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace Frontdesk.Sla;

/// <summary>
/// Deletes a policy. Its running clocks go with it (their tickets lose the due time it gave them); stopped clocks
/// stay, with the outcome they had, for reporting.
/// </summary>
public static class DeleteSlaPolicy
{
    public static async Task<Results<NoContent, ProblemHttpResult>> HandleAsync(long id, IDatabaseWriter writer, SlaCatalog catalog, TimeProvider clock, CancellationToken ct)
    {
        var deleted = await writer.WriteAsync<bool>(async (w, ct) =>
        {
            var policy = await w.SlaPolicies.FirstOrDefaultAsync(p => p.Id == id, ct);
            if (policy is null)
            {
                return Error.NotFound("SLA policy", id, "id");
            }

            var now = clock.GetUtcNow();
            w.SlaPolicies.Remove(policy);
            await w.SaveChangesAsync(ct);
            await SlaPolicyInputs.PlaceAsync(w, null, null, now, ct);
            await w.SaveChangesAsync(ct);
            await SlaRecalculation.ApplyAsync(w, [id], now, ct);
            return true;
        }, ct);

        if (!deleted.IsSuccess)
        {
            return deleted.Error!.ToProblem();
        }

        catalog.Invalidate();
        return TypedResults.NoContent();
    }
}
