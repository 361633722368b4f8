using Frontdesk.Api;
using Frontdesk.Automation.TimeDriven;
using Frontdesk.Data;
using Frontdesk.Domain.Common;
using Frontdesk.Domain.Sla;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace Frontdesk.Sla;

/// <summary>Absent fields stay; hours and holidays, when given, replace the whole week and the whole list.</summary>
public sealed record UpdateCalendarRequest(
    Optional<string?> Name,
    Optional<string?> TimeZone,
    Optional<Dictionary<string, List<OpeningHoursInput?>?>?> Hours,
    Optional<List<HolidayInput?>?> Holidays);

/// <summary>
/// Changes a calendar. The running clocks of every policy that counts in it are measured again at once, so a
/// holiday added today moves tomorrow's due times.
/// </summary>
public static class UpdateCalendar
{
    public static async Task<Results<Ok<CalendarDto>, ProblemHttpResult>> HandleAsync(
        long id, UpdateCalendarRequest request, IDatabaseWriter writer, SlaCatalog catalog, AutomationCatalog automations, SlaSignal signal, TimeProvider clock, CancellationToken ct)
    {
        var errors = new ValidationErrors();
        var name = request.Name.IsSet ? errors.RequireText("name", request.Name.Value, CalendarInputs.NameLength) : null;
        var zone = request.TimeZone.IsSet ? CalendarInputs.TimeZone(errors, request.TimeZone.Value) : null;
        var hours = request.Hours.IsSet ? CalendarInputs.Hours(errors, request.Hours.Value) : null;
        var holidays = request.Holidays.IsSet ? CalendarInputs.Holidays(errors, request.Holidays.Value) : null;
        if (errors.Any)
        {
            return errors.ToProblem();
        }

        var conflict = Error.Conflict($"A calendar named '{name}' already exists.", "name");
        var updated = await writer.WriteAsync<BusinessCalendar>(async (w, ct) =>
        {
            var calendar = await w.BusinessCalendars.FirstOrDefaultAsync(c => c.Id == id, ct);
            if (calendar is null)
            {
                return Error.NotFound("Calendar", id, "id");
            }

            if (name is not null && await w.BusinessCalendars.AnyAsync(c => c.Name == name && c.Id != id, ct))
            {
                return conflict;
            }

            var now = clock.GetUtcNow();
            calendar.Update(name, zone, hours, holidays, now);
            if (await w.SaveOrConflictAsync(conflict, ct) is { } lost)
            {
                return lost;
            }

            if (zone is not null || hours is not null || holidays is not null)
            {
                var policies = await w.SlaPolicies.Where(p => p.CalendarId == id).Select(p => p.Id).ToListAsync(ct);
                await SlaRecalculation.ApplyAsync(w, policies, now, ct);
            }

            return calendar;
        }, ct);

        if (!updated.IsSuccess)
        {
            return updated.Error!.ToProblem();
        }

        catalog.Invalidate();
        automations.Invalidate();
        signal.Wake();
        return TypedResults.Ok(CalendarDto.From(updated.Value));
    }
}
