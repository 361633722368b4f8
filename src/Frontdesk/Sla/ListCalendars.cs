using Frontdesk.Api;
using Frontdesk.Data;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace Frontdesk.Sla;

/// <summary>All business calendars by name, or one.</summary>
public static class ListCalendars
{
    public static async Task<Ok<List<CalendarDto>>> HandleAsync(FrontdeskDbContext db, CancellationToken ct)
    {
        var calendars = await db.BusinessCalendars.AsNoTracking().ToListAsync(ct);
        return TypedResults.Ok(calendars.OrderBy(c => c.Name, StringComparer.OrdinalIgnoreCase).Select(CalendarDto.From).ToList());
    }

    public static async Task<Results<Ok<CalendarDto>, ProblemHttpResult>> GetAsync(long id, FrontdeskDbContext db, CancellationToken ct) =>
        await db.BusinessCalendars.AsNoTracking().FirstOrDefaultAsync(c => c.Id == id, ct) is { } calendar
            ? TypedResults.Ok(CalendarDto.From(calendar))
            : Problems.NotFound("Calendar", id);
}
