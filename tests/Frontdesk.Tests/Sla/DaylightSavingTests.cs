using Frontdesk.Tests.Infrastructure;

namespace Frontdesk.Tests.Sla;

/// <summary>End to end over Berlin's clock changes of 2026 (29 March and 25 October), with its own clock.</summary>
public sealed class DaylightSavingTests(FrontdeskFactory app) : IClassFixture<FrontdeskFactory>
{
    private static readonly TimeSpan Cet = TimeSpan.FromHours(1);
    private static readonly TimeSpan Cest = TimeSpan.FromHours(2);

    [Fact]
    public async Task FourOfficeHoursFromFridayAfternoon_AreDueAtMondayNoonLocalTime_OverBothClockChanges()
    {
        var calendar = await app.OfficeCalendarAsync("Europe/Berlin");
        await app.PolicyForAllAsync(firstResponse: 4 * 60, calendarId: calendar);

        // Spring: Friday 16:00 CET; one hour on Friday, three on Monday from 09:00 CEST.
        await ExpectBreachAtAsync(new DateTimeOffset(2026, 3, 27, 16, 0, 0, Cet), new DateTimeOffset(2026, 3, 30, 12, 0, 0, Cest));

        // Autumn: Friday 16:00 CEST; Monday noon is CET, an hour later in UTC than the same wall time in summer.
        await ExpectBreachAtAsync(new DateTimeOffset(2026, 10, 23, 16, 0, 0, Cest), new DateTimeOffset(2026, 10, 26, 12, 0, 0, Cet));
    }

    private async Task ExpectBreachAtAsync(DateTimeOffset created, DateTimeOffset due)
    {
        await app.MoveToAsync(created);
        var ticket = await app.Admin().CreateTicketAsync("Across the clock change");

        var sla = await app.SlaOfAsync(ticket.Id());
        Assert.Equal(due, sla["firstResponse"]!["dueAt"].Time());
        Assert.Equal(due, (await app.TicketAsync(ticket.Id()))["dueAt"].Time());

        await app.MoveToAsync(due.AddMinutes(-1));
        Assert.Empty(await app.EventsAsync(ticket.Id(), "sla_breached"));
        Assert.Equal(60, (await app.SlaOfAsync(ticket.Id()))["firstResponse"]!["remainingSeconds"]!.GetValue<long>());
        await app.MoveToAsync(due);
        var breach = Assert.Single(await app.EventsAsync(ticket.Id(), "sla_breached"));
        Assert.Equal(due, breach["at"].Time());
    }
}
