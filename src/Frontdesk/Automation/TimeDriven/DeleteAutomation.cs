using Frontdesk.Api;
using Frontdesk.Data;
using Frontdesk.Domain.Automation;
using Frontdesk.Domain.Common;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace Frontdesk.Automation.TimeDriven;

/// <summary>Deletes an automation with its due rows; what it did stays in the tickets' history under its name.</summary>
public static class DeleteAutomation
{
    public static async Task<Results<NoContent, ProblemHttpResult>> HandleAsync(long id, IDatabaseWriter writer, AutomationCatalog catalog, CancellationToken ct)
    {
        var deleted = await writer.WriteAsync<bool>(async (w, ct) =>
        {
            w.AfterCommit(catalog.Invalidate);
            var all = await w.Set<TimedAutomation>().OrderBy(a => a.Position).ThenBy(a => a.Id).ToListAsync(ct);
            var automation = all.FirstOrDefault(a => a.Id == id);
            if (automation is null)
            {
                return Error.NotFound("Automation", id, "id");
            }

            w.Set<AutomationDue>().RemoveRange(await w.Set<AutomationDue>().Where(d => d.AutomationId == id).ToListAsync(ct));
            w.Set<TimedAutomation>().Remove(automation);
            all.Remove(automation);
            AutomationOrder.Renumber(all);
            await w.SaveChangesAsync(ct);
            return true;
        }, ct);

        return deleted.IsSuccess ? TypedResults.NoContent() : deleted.Error!.ToProblem();
    }
}
