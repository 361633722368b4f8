using Frontdesk.Api;
using Frontdesk.Automation.TimeDriven;
using Frontdesk.Data;
using Frontdesk.Domain.Common;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace Frontdesk.Sla;

/// <summary>Deletes a calendar no policy counts in; one still in use is a conflict naming the policies.</summary>
public static class DeleteCalendar
{
    public static async Task<Results<NoContent, ProblemHttpResult>> HandleAsync(long id, IDatabaseWriter writer, SlaCatalog catalog, AutomationCatalog automations, CancellationToken ct)
    {
        var deleted = await writer.WriteAsync<bool>(async (w, ct) =>
        {
            var calendar = await w.BusinessCalendars.FirstOrDefaultAsync(c => c.Id == id, ct);
            if (calendar is null)
            {
                return Error.NotFound("Calendar", id, "id");
            }

            var users = await w.SlaPolicies.Where(p => p.CalendarId == id).OrderBy(p => p.Position).Select(p => p.Name).ToListAsync(ct);
            if (users.Count > 0)
            {
                return Error.Conflict($"Calendar '{calendar.Name}' is used by the SLA policies {string.Join(", ", users.Select(u => $"'{u}'"))}; give them another calendar first.", "id");
            }

            w.BusinessCalendars.Remove(calendar);
            await w.SaveChangesAsync(ct);
            return true;
        }, ct);

        if (!deleted.IsSuccess)
        {
            return deleted.Error!.ToProblem();
        }

        catalog.Invalidate();
        automations.Invalidate();
        return TypedResults.NoContent();
    }
}
