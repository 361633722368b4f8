using Frontdesk.Api;
using Frontdesk.Data;
using Frontdesk.Domain.Automation;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace Frontdesk.Automation.TimeDriven;

/// <summary>All automations in order (inactive ones too), or one.</summary>
public static class ListAutomations
{
    public static async Task<Ok<List<AutomationDto>>> HandleAsync(FrontdeskDbContext db, CancellationToken ct)
    {
        var all = await db.Set<TimedAutomation>().AsNoTracking().OrderBy(a => a.Position).ThenBy(a => a.Id).ToListAsync(ct);
        return TypedResults.Ok(all.Select(AutomationDto.From).ToList());
    }

    public static async Task<Results<Ok<AutomationDto>, ProblemHttpResult>> GetAsync(long id, FrontdeskDbContext db, CancellationToken ct)
    {
        var automation = await db.Set<TimedAutomation>().AsNoTracking().FirstOrDefaultAsync(a => a.Id == id, ct);
        return automation is null ? Problems.NotFound("Automation", id) : TypedResults.Ok(AutomationDto.From(automation));
    }
}
