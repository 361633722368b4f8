using Frontdesk.Api;
using Frontdesk.Data;
using Frontdesk.Domain.Common;
using Frontdesk.Domain.Tickets;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace Frontdesk.Settings;

/// <summary>Removes a field definition. Values on existing tickets and their history stay; new writes no longer accept the key.</summary>
public static class DeleteCustomField
{
    public static async Task<Results<NoContent, ProblemHttpResult>> HandleAsync(long id, IDatabaseWriter writer, CancellationToken ct)
    {
        var deleted = await writer.WriteAsync<bool>(async (w, ct) =>
        {
            var field = await w.CustomFields.FirstOrDefaultAsync(f => f.Id == id, ct);
            if (field is null)
            {
                return Error.NotFound("Custom field", id, "id");
            }

            w.CustomFields.Remove(field);
            await w.SaveChangesAsync(ct);
            return true;
        }, ct);

        return deleted.IsSuccess ? TypedResults.NoContent() : deleted.Error!.ToProblem();
    }
}
