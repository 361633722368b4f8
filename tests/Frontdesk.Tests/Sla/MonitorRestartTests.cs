using Frontdesk.Sla;
using Frontdesk.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace Frontdesk.Tests.Sla;

/// <summary>The monitor works from durable state: a node that takes over records what is due, and nothing twice.</summary>
public sealed class MonitorRestartTests(FrontdeskFactory app) : IClassFixture<FrontdeskFactory>
{
    [Fact]
    public async Task ANodeStartedLater_FindsDueClocksInTheDatabase_AndDoesNotRepeatWhatWasRecorded()
    {
        await app.PolicyForAllAsync(firstResponse: 60, warnAt: 0.5, name: SlaKit.Unique("Restart"));
        var ticket = await app.Admin().CreateTicketAsync("Outlives its node");
        var start = app.Clock.GetUtcNow();
        await app.MoveToAsync(start.AddMinutes(30));
        Assert.Single(await app.EventsAsync(ticket.Id(), "sla_warning"));

        // The first node's monitor stops (a crash, a deploy); a node that never saw the ticket takes over.
        await app.Services.GetRequiredService<SlaMonitor>().StopAsync(CancellationToken.None);
        await using var second = new SecondNode(app);
        second.Clock.SetUtcNow(start.AddMinutes(30));
        await second.MoveToAsync(start.AddMinutes(75));

        Assert.Single(await app.EventsAsync(ticket.Id(), "sla_warning"));
        var breach = Assert.Single(await app.EventsAsync(ticket.Id(), "sla_breached"));
        Assert.Equal(start.AddMinutes(75), breach["at"].Time());
    }
}
