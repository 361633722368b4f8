using Frontdesk.Api;
using Frontdesk.Data;
using Frontdesk.Domain.Common;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace Frontdesk.Settings;

/// <summary>Deletes a category nobody uses: refused while tickets are filed under it or it has subcategories.</summary>
public static class DeleteCategory
{
    public static async Task<Results<NoContent, ProblemHttpResult>> HandleAsync(long id, IDatabaseWriter writer, CancellationToken ct)
    {
        var deleted = await writer.WriteAsync<bool>(async (w, ct) =>
        {
            var category = await w.Categories.FirstOrDefaultAsync(c => c.Id == id, ct);
            if (category is null)
            {
                return Error.NotFound("Category", id, "id");
            }

            var tickets = await w.Tickets.CountAsync(t => t.CategoryId == id, ct);
            if (tickets > 0)
            {
                return Error.Conflict($"{tickets} ticket(s) are filed under this category; move them to another category first.", "id");
            }

            if (await w.Categories.AnyAsync(c => c.ParentId == id, ct))
            {
                return Error.Conflict("This category has subcategories; move or delete them first.", "id");
            }

            w.Categories.Remove(category);
            await w.SaveChangesAsync(ct);
            return true;
        }, ct);

        return deleted.IsSuccess ? TypedResults.NoContent() : deleted.Error!.ToProblem();
    }
}
