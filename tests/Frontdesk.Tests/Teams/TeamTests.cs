using System.Net;
using System.Text.Json.Nodes;
using Frontdesk.Tests.Identity;
using Frontdesk.Tests.Infrastructure;

namespace Frontdesk.Tests.Teams;

public sealed class TeamTests(FrontdeskFactory app) : IClassFixture<FrontdeskFactory>
{
    private static string UniqueName() => $"Team {Guid.NewGuid():N}";

    private async Task<JsonObject> CreateAsync(object body) =>
        await (await app.Admin().PostJsonAsync("/api/v1/teams", body)).ExpectAsync(HttpStatusCode.Created);

    private static long[] MemberIds(JsonObject team) => team["members"]!.AsArray().Select(m => m!["id"]!.GetValue<long>()).Order().ToArray();

    [Fact]
    public async Task Create_WithMembers_Returns201_AndAgentsSeeIt()
    {
        var (agent, a) = await app.AgentAsync("Ann");
        var (_, b) = await app.AgentAsync("Ben");
        var name = UniqueName();

        var response = await app.Admin().PostJsonAsync("/api/v1/teams", new { name, description = "Money matters", memberIds = new[] { a, b, a } });

        var team = await response.ExpectAsync(HttpStatusCode.Created);
        Assert.Equal($"/api/v1/teams/{team["id"]}", response.Headers.Location?.OriginalString);
        Assert.Equal(new[] { a, b }.Order().ToArray(), MemberIds(team));
        var listed = await (await agent.GetAsync("/api/v1/teams")).ExpectArrayAsync();
        Assert.Contains(listed, t => t!["name"]!.GetValue<string>() == name);
        var me = await (await agent.GetAsync("/api/v1/agents/me")).ExpectAsync(HttpStatusCode.OK);
        Assert.Contains(me["teams"]!.AsArray(), t => t!["name"]!.GetValue<string>() == name);
    }

    [Fact]
    public async Task Create_WithTakenName_Is409_MissingName_And_UnknownMember_Are400()
    {
        var name = UniqueName();
        await CreateAsync(new { name });

        await (await app.Admin().PostJsonAsync("/api/v1/teams", new { name = name.ToLowerInvariant() })).ExpectProblemAsync(HttpStatusCode.Conflict, "name");
        await (await app.Admin().PostJsonAsync("/api/v1/teams", new { description = "x" })).ExpectProblemAsync(HttpStatusCode.BadRequest, "name");
        await (await app.Admin().PostJsonAsync("/api/v1/teams", new { name = UniqueName(), memberIds = new[] { 987654 } })).ExpectProblemAsync(HttpStatusCode.BadRequest, "memberIds");
    }

    [Fact]
    public async Task Patch_RenamesClearsDescriptionAndReplacesMembers()
    {
        var (_, a) = await app.AgentAsync();
        var (_, b) = await app.AgentAsync();
        var team = await CreateAsync(new { name = UniqueName(), description = "Old", memberIds = new[] { a } });
        var name = UniqueName();

        var patched = await (await app.Admin().PatchJsonAsync($"/api/v1/teams/{team["id"]}", new { name, description = (string?)null, memberIds = new[] { b } })).ExpectAsync(HttpStatusCode.OK);

        Assert.Equal(name, patched["name"]!.GetValue<string>());
        Assert.Null(patched["description"]);
        Assert.Equal([b], MemberIds(patched));
    }

    [Fact]
    public async Task Patch_TakenName_Is409_AndUnknownTeam_Is404()
    {
        var taken = await CreateAsync(new { name = UniqueName() });
        var team = await CreateAsync(new { name = UniqueName() });

        await (await app.Admin().PatchJsonAsync($"/api/v1/teams/{team["id"]}", new { name = taken["name"]!.GetValue<string>() })).ExpectProblemAsync(HttpStatusCode.Conflict, "name");
        await (await app.Admin().PatchJsonAsync("/api/v1/teams/987654", new { name = UniqueName() })).ExpectProblemAsync(HttpStatusCode.NotFound);
        await (await app.Admin().GetAsync("/api/v1/teams/987654")).ExpectProblemAsync(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Members_AreAddedAndRemovedOneByOne()
    {
        var (_, a) = await app.AgentAsync();
        var team = await CreateAsync(new { name = UniqueName() });
        var url = $"/api/v1/teams/{team["id"]}/members";

        var added = await (await app.Admin().PostJsonAsync(url, new { agentId = a })).ExpectAsync(HttpStatusCode.OK);
        Assert.Equal([a], MemberIds(added));
        await (await app.Admin().PostJsonAsync(url, new { agentId = a })).ExpectAsync(HttpStatusCode.OK);

        await (await app.Admin().DeleteAsync($"{url}/{a}")).ExpectAsync(HttpStatusCode.NoContent);
        var after = await (await app.Admin().GetAsync($"/api/v1/teams/{team["id"]}")).ExpectAsync(HttpStatusCode.OK);
        Assert.Empty(MemberIds(after));

        await (await app.Admin().DeleteAsync($"{url}/{a}")).ExpectProblemAsync(HttpStatusCode.NotFound);
        await (await app.Admin().PostJsonAsync(url, new { })).ExpectProblemAsync(HttpStatusCode.BadRequest, "agentId");
        await (await app.Admin().PostJsonAsync(url, new { agentId = 987654 })).ExpectProblemAsync(HttpStatusCode.BadRequest, "agentId");
        await (await app.Admin().PostJsonAsync("/api/v1/teams/987654/members", new { agentId = a })).ExpectProblemAsync(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Delete_TakesTheTeamOffItsTicketsWithHistory_AndKeepsTheAgents()
    {
        var (_, a) = await app.AgentAsync();
        var team = await CreateAsync(new { name = UniqueName(), memberIds = new[] { a } });
        var ticket = await (await app.Admin().PostJsonAsync("/api/v1/tickets", new { subject = "Routed", body = "To a team", teamId = team["id"], requester = new { email = $"{Guid.NewGuid():N}@example.com" } }))
            .ExpectAsync(HttpStatusCode.Created);

        await (await app.Admin().DeleteAsync($"/api/v1/teams/{team["id"]}")).ExpectAsync(HttpStatusCode.NoContent);

        await (await app.Admin().GetAsync($"/api/v1/teams/{team["id"]}")).ExpectProblemAsync(HttpStatusCode.NotFound);
        var after = await (await app.Admin().GetAsync($"/api/v1/tickets/{ticket["id"]}")).ExpectAsync(HttpStatusCode.OK);
        Assert.Null(after["teamId"]);
        var events = await (await app.Admin().GetAsync($"/api/v1/tickets/{ticket["id"]}/events")).ExpectAsync(HttpStatusCode.OK);
        Assert.Contains(events["items"]!.AsArray(), e => e!["field"]?.GetValue<string>() == "team" && e["reason"]?.GetValue<string>() == "Team deleted");
        var agent = await (await app.Admin().GetAsync($"/api/v1/agents/{a}")).ExpectAsync(HttpStatusCode.OK);
        Assert.Empty(agent["teams"]!.AsArray());
        await (await app.Admin().DeleteAsync($"/api/v1/teams/{team["id"]}")).ExpectProblemAsync(HttpStatusCode.NotFound);
    }

    [Theory]
    [InlineData("POST", "/api/v1/teams")]
    [InlineData("PATCH", "/api/v1/teams/1")]
    [InlineData("DELETE", "/api/v1/teams/1")]
    [InlineData("POST", "/api/v1/teams/1/members")]
    [InlineData("DELETE", "/api/v1/teams/1/members/1")]
    public async Task Writes_AreForAdminsOnly(string method, string url) => await Access.AssertAdminOnlyAsync(app, method, url);

    [Theory]
    [InlineData("GET", "/api/v1/teams")]
    [InlineData("GET", "/api/v1/teams/1")]
    public async Task Reads_AreForStaffOnly(string method, string url) => await Access.AssertStaffOnlyAsync(app, method, url);
}
