using System.Text.Json.Nodes;
using Frontdesk.Tests.Infrastructure;
using Frontdesk.Tests.Sla;
using static Frontdesk.Tests.Automation.RuleApi;

namespace Frontdesk.Tests.Automation;

/// <summary>"Within business hours" follows the calendar of the SLA policy covering the ticket (its own app: it moves the clock).</summary>
public sealed class RuleBusinessHoursTests(FrontdeskFactory app) : IClassFixture<FrontdeskFactory>
{
    private static string[] Tags(JsonObject ticket) => ticket["tags"]!.AsArray().Select(t => t.Str()).ToArray();

    [Fact]
    public async Task WithinBusinessHours_FollowsTheSlaPolicysCalendar_AcrossTheWeekend()
    {
        var marker = Marker();
        await app.ClearPoliciesAsync();
        await app.PolicyForAllAsync(firstResponse: 240, calendarId: await app.OfficeCalendarAsync("Europe/Berlin"));
        await app.Admin().CreateRuleAsync(Rule("in hours", ["ticketCreated"], All(Guard(marker), Leaf("withinBusinessHours", "is", true)), Action("addTags", new { tags = new[] { "in-hours" } })));
        await app.Admin().CreateRuleAsync(Rule("after hours", ["ticketCreated"], All(Guard(marker), Leaf("withinBusinessHours", "is", false)), Action("addTags", new { tags = new[] { "after-hours" } })));

        app.Clock.SetUtcNow(app.NextLocal(DayOfWeek.Wednesday, 10, 30));
        Assert.Equal(["in-hours"], Tags(await app.Admin().CreateTicketAsync($"Morning {marker}")));

        app.Clock.SetUtcNow(app.NextLocal(DayOfWeek.Wednesday, 17, 30));
        Assert.Equal(["after-hours"], Tags(await app.Admin().CreateTicketAsync($"Evening {marker}")));

        app.Clock.SetUtcNow(app.NextLocal(DayOfWeek.Saturday, 11, 0));
        Assert.Equal(["after-hours"], Tags(await app.Admin().CreateTicketAsync($"Weekend {marker}")));
    }
}
