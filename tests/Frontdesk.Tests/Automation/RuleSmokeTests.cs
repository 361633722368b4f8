using Frontdesk.Tests.Infrastructure;
using static Frontdesk.Tests.Automation.RuleApi;

namespace Frontdesk.Tests.Automation;

public sealed class RuleSmokeTests(FrontdeskFactory app) : IClassFixture<FrontdeskFactory>
{
    [Fact]
    public async Task Rule_SetsPriority_WhenSubjectMatches()
    {
        var marker = Marker();
        var admin = app.Admin();
        var rule = await admin.CreateRuleAsync(Rule("Urgent refunds", ["ticketCreated"], All(Guard(marker), Leaf("subject", "contains", "refund")), Action("setPriority", new { value = "urgent" })));

        var ticket = await admin.CreateTicketAsync($"Refund please {marker}");

        Assert.Equal("urgent", (await admin.TicketAsync(ticket.Id()))["priority"].Str());
        var entry = Assert.Single(await admin.ByRuleAsync(ticket.Id(), rule["id"]!.GetValue<long>()));
        Assert.Equal("priority", entry["field"].Str());
        Assert.Equal("Urgent refunds", entry["actorName"].Str());
        Assert.Equal("ticketCreated", entry.Inputs()["trigger"].Str());
    }
}
