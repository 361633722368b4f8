using System.Net;
using System.Net.Http.Json;
using Frontdesk.Tests.Infrastructure;

namespace Frontdesk.Tests.Routing;

/// <summary>Agents set their own availability; admins set capacity and skills.</summary>
public sealed class AvailabilityTests(FrontdeskFactory app) : IClassFixture<FrontdeskFactory>
{
    [Fact]
    public async Task ANewAgent_IsOffline_WithTheDefaultCapacity_AndNoSkills()
    {
        var agent = await (await app.Admin().PostJsonAsync("/api/v1/agents", new { name = "Fresh", email = $"{Guid.NewGuid():N}@agents.test" })).ExpectAsync(HttpStatusCode.Created);

        Assert.Equal("offline", agent["availability"]!.GetValue<string>());
        Assert.Equal(10, agent["capacity"]!.GetValue<int>());
        Assert.Empty(agent["skills"]!.AsArray());
    }

    [Fact]
    public async Task AnAgent_SetsTheirOwnAvailability()
    {
        var (client, id) = await app.AgentAsync();

        var me = await (await client.PutAsJsonAsync("/api/v1/agents/me/availability", new { availability = "away" }, Infrastructure.Api.Json)).ExpectAsync(HttpStatusCode.OK);

        Assert.Equal(id, me["id"]!.GetValue<long>());
        Assert.Equal("away", me["availability"]!.GetValue<string>());
        var seen = await (await app.Admin().GetAsync($"/api/v1/agents/{id}")).ExpectAsync(HttpStatusCode.OK);
        Assert.Equal("away", seen["availability"]!.GetValue<string>());
    }

    [Fact]
    public async Task SetAvailability_WithoutOrWithAnUnknownValue_Is400NamingAvailability()
    {
        var (client, _) = await app.AgentAsync();

        await (await client.PutAsJsonAsync("/api/v1/agents/me/availability", new { }, Infrastructure.Api.Json)).ExpectProblemAsync(HttpStatusCode.BadRequest, "availability");
        await (await client.PutAsync("/api/v1/agents/me/availability", new StringContent("""{"availability":"busy"}""", System.Text.Encoding.UTF8, "application/json")))
            .ExpectProblemAsync(HttpStatusCode.BadRequest, "availability");
    }

    [Fact]
    public async Task AnAgent_CannotSetAnothersAvailability_NorTheirOwnCapacityOrSkills()
    {
        var (client, id) = await app.AgentAsync();
        var (_, other) = await app.AgentAsync();

        await (await client.PatchJsonAsync($"/api/v1/agents/{other}", new { availability = "online" })).ExpectProblemAsync(HttpStatusCode.Forbidden);
        await (await client.PatchJsonAsync($"/api/v1/agents/{id}", new { capacity = 50 })).ExpectProblemAsync(HttpStatusCode.Forbidden);
        await (await client.PatchJsonAsync($"/api/v1/agents/{id}", new { skillIds = Array.Empty<long>() })).ExpectProblemAsync(HttpStatusCode.Forbidden);
        await (await client.PutAsJsonAsync($"/api/v1/agents/me/availability", new { availability = "online", capacity = 50 }, Infrastructure.Api.Json)).ExpectProblemAsync(HttpStatusCode.BadRequest, "capacity");
    }

    [Fact]
    public async Task AnAdmin_SetsAvailabilityCapacityAndSkills()
    {
        var skill = await app.SkillAsync("product", value: $"Gadget {Guid.NewGuid():N}");
        var (_, id) = await app.AgentAsync();

        var agent = await app.PatchAgentAsync(id, new { availability = "online", capacity = 0, skillIds = new[] { skill, skill } });

        Assert.Equal("online", agent["availability"]!.GetValue<string>());
        Assert.Equal(0, agent["capacity"]!.GetValue<int>());
        Assert.Equal([skill], agent["skills"]!.AsArray().Select(s => s!["id"]!.GetValue<long>()));

        var cleared = await app.PatchAgentAsync(id, new { skillIds = Array.Empty<long>() });
        Assert.Empty(cleared["skills"]!.AsArray());
        Assert.Equal(0, cleared["capacity"]!.GetValue<int>());
    }

    [Fact]
    public async Task ACapacityOfZero_TakesNoRoutedTickets_ButAnAgentCanStillBeAssignedByHand()
    {
        var team = await app.TeamAsync("roundRobin");
        var agent = await app.MemberAsync(team, capacity: 0);

        var routed = await app.TicketInAsync(team);
        var byHand = await app.TicketInAsync(team, new { assigneeId = agent });

        Assert.Null(await app.AssigneeAsync(routed));
        Assert.Equal(agent, await app.AssigneeAsync(byHand));
    }

    [Theory]
    [InlineData(-1)]
    [InlineData(1001)]
    public async Task AnInvalidCapacity_Is400NamingCapacity(int capacity)
    {
        var (_, id) = await app.AgentAsync();

        await (await app.Admin().PatchJsonAsync($"/api/v1/agents/{id}", new { capacity })).ExpectProblemAsync(HttpStatusCode.BadRequest, "capacity");
        await (await app.Admin().PostJsonAsync("/api/v1/agents", new { name = "Over", email = $"{Guid.NewGuid():N}@agents.test", capacity })).ExpectProblemAsync(HttpStatusCode.BadRequest, "capacity");
    }

    [Fact]
    public async Task NullCapacityOrAvailability_AndUnknownSkills_Are400NamingTheField()
    {
        var (_, id) = await app.AgentAsync();

        await (await app.Admin().PatchJsonAsync($"/api/v1/agents/{id}", new { capacity = (int?)null })).ExpectProblemAsync(HttpStatusCode.BadRequest, "capacity");
        await (await app.Admin().PatchJsonAsync($"/api/v1/agents/{id}", new { availability = (string?)null })).ExpectProblemAsync(HttpStatusCode.BadRequest, "availability");
        await (await app.Admin().PatchJsonAsync($"/api/v1/agents/{id}", new { skillIds = new[] { 987654 } })).ExpectProblemAsync(HttpStatusCode.BadRequest, "skillIds");
        await (await app.Admin().PatchRawAsync($"/api/v1/agents/{id}", """{"availability":"busy"}""")).ExpectProblemAsync(HttpStatusCode.BadRequest, "availability");
    }
}
