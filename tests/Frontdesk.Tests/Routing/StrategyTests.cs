using System.Net;
using System.Text.Json.Nodes;
using Frontdesk.Tests.Infrastructure;

namespace Frontdesk.Tests.Routing;

public sealed class StrategyTests(FrontdeskFactory app) : IClassFixture<FrontdeskFactory>
{
    [Fact]
    public async Task RoundRobin_GivesNewTicketsToTheOnlineMembersInTurn()
    {
        var team = await app.TeamAsync("roundRobin");
        var a = await app.MemberAsync(team);
        var b = await app.MemberAsync(team);
        var c = await app.MemberAsync(team);

        var assignees = new List<long?>();
        for (var i = 0; i < 4; i++)
        {
            assignees.Add(await app.AssigneeAsync(await app.TicketInAsync(team)));
        }

        Assert.Equal([a, b, c, a], assignees);
    }

    [Fact]
    public async Task RoundRobin_KeepsItsTurnAcrossRequests_AndSkipsAwayAndOfflineMembers()
    {
        var team = await app.TeamAsync("roundRobin");
        var a = await app.MemberAsync(team);
        await app.MemberAsync(team, availability: "away");
        await app.MemberAsync(team, availability: "offline");
        var d = await app.MemberAsync(team);

        Assert.Equal(a, await app.AssigneeAsync(await app.TicketInAsync(team)));
        Assert.Equal(d, await app.AssigneeAsync(await app.TicketInAsync(team)));
        Assert.Equal(a, await app.AssigneeAsync(await app.TicketInAsync(team)));
    }

    [Fact]
    public async Task LeastLoaded_GivesTheTicketToTheLowestWeightedLoad_CountingPendingAtHalf()
    {
        var team = await app.TeamAsync("leastLoaded");
        var busy = await app.MemberAsync(team);
        var waitingOnCustomers = await app.MemberAsync(team);

        // busy: two open tickets (load 2); waitingOnCustomers: three pending (load 1.5).
        await AssignedTicketsAsync(busy, "open", 2);
        await AssignedTicketsAsync(waitingOnCustomers, "pending", 3);

        Assert.Equal(waitingOnCustomers, await app.AssigneeAsync(await app.TicketInAsync(team)));
    }

    [Fact]
    public async Task LeastLoaded_UsesTheTeamsOwnWeights()
    {
        // Pending weighs as much as open here: three pending tickets outweigh two open ones.
        var team = await app.TeamAsync("leastLoaded", loadWeights: new { pending = 1 });
        var busy = await app.MemberAsync(team);
        var waitingOnCustomers = await app.MemberAsync(team);
        await AssignedTicketsAsync(busy, "open", 2);
        await AssignedTicketsAsync(waitingOnCustomers, "pending", 3);

        Assert.Equal(busy, await app.AssigneeAsync(await app.TicketInAsync(team)));
    }

    [Fact]
    public async Task LeastLoaded_NeverGoesPastCapacity_TheTicketWaitsInTheQueueInstead()
    {
        var team = await app.TeamAsync("leastLoaded");
        var a = await app.MemberAsync(team, capacity: 1);
        var b = await app.MemberAsync(team, capacity: 0);

        var first = await app.TicketInAsync(team);
        var second = await app.TicketInAsync(team);

        Assert.Equal(a, await app.AssigneeAsync(first));
        Assert.Null(await app.AssigneeAsync(second));
        var queued = Assert.Single(await app.RoutingEventsAsync(second));
        Assert.Equal("queued", queued["kind"]!.GetValue<string>());
        Assert.Contains("nobody can take it now (2 at capacity)", queued["reason"]!.GetValue<string>(), StringComparison.Ordinal);
        var inputs = JsonNode.Parse(queued["inputs"]!.GetValue<string>())!;
        Assert.Empty(inputs["candidates"]!.AsArray());
        Assert.Equal(new[] { a, b }.Order(), inputs["skipped"]!.AsArray().Select(s => s!["agent"]!.GetValue<long>()).Order());
        Assert.Equal([second], (await app.QueueAsync(team)).QueuedIds());
    }

    [Fact]
    public async Task History_ShowsTheRoutingActorWithWhatItLookedAt()
    {
        var team = await app.TeamAsync("leastLoaded");
        var a = await app.MemberAsync(team, capacity: 4, name: "Ann Router");
        var away = await app.MemberAsync(team, availability: "away");

        var ticket = await app.TicketInAsync(team);

        var assigned = Assert.Single(await app.RoutingEventsAsync(ticket));
        Assert.Equal("assigned", assigned["kind"]!.GetValue<string>());
        Assert.Equal("Least loaded", assigned["actorName"]!.GetValue<string>());
        Assert.Equal(team, assigned["actorId"]!.GetValue<long>());
        Assert.Equal(a.ToString(System.Globalization.CultureInfo.InvariantCulture), assigned["newValue"]!.GetValue<string>());
        Assert.StartsWith("Least loaded in Team ", assigned["reason"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Contains("Ann Router was the only agent who could take it (load 0)", assigned["reason"]!.GetValue<string>(), StringComparison.Ordinal);
        var inputs = JsonNode.Parse(assigned["inputs"]!.GetValue<string>())!;
        Assert.Equal("leastLoaded", inputs["strategy"]!.GetValue<string>());
        Assert.Equal(a, inputs["chosen"]!.GetValue<long>());
        var candidate = Assert.Single(inputs["candidates"]!.AsArray())!;
        Assert.Equal(a, candidate["agent"]!.GetValue<long>());
        Assert.Equal(4, candidate["capacity"]!.GetValue<int>());
        Assert.Equal(0, candidate["active"]!.GetValue<int>());
        var skipped = Assert.Single(inputs["skipped"]!.AsArray())!;
        Assert.Equal(away, skipped["agent"]!.GetValue<long>());
        Assert.Equal("away", skipped["why"]!.GetValue<string>());
    }

    [Fact]
    public async Task ManualTeams_AreLeftAlone()
    {
        var team = await app.TeamAsync("manual");
        await app.MemberAsync(team);

        var ticket = await app.TicketInAsync(team);

        Assert.Null(await app.AssigneeAsync(ticket));
        Assert.Empty(await app.RoutingEventsAsync(ticket));
        Assert.Equal([ticket], (await app.QueueAsync(team)).QueuedIds());
    }

    [Fact]
    public async Task AnExplicitAssignee_IsNeverOverridden()
    {
        var team = await app.TeamAsync("roundRobin");
        await app.MemberAsync(team);
        var (_, chosenByHand) = await app.AgentAsync();

        var ticket = await app.TicketInAsync(team, new { assigneeId = chosenByHand });

        Assert.Equal(chosenByHand, await app.AssigneeAsync(ticket));
        Assert.Empty(await app.RoutingEventsAsync(ticket));
    }

    [Fact]
    public async Task MovingATicketIntoARoutedTeam_AssignsIt()
    {
        var manual = await app.TeamAsync("manual");
        var routed = await app.TeamAsync("roundRobin");
        var a = await app.MemberAsync(routed);
        var ticket = await app.TicketInAsync(manual);

        await (await app.Admin().PatchJsonAsync($"/api/v1/tickets/{ticket}", new { teamId = routed })).ExpectAsync(HttpStatusCode.OK);

        Assert.Equal(a, await app.AssigneeAsync(ticket));
    }

    [Fact]
    public async Task UnassigningATicket_RoutesItAgain()
    {
        var team = await app.TeamAsync("roundRobin");
        var a = await app.MemberAsync(team);
        var b = await app.MemberAsync(team);
        var ticket = await app.TicketInAsync(team);
        Assert.Equal(a, await app.AssigneeAsync(ticket));

        var patched = await (await app.Admin().PatchJsonAsync($"/api/v1/tickets/{ticket}", new { assigneeId = (long?)null })).ExpectAsync(HttpStatusCode.OK);

        Assert.Equal(b, patched["assigneeId"]!.GetValue<long>());
    }

    [Fact]
    public async Task ReopeningAnUnassignedSolvedTicket_RoutesIt()
    {
        var team = await app.TeamAsync("roundRobin");
        var ticket = await app.TicketInAsync(team);
        await app.SolveAsync(ticket);
        var a = await app.MemberAsync(team);

        await (await app.Admin().PatchJsonAsync($"/api/v1/tickets/{ticket}", new { status = "open" })).ExpectAsync(HttpStatusCode.OK);

        Assert.Equal(a, await app.AssigneeAsync(ticket));
    }

    [Fact]
    public async Task SolvedTickets_AreNotRouted_AndDoNotCountAgainstCapacity()
    {
        var team = await app.TeamAsync("leastLoaded");
        var a = await app.MemberAsync(team, capacity: 1);
        var first = await app.TicketInAsync(team);
        await app.SolveAsync(first);

        var second = await app.TicketInAsync(team);

        Assert.Equal(a, await app.AssigneeAsync(second));
    }

    [Fact]
    public async Task SwitchingAManualTeamToAStrategy_AssignsItsWaitingTickets()
    {
        var team = await app.TeamAsync("manual");
        var a = await app.MemberAsync(team, capacity: 1);
        var first = await app.TicketInAsync(team);
        var second = await app.TicketInAsync(team);

        var patched = await (await app.Admin().PatchJsonAsync($"/api/v1/teams/{team}", new { assignment = "leastLoaded" })).ExpectAsync(HttpStatusCode.OK);

        Assert.Equal("leastLoaded", patched["assignment"]!.GetValue<string>());
        Assert.Equal(a, await app.AssigneeAsync(first));
        Assert.Null(await app.AssigneeAsync(second));
        var assigned = Assert.Single(await app.RoutingEventsAsync(first));
        Assert.StartsWith($"Team ", assigned["reason"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Contains("now assigns least loaded.", assigned["reason"]!.GetValue<string>(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Team_ShowsItsStrategyWeightsAndMembersAvailability()
    {
        var team = await app.TeamAsync("skillsBased", loadWeights: new { onHold = 0, pending = 0.25 });
        var a = await app.MemberAsync(team, availability: "away", capacity: 7);

        var dto = await (await app.Admin().GetAsync($"/api/v1/teams/{team}")).ExpectAsync(HttpStatusCode.OK);

        Assert.Equal("skillsBased", dto["assignment"]!.GetValue<string>());
        Assert.Equal(1, dto["loadWeights"]!["new"]!.GetValue<double>());
        Assert.Equal(0.25, dto["loadWeights"]!["pending"]!.GetValue<double>());
        Assert.Equal(0, dto["loadWeights"]!["onHold"]!.GetValue<double>());
        var member = Assert.Single(dto["members"]!.AsArray())!;
        Assert.Equal(a, member["id"]!.GetValue<long>());
        Assert.Equal("away", member["availability"]!.GetValue<string>());
        Assert.Equal(7, member["capacity"]!.GetValue<int>());

        var reset = await (await app.Admin().PatchJsonAsync($"/api/v1/teams/{team}", new { loadWeights = (object?)null })).ExpectAsync(HttpStatusCode.OK);
        Assert.Equal(0.5, reset["loadWeights"]!["onHold"]!.GetValue<double>());
    }

    [Fact]
    public async Task ANewTeam_IsManualByDefault()
    {
        var team = await (await app.Admin().PostJsonAsync("/api/v1/teams", new { name = $"Team {Guid.NewGuid():N}" })).ExpectAsync(HttpStatusCode.Created);

        Assert.Equal("manual", team["assignment"]!.GetValue<string>());
    }

    [Theory]
    [InlineData("POST")]
    [InlineData("PATCH")]
    public async Task UnknownStrategy_Is400NamingAssignment(string method)
    {
        var team = await app.TeamAsync("manual");
        var body = $$"""{"name":"Team {{Guid.NewGuid():N}}","assignment":"fastest"}""";
        var request = new HttpRequestMessage(new HttpMethod(method), method == "POST" ? "/api/v1/teams" : $"/api/v1/teams/{team}")
        {
            Content = new StringContent(body, System.Text.Encoding.UTF8, "application/json"),
        };

        await (await app.Admin().SendAsync(request)).ExpectProblemAsync(HttpStatusCode.BadRequest, "assignment");
    }

    [Fact]
    public async Task NullStrategy_AndBadWeights_Are400NamingTheField()
    {
        var team = await app.TeamAsync("manual");

        await (await app.Admin().PatchJsonAsync($"/api/v1/teams/{team}", new { assignment = (string?)null })).ExpectProblemAsync(HttpStatusCode.BadRequest, "assignment");
        await (await app.Admin().PatchJsonAsync($"/api/v1/teams/{team}", new { loadWeights = new { pending = -1 } })).ExpectProblemAsync(HttpStatusCode.BadRequest, "loadWeights.pending");
        await (await app.Admin().PostJsonAsync("/api/v1/teams", new { name = $"Team {Guid.NewGuid():N}", loadWeights = new { open = 101 } })).ExpectProblemAsync(HttpStatusCode.BadRequest, "loadWeights.open");
        await (await app.Admin().PatchJsonAsync($"/api/v1/teams/{team}", new { loadWeights = new { busy = 1 } })).ExpectProblemAsync(HttpStatusCode.BadRequest, "loadWeights");
    }

    private async Task AssignedTicketsAsync(long agentId, string status, int count)
    {
        for (var i = 0; i < count; i++)
        {
            var ticket = await app.Admin().CreateTicketAsync(extra: new { assigneeId = agentId });
            await (await app.Admin().PatchJsonAsync($"/api/v1/tickets/{ticket.Id()}", new { status })).ExpectAsync(HttpStatusCode.OK);
        }
    }
}
