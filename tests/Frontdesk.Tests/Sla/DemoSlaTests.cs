using Frontdesk.Tests.Demo;
using Frontdesk.Tests.Identity;
using Frontdesk.Tests.Infrastructure;

namespace Frontdesk.Tests.Sla;

public sealed class DemoSlaTests(DemoFactory app) : IClassFixture<DemoFactory>
{
    [Fact]
    public async Task DemoWorkspace_HasOfficeHoursAndPolicies_ThatMeasureNewTickets()
    {
        var policies = await (await app.Admin().GetAsync("/api/v1/sla-policies")).ExpectArrayAsync();
        var calendars = await (await app.Admin().GetAsync("/api/v1/calendars")).ExpectArrayAsync();

        Assert.Equal(["VIP customers", "Standard support"], policies.Select(p => p!["name"].Str()));
        var calendar = Assert.Single(calendars)!;
        Assert.Equal("America/New_York", calendar["timeZone"].Str());
        Assert.Equal(calendar["id"]!.GetValue<long>(), policies[1]!["calendarId"]!.GetValue<long>());

        var ticket = await app.Admin().CreateTicketAsync("Measured from the start");
        Assert.Equal("Standard support", (await app.SlaOfAsync(ticket.Id()))["policyName"].Str());
    }
}
