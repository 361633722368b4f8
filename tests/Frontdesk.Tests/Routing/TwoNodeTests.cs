using System.Net;
using System.Net.Http.Json;
using Frontdesk.Data;
using Frontdesk.Tests.Infrastructure;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;

namespace Frontdesk.Tests.Routing;

/// <summary>Two app servers on one PostgreSQL database, as behind a load balancer: routing holds nothing in memory.</summary>
public sealed class TwoNodeTests(FrontdeskFactory app) : IClassFixture<FrontdeskFactory>
{
    [Fact]
    public async Task TwoNodes_RoutingAtOnce_StayWithinCapacity_AndAssignEachTicketOnce()
    {
        Assert.SkipUnless(app.IsPostgres, "Several app nodes need PostgreSQL; SQLite is one process's embedded database.");
        await using var other = new SecondNode(app.Services.GetRequiredService<DatabaseSettings>().ConnectionString);
        var team = await app.TeamAsync("leastLoaded");
        var a = await app.MemberAsync(team, capacity: 2);
        var b = await app.MemberAsync(team, capacity: 2);

        var tickets = await Task.WhenAll(Enumerable.Range(0, 12).Select(i => (i % 2 == 0 ? app.Admin() : other.Admin()).CreateTicketAsync(extra: new { teamId = team })));

        var assignees = await Task.WhenAll(tickets.Select(t => app.AssigneeAsync(t.Id())));
        Assert.Equal(2, assignees.Count(x => x == a));
        Assert.Equal(2, assignees.Count(x => x == b));

        // Two agents come online through different nodes at once: the waiting tickets go to them, each once.
        var (clientC, c) = await app.SignedInMemberAsync(team, "away", capacity: 3);
        var (clientD, d) = await app.SignedInMemberAsync(team, "away", capacity: 3);
        var viaOther = other.CreateClient();
        viaOther.DefaultRequestHeaders.Authorization = clientD.DefaultRequestHeaders.Authorization;
        var online = await Task.WhenAll(
            clientC.PutAsJsonAsync("/api/v1/agents/me/availability", new { availability = "online" }, Infrastructure.Api.Json),
            viaOther.PutAsJsonAsync("/api/v1/agents/me/availability", new { availability = "online" }, Infrastructure.Api.Json));

        Assert.All(online, r => Assert.Equal(HttpStatusCode.OK, r.StatusCode));
        var after = await Task.WhenAll(tickets.Select(t => app.AssigneeAsync(t.Id())));
        Assert.Equal(3, after.Count(x => x == c));
        Assert.Equal(3, after.Count(x => x == d));
        Assert.Equal(2, after.Count(x => x is null));
        foreach (var ticket in tickets)
        {
            Assert.True((await app.RoutingEventsAsync(ticket.Id())).Count(e => e["kind"]!.GetValue<string>() == "assigned") <= 1);
        }
    }

    private sealed class SecondNode(string connectionString) : FrontdeskFactory
    {
        protected override void ConfigureMore(IWebHostBuilder builder) => builder.UseSetting("ConnectionStrings:Frontdesk", connectionString);
    }
}
