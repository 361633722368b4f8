using System.Net;
using System.Net.Http.Json;
using Frontdesk.Routing;
using Frontdesk.Tests.Identity;
using Frontdesk.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Frontdesk.Tests.Routing;

/// <summary>Tickets nobody can take wait in the team's queue, and are assigned the moment someone can.</summary>
public sealed class QueueTests(FrontdeskFactory app) : IClassFixture<FrontdeskFactory>
{
    [Fact]
    public async Task ComingOnline_TakesTheOldestWaitingTickets_UrgentFirst_UpToCapacity()
    {
        var team = await app.TeamAsync("roundRobin");
        var (client, agent) = await app.SignedInMemberAsync(team, "away", capacity: 2);
        var oldest = await app.TicketInAsync(team);
        app.Clock.Advance(TimeSpan.FromMinutes(1));
        var newer = await app.TicketInAsync(team);
        app.Clock.Advance(TimeSpan.FromMinutes(1));
        var urgent = await app.TicketInAsync(team, new { priority = "urgent" });
        Assert.Equal([urgent, oldest, newer], (await app.QueueAsync(team)).QueuedIds());

        var me = await (await client.PutAsJsonAsync("/api/v1/agents/me/availability", new { availability = "online" }, Infrastructure.Api.Json)).ExpectAsync(HttpStatusCode.OK);

        Assert.Equal("online", me["availability"]!.GetValue<string>());
        Assert.Equal(agent, await app.AssigneeAsync(urgent));
        Assert.Equal(agent, await app.AssigneeAsync(oldest));
        Assert.Null(await app.AssigneeAsync(newer));
        var queue = await app.QueueAsync(team);
        Assert.Equal([newer], queue.QueuedIds());
        Assert.Equal(1, queue["total"]!.GetValue<int>());
        var reason = (await app.RoutingEventsAsync(oldest)).Single(e => e["kind"]!.GetValue<string>() == "assigned")["reason"]!.GetValue<string>();
        Assert.StartsWith($"Agent ", reason, StringComparison.Ordinal);
        Assert.Contains(" came online. Round robin in Team ", reason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task SolvingATicket_FreesCapacity_AndTheNextWaitingTicketIsAssignedInTheSameRequest()
    {
        var team = await app.TeamAsync("leastLoaded");
        var agent = await app.MemberAsync(team, capacity: 1);
        var first = await app.TicketInAsync(team);
        var second = await app.TicketInAsync(team);
        var third = await app.TicketInAsync(team);
        Assert.Equal([second, third], (await app.QueueAsync(team)).QueuedIds());

        await app.SolveAsync(first);

        Assert.Equal(agent, await app.AssigneeAsync(second));
        Assert.Null(await app.AssigneeAsync(third));
        var assigned = (await app.RoutingEventsAsync(second)).Single(e => e["kind"]!.GetValue<string>() == "assigned");
        Assert.StartsWith($"Capacity freed: ticket #{(await app.TicketAsync(first))["number"]} was solved.", assigned["reason"]!.GetValue<string>(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task ReassigningATicketAway_FreesTheFormerAssigneesCapacity()
    {
        var team = await app.TeamAsync("roundRobin");
        var agent = await app.MemberAsync(team, capacity: 1);
        var (_, elsewhere) = await app.AgentAsync();
        var first = await app.TicketInAsync(team);
        var second = await app.TicketInAsync(team);

        await (await app.Admin().PatchJsonAsync($"/api/v1/tickets/{first}", new { assigneeId = elsewhere })).ExpectAsync(HttpStatusCode.OK);

        Assert.Equal(agent, await app.AssigneeAsync(second));
    }

    [Fact]
    public async Task MoreCapacity_TakesMoreFromTheQueue()
    {
        var team = await app.TeamAsync("leastLoaded");
        var agent = await app.MemberAsync(team, capacity: 1);
        var tickets = new List<long>();
        for (var i = 0; i < 4; i++)
        {
            tickets.Add(await app.TicketInAsync(team));
        }

        await app.PatchAgentAsync(agent, new { capacity = 3 });

        Assert.Equal([agent, agent, agent, null], await Task.WhenAll(tickets.Select(app.AssigneeAsync)));
    }

    [Fact]
    public async Task JoiningATeam_TakesFromItsQueue()
    {
        var team = await app.TeamAsync("roundRobin");
        var other = await app.TeamAsync("roundRobin");
        var ticket = await app.TicketInAsync(team);
        var agent = await app.MemberAsync(other);
        Assert.Null(await app.AssigneeAsync(ticket));

        await (await app.Admin().PostJsonAsync($"/api/v1/teams/{team}/members", new { agentId = agent })).ExpectAsync(HttpStatusCode.OK);

        Assert.Equal(agent, await app.AssigneeAsync(ticket));
    }

    [Fact]
    public async Task GoingAwayOrOffline_LeavesTheTicketsTheyHave_ButNewOnesWait()
    {
        var team = await app.TeamAsync("roundRobin");
        var (client, agent) = await app.SignedInMemberAsync(team, "online");
        var mine = await app.TicketInAsync(team);

        await (await client.PutAsJsonAsync("/api/v1/agents/me/availability", new { availability = "offline" }, Infrastructure.Api.Json)).ExpectAsync(HttpStatusCode.OK);
        var waiting = await app.TicketInAsync(team);

        Assert.Equal(agent, await app.AssigneeAsync(mine));
        Assert.Null(await app.AssigneeAsync(waiting));
        Assert.Contains("1 offline", (await app.RoutingEventsAsync(waiting)).Single()["reason"]!.GetValue<string>(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task AWaitingTicket_IsRecordedAsWaitingOnce_NotOnEveryTouch()
    {
        var team = await app.TeamAsync("roundRobin");
        var ticket = await app.TicketInAsync(team);

        await (await app.Admin().PatchJsonAsync($"/api/v1/tickets/{ticket}", new { priority = "high" })).ExpectAsync(HttpStatusCode.OK);
        await (await app.Admin().PatchJsonAsync($"/api/v1/tickets/{ticket}", new { addTags = new[] { "vip" } })).ExpectAsync(HttpStatusCode.OK);

        var queued = Assert.Single(await app.RoutingEventsAsync(ticket));
        Assert.Equal("queued", queued["kind"]!.GetValue<string>());
        Assert.Contains("the team has no active agents", queued["reason"]!.GetValue<string>(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Queue_OfAnUnknownTeam_Is404_AndABadLimit_Is400()
    {
        await (await app.Admin().GetAsync("/api/v1/teams/987654/queue")).ExpectProblemAsync(HttpStatusCode.NotFound);
        var team = await app.TeamAsync("manual");
        await (await app.Admin().GetAsync($"/api/v1/teams/{team}/queue?limit=0")).ExpectProblemAsync(HttpStatusCode.BadRequest, "limit");
        await (await app.Admin().GetAsync($"/api/v1/teams/{team}/queue?limit=201")).ExpectProblemAsync(HttpStatusCode.BadRequest, "limit");
    }

    [Fact]
    public async Task Queue_ListsOnlyUnassignedUnsolvedTicketsOfTheTeam_UpToTheLimit()
    {
        var team = await app.TeamAsync("manual");
        var (_, someone) = await app.AgentAsync();
        var waiting = new List<long>();
        for (var i = 0; i < 3; i++)
        {
            waiting.Add(await app.TicketInAsync(team));
        }

        await app.TicketInAsync(team, new { assigneeId = someone });
        await app.SolveAsync(await app.TicketInAsync(team));
        await app.TicketInAsync(await app.TeamAsync("manual"));

        var queue = await (await app.Admin().GetAsync($"/api/v1/teams/{team}/queue?limit=2")).ExpectAsync(HttpStatusCode.OK);

        Assert.Equal(3, queue["total"]!.GetValue<int>());
        Assert.Equal(waiting.Take(2), queue.QueuedIds());
        Assert.Equal("manual", queue["assignment"]!.GetValue<string>());
    }

    [Fact]
    public async Task Queue_OnSqlite_IsReadFromThePartialIndexInOrder_WithoutSorting()
    {
        Assert.SkipWhen(app.IsPostgres, "PostgreSQL plans by statistics; a test database is too small for a stable plan.");

        var plan = await app.WithDbAsync(async db =>
        {
            var sql = TeamQueues.Waiting(db, 1).InQueueOrder().Take(10).ToQueryString();
            var select = sql[sql.IndexOf("SELECT", StringComparison.Ordinal)..].Replace("@teamId", "1", StringComparison.Ordinal).Replace("@p", "10", StringComparison.Ordinal);
            var connection = db.Database.GetDbConnection();
            await connection.OpenAsync();
            await using var command = connection.CreateCommand();
            command.CommandText = "EXPLAIN QUERY PLAN " + select;
            await using var reader = await command.ExecuteReaderAsync();
            var lines = new List<string>();
            while (await reader.ReadAsync())
            {
                lines.Add(reader.GetString(3));
            }

            return string.Join("\n", lines);
        });

        Assert.Contains("USING INDEX ix_tickets_team_queue", plan, StringComparison.Ordinal);
        Assert.DoesNotContain("TEMP B-TREE", plan, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("GET", "/api/v1/teams/1/queue")]
    [InlineData("PUT", "/api/v1/agents/me/availability")]
    public async Task StaffOnly(string method, string url) => await Access.AssertStaffOnlyAsync(app, method, url);
}
