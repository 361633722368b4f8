using Frontdesk.Sla;
using Frontdesk.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace Frontdesk.Tests.Sla;

/// <summary>Two app nodes on one database, each with its monitor: every warning and breach is recorded once.</summary>
public sealed class MonitorNodesTests(FrontdeskFactory app) : IClassFixture<FrontdeskFactory>
{
    private const int Tickets = 30;

    [Fact]
    public async Task TwoNodesRacing_RecordEachBreachOnce()
    {
        await app.PolicyForAllAsync(firstResponse: 30);
        var ids = new List<long>();
        for (var i = 0; i < Tickets; i++)
        {
            ids.Add((await app.Admin().CreateTicketAsync($"Race {i}")).Id());
        }

        await using var second = new SecondNode(app);
        second.Clock.SetUtcNow(app.Clock.GetUtcNow());
        var due = app.Clock.GetUtcNow().AddMinutes(30);

        // Both hosted monitors wake at the due time, and three more looks per node race them.
        var extra = new[] { app, second }.SelectMany(node => Enumerable.Range(0, 3).Select(_ => node.Services.GetRequiredService<SlaMonitor>())).ToList();
        var first = app.CheckedAfterAsync(due, () => app.Clock.SetUtcNow(due));
        var other = second.CheckedAfterAsync(due, () => second.Clock.SetUtcNow(due));
        var looks = await Task.WhenAll(extra.Select(m => Task.Run(() => m.CheckAsync(CancellationToken.None))));
        await Task.WhenAll(first, other);

        foreach (var id in ids)
        {
            Assert.Single(await app.EventsAsync(id, "sla_breached"));
        }

        Assert.Equal(Tickets, looks.Sum(l => l.Breaches) + (await first).Breaches + (await other).Breaches);
    }
}
