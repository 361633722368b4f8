using Frontdesk.Api;
using Frontdesk.Data;
using Frontdesk.Domain.Common;
using Frontdesk.Domain.Sla;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace Frontdesk.Sla;

public sealed record CreateCalendarRequest(string? Name, string? TimeZone, Dictionary<string, List<OpeningHoursInput?>?>? Hours, List<HolidayInput?>? Holidays);

/// <summary>Adds a business calendar: a time zone, opening hours per weekday, holidays.</summary>
public static class CreateCalendar
{
    public static async Task<Results<Created<CalendarDto>, ProblemHttpResult>> HandleAsync(
        CreateCalendarRequest request, IDatabaseWriter writer, TimeProvider clock, CancellationToken ct)
    {
        var errors = new ValidationErrors();
        var name = errors.RequireText("name", request.Name, CalendarInputs.NameLength);
        var zone = CalendarInputs.TimeZone(errors, request.TimeZone);
        var hours = CalendarInputs.Hours(errors, request.Hours);
        var holidays = CalendarInputs.Holidays(errors, request.Holidays);
        if (errors.Any)
        {
            return errors.ToProblem();
        }

        var conflict = Error.Conflict($"A calendar named '{name}' already exists.", "name");
        var created = await writer.WriteAsync<BusinessCalendar>(async (w, ct) =>
        {
            if (await w.BusinessCalendars.AnyAsync(c => c.Name == name, ct))
            {
                return conflict;
            }

            var calendar = new BusinessCalendar(name!, zone!, hours!, holidays!, clock.GetUtcNow());
            w.BusinessCalendars.Add(calendar);
            return await w.SaveOrConflictAsync(conflict, ct) is { } lost ? lost : calendar;
        }, ct);

        return created.IsSuccess
            ? TypedResults.Created($"/api/v1/calendars/{created.Value.Id}", CalendarDto.From(created.Value))
            : created.Error!.ToProblem();
    }
}
