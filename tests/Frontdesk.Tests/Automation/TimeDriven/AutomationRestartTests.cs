using Frontdesk.Automation.TimeDriven;
using Frontdesk.Tests.Infrastructure;
using Frontdesk.Tests.Sla;
using Microsoft.Extensions.DependencyInjection;
using static Frontdesk.Tests.Automation.RuleApi;

namespace Frontdesk.Tests.Automation.TimeDriven;

/// <summary>The runner works from durable state: a node that takes over runs what is due, and nothing twice.</summary>
public sealed class AutomationRestartTests(FrontdeskFactory app) : IClassFixture<FrontdeskFactory>
{
    [Fact]
    public async Task ANodeStartedLater_RunsDueAutomationsFromTheDatabase_AndDoesNotRepeatWhatRan()
    {
        var marker = Marker();
        var admin = app.Admin();
        var first = await admin.CreateAutomationAsync(AutomationKit.Automation(
            "Tag early", "created", new { amount = 10, unit = "minutes" }, Guard(marker), Action("addTags", new { tags = new[] { "early" } })));
        var second = await admin.CreateAutomationAsync(AutomationKit.Automation(
            "Tag late", "created", new { amount = 60, unit = "minutes" }, Guard(marker), Action("addTags", new { tags = new[] { "late" } })));
        var ticket = await admin.CreateTicketAsync($"Outlives its node {marker}");
        var start = app.Clock.GetUtcNow();
        await app.RunAtAsync(start.AddMinutes(10));
        Assert.Single(await admin.ByAutomationAsync(ticket.Id(), first.Id(), "automation_ran"));

        // The first node's runner stops (a crash, a deploy); a node that never saw the ticket takes over.
        await app.Services.GetRequiredService<AutomationRunner>().StopAsync(CancellationToken.None);
        await using var node = new SecondNode(app);
        node.Clock.SetUtcNow(start.AddMinutes(10));
        await node.RunAtAsync(start.AddMinutes(61));

        Assert.Single(await admin.ByAutomationAsync(ticket.Id(), first.Id(), "automation_ran"));
        var late = Assert.Single(await admin.ByAutomationAsync(ticket.Id(), second.Id(), "automation_ran"));
        Assert.Equal(start.AddMinutes(61), late["at"].Time());
        Assert.Equal(["early", "late"], (await admin.TicketAsync(ticket.Id()))["tags"]!.AsArray().Select(t => t.Str()).Order());
    }
}
