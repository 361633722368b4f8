using Frontdesk.Automation.TimeDriven;
using Frontdesk.Tests.Infrastructure;
using Frontdesk.Tests.Sla;
using Microsoft.Extensions.DependencyInjection;
using static Frontdesk.Tests.Automation.RuleApi;

namespace Frontdesk.Tests.Automation.TimeDriven;

/// <summary>Two app nodes on one database, each with its runner: every automation acts once per ticket.</summary>
public sealed class AutomationNodesTests(FrontdeskFactory app) : IClassFixture<FrontdeskFactory>
{
    private const int Tickets = 30;

    [Fact]
    public async Task TwoNodesRacing_RunEachAutomationOncePerTicket()
    {
        var marker = Marker();
        var admin = app.Admin();
        var automation = await admin.CreateAutomationAsync(AutomationKit.Automation(
            "Escalate", "created", new { amount = 30, unit = "minutes" }, Guard(marker), Action("addNote", new { body = "Nobody took this yet." })));
        var ids = new List<long>();
        for (var i = 0; i < Tickets; i++)
        {
            ids.Add((await admin.CreateTicketAsync($"Race {i} {marker}")).Id());
        }

        await using var second = new SecondNode(app);
        second.Clock.SetUtcNow(app.Clock.GetUtcNow());
        var due = app.Clock.GetUtcNow().AddMinutes(30);

        // Both hosted runners wake at the due time, and three more passes per node race them.
        var extra = new[] { app, second }.SelectMany(node => Enumerable.Range(0, 3).Select(_ => node.Services.GetRequiredService<AutomationRunner>())).ToList();
        var first = app.RanAfterAsync(due, () => app.Clock.SetUtcNow(due));
        var other = second.RanAfterAsync(due, () => second.Clock.SetUtcNow(due));
        var passes = await Task.WhenAll(extra.Select(r => Task.Run(() => r.RunDueAsync(CancellationToken.None))));
        await Task.WhenAll(first, other);

        foreach (var id in ids)
        {
            Assert.Single(await admin.ByAutomationAsync(id, automation.Id(), "automation_ran"));
        }

        Assert.Equal(Tickets, passes.Sum(p => p.Ran) + (await first).Ran + (await other).Ran);
    }
}
