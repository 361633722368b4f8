using System.Net;
using System.Net.Http.Json;
using Frontdesk.Tests.Infrastructure;

namespace Frontdesk.Tests.Routing;

/// <summary>
/// Writes that race (on PostgreSQL, concurrent transactions on separate connections, as from separate app nodes)
/// never push an agent past capacity and never assign one ticket twice.
/// </summary>
public sealed class ConcurrencyTests(FrontdeskFactory app) : IClassFixture<FrontdeskFactory>
{
    [Fact]
    public async Task TwentyTicketsAtOnce_IntoTwoAgentsOfCapacityThree_AssignSix_AndFourteenWait_ThenTheQueueDrainsInOrder()
    {
        var team = await app.TeamAsync("leastLoaded");
        var a = await app.MemberAsync(team, capacity: 3);
        var b = await app.MemberAsync(team, capacity: 3);

        var tickets = await Task.WhenAll(Enumerable.Range(0, 20).Select(i => app.TicketInAsync(team, subject: $"Burst {i}")));

        var assignees = await Task.WhenAll(tickets.Select(app.AssigneeAsync));
        Assert.Equal(3, assignees.Count(x => x == a));
        Assert.Equal(3, assignees.Count(x => x == b));
        Assert.Equal(14, assignees.Count(x => x is null));
        foreach (var ticket in tickets)
        {
            Assert.True((await app.RoutingEventsAsync(ticket)).Count(e => e["kind"]!.GetValue<string>() == "assigned") <= 1);
        }

        var queue = await app.QueueAsync(team);
        Assert.Equal(14, queue["total"]!.GetValue<int>());
        var waiting = queue.QueuedIds();
        Assert.Equal(waiting.Order(), waiting);

        // a solves two tickets: the two oldest waiting tickets go to a, in order, the rest keep waiting.
        var ofA = tickets.Where((_, i) => assignees[i] == a).ToList();
        await app.SolveAsync(ofA[0]);
        await app.SolveAsync(ofA[1]);

        Assert.Equal(a, await app.AssigneeAsync(waiting[0]));
        Assert.Equal(a, await app.AssigneeAsync(waiting[1]));
        Assert.Equal(waiting.Skip(2), (await app.QueueAsync(team)).QueuedIds());
    }

    [Fact]
    public async Task TwoTicketsRacingForTheLastSlot_OnlyOneGetsIt()
    {
        for (var round = 0; round < 5; round++)
        {
            var team = await app.TeamAsync("roundRobin");
            var agent = await app.MemberAsync(team, capacity: 2);
            await app.TicketInAsync(team);

            var racing = await Task.WhenAll(app.TicketInAsync(team), app.TicketInAsync(team));

            var assignees = await Task.WhenAll(racing.Select(app.AssigneeAsync));
            Assert.Equal(1, assignees.Count(x => x == agent));
            Assert.Equal(1, assignees.Count(x => x is null));
        }
    }

    [Fact]
    public async Task AnAgentInTwoTeams_IsCountedOnce_WhenBothTeamsRouteAtOnce()
    {
        var first = await app.TeamAsync("leastLoaded");
        var second = await app.TeamAsync("roundRobin");
        var agent = await app.MemberAsync(first, capacity: 4, moreTeams: [second]);

        var tickets = await Task.WhenAll(Enumerable.Range(0, 12).Select(i => app.TicketInAsync(i % 2 == 0 ? first : second)));

        var assignees = await Task.WhenAll(tickets.Select(app.AssigneeAsync));
        Assert.Equal(4, assignees.Count(x => x == agent));
    }

    [Fact]
    public async Task TwoWritesDrainingTheSameQueueAtOnce_AssignEachTicketOnce()
    {
        var team = await app.TeamAsync("roundRobin");
        var tickets = new List<long>();
        for (var i = 0; i < 6; i++)
        {
            tickets.Add(await app.TicketInAsync(team));
        }

        var agents = new List<(HttpClient Client, long Id)>();
        for (var i = 0; i < 4; i++)
        {
            agents.Add(await app.SignedInMemberAsync(team, "away", capacity: 2));
        }

        // Four agents come online at the same moment; each write drains the same queue.
        var responses = await Task.WhenAll(agents.Select(a => a.Client.PutAsJsonAsync("/api/v1/agents/me/availability", new { availability = "online" }, Infrastructure.Api.Json)));

        Assert.All(responses, r => Assert.Equal(HttpStatusCode.OK, r.StatusCode));
        var assignees = await Task.WhenAll(tickets.Select(app.AssigneeAsync));
        Assert.All(assignees, x => Assert.NotNull(x));
        foreach (var agent in agents)
        {
            Assert.True(assignees.Count(x => x == agent.Id) <= 2);
        }

        foreach (var ticket in tickets)
        {
            Assert.Single(await app.RoutingEventsAsync(ticket), e => e["kind"]!.GetValue<string>() == "assigned");
        }
    }

    [Fact]
    public async Task SolvingAndCreatingAtOnce_NeverExceedsCapacity()
    {
        for (var round = 0; round < 3; round++)
        {
            var team = await app.TeamAsync("leastLoaded");
            var agent = await app.MemberAsync(team, capacity: 2);
            var mine = new[] { await app.TicketInAsync(team), await app.TicketInAsync(team) };
            var waiting = await app.TicketInAsync(team);

            var solving = app.SolveAsync(mine[0]);
            var created = Enumerable.Range(0, 4).Select(_ => app.TicketInAsync(team)).ToArray();
            await solving;
            var others = new[] { waiting }.Concat(await Task.WhenAll(created)).ToList();

            // One slot was freed: exactly one of the others got it, and the oldest waiting ticket keeps its place
            // unless a new ticket took the slot first.
            var assignees = await Task.WhenAll(others.Select(app.AssigneeAsync));
            Assert.Equal(1, assignees.Count(x => x == agent));
        }
    }

    [Fact]
    public async Task ATicketArrivingAsAnAgentComesOnline_NeverWaitsWhileTheyCouldTakeIt()
    {
        for (var round = 0; round < 8; round++)
        {
            var team = await app.TeamAsync("roundRobin");
            var (client, agent) = await app.SignedInMemberAsync(team, "away");

            var arriving = app.TicketInAsync(team);
            var online = client.PutAsJsonAsync("/api/v1/agents/me/availability", new { availability = "online" }, Infrastructure.Api.Json);
            var ticket = await arriving;
            await (await online).ExpectAsync(HttpStatusCode.OK);

            Assert.Equal(agent, await app.AssigneeAsync(ticket));
        }
    }
}
