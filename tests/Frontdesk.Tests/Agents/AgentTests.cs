using System.Net;
using System.Text.Json.Nodes;
using Frontdesk.Tests.Identity;
using Frontdesk.Tests.Infrastructure;

namespace Frontdesk.Tests.Agents;

public sealed class AgentTests(FrontdeskFactory app) : IClassFixture<FrontdeskFactory>
{
    private static string UniqueEmail() => $"{Guid.NewGuid():N}@staff.test";

    private async Task<long> TeamAsync() =>
        (await (await app.Admin().PostJsonAsync("/api/v1/teams", new { name = $"Team {Guid.NewGuid():N}" })).ExpectAsync(HttpStatusCode.Created))["id"]!.GetValue<long>();

    private async Task<JsonObject> CreateAsync(object body) =>
        await (await app.Admin().PostJsonAsync("/api/v1/agents", body)).ExpectAsync(HttpStatusCode.Created);

    [Fact]
    public async Task Create_Returns201_WithRoleAndTeams()
    {
        var teamId = await TeamAsync();
        var email = UniqueEmail();

        var response = await app.Admin().PostJsonAsync("/api/v1/agents", new { name = "Quinn", email = email.ToUpperInvariant(), role = "admin", teamIds = new[] { teamId } });

        var agent = await response.ExpectAsync(HttpStatusCode.Created);
        Assert.Equal($"/api/v1/agents/{agent["id"]}", response.Headers.Location?.OriginalString);
        Assert.Equal(email, agent["email"]!.GetValue<string>());
        Assert.Equal("admin", agent["role"]!.GetValue<string>());
        Assert.True(agent["isActive"]!.GetValue<bool>());
        Assert.Equal([teamId], agent["teams"]!.AsArray().Select(t => t!["id"]!.GetValue<long>()).ToArray());
    }

    [Fact]
    public async Task Create_WithAnEmailAnotherAgentHas_Is409NamingEmail()
    {
        var email = UniqueEmail();
        await CreateAsync(new { name = "One", email });

        await (await app.Admin().PostJsonAsync("/api/v1/agents", new { name = "Two", email })).ExpectProblemAsync(HttpStatusCode.Conflict, "email");
    }

    [Fact]
    public async Task Create_WithInvalidFields_Is400NamingEach()
    {
        var problem = await (await app.Admin().PostJsonAsync("/api/v1/agents", new { email = "nope", password = "short", teamIds = new[] { 987654 } }))
            .ExpectProblemAsync(HttpStatusCode.BadRequest, "name");
        var errors = problem["errors"]!.AsObject();
        Assert.True(errors.ContainsKey("email"));
        Assert.True(errors.ContainsKey("password"));
        Assert.True(errors.ContainsKey("teamIds"));
    }

    [Fact]
    public async Task Create_WithUnknownRole_Is400NamingRole()
    {
        await (await app.Admin().PostJsonAsync("/api/v1/agents", new { name = "Boss", email = UniqueEmail(), role = "owner" })).ExpectProblemAsync(HttpStatusCode.BadRequest, "role");
    }

    [Fact]
    public async Task ListAndGet_ShowAgentsToStaff()
    {
        var email = UniqueEmail();
        var created = await CreateAsync(new { name = "Listed Person", email });
        var (agent, _) = await app.AgentAsync();

        var found = await (await agent.GetAsync($"/api/v1/agents?q={email}")).ExpectArrayAsync();
        Assert.Equal(created["id"]!.GetValue<long>(), Assert.Single(found)!["id"]!.GetValue<long>());
        var one = await (await agent.GetAsync($"/api/v1/agents/{created["id"]}")).ExpectAsync(HttpStatusCode.OK);
        Assert.Equal("Listed Person", one["name"]!.GetValue<string>());
        await (await agent.GetAsync("/api/v1/agents/987654")).ExpectProblemAsync(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Me_ReturnsTheCallingAgent()
    {
        var (agent, agentId) = await app.AgentAsync("Myself");

        var me = await (await agent.GetAsync("/api/v1/agents/me")).ExpectAsync(HttpStatusCode.OK);

        Assert.Equal((agentId, "Myself"), (me["id"]!.GetValue<long>(), me["name"]!.GetValue<string>()));
    }

    [Fact]
    public async Task Patch_PromotingAnAgent_TakesEffectOnTheirNextRequest()
    {
        var (agent, agentId) = await app.AgentAsync();
        await (await agent.GetAsync("/api/v1/agents/me")).ExpectAsync(HttpStatusCode.OK); // sign-in now cached
        Assert.Equal(HttpStatusCode.Forbidden, (await agent.PostJsonAsync("/api/v1/teams", new { name = $"T {Guid.NewGuid():N}" })).StatusCode);

        var patched = await (await app.Admin().PatchJsonAsync($"/api/v1/agents/{agentId}", new { role = "admin", name = "Promoted" })).ExpectAsync(HttpStatusCode.OK);

        Assert.Equal(("admin", "Promoted"), (patched["role"]!.GetValue<string>(), patched["name"]!.GetValue<string>()));
        await (await agent.PostJsonAsync("/api/v1/teams", new { name = $"T {Guid.NewGuid():N}" })).ExpectAsync(HttpStatusCode.Created);
    }

    [Fact]
    public async Task Patch_ReplacesTeams_AndSetsAPasswordTheAgentCanSignInWith()
    {
        var created = await CreateAsync(new { name = "No password yet", email = UniqueEmail(), teamIds = new[] { await TeamAsync() } });
        var team = await TeamAsync();

        var patched = await (await app.Admin().PatchJsonAsync($"/api/v1/agents/{created["id"]}", new { teamIds = new[] { team }, password = "Brand-New-Pass-1" })).ExpectAsync(HttpStatusCode.OK);

        Assert.Equal([team], patched["teams"]!.AsArray().Select(t => t!["id"]!.GetValue<long>()).ToArray());
        await (await app.Anonymous().PostJsonAsync("/api/v1/auth/login", new { email = created["email"]!.GetValue<string>(), password = "Brand-New-Pass-1" })).ExpectAsync(HttpStatusCode.OK);
    }

    [Fact]
    public async Task Patch_WithBadValues_Is400_AndUnknownAgent_Is404()
    {
        var created = await CreateAsync(new { name = "Target", email = UniqueEmail() });
        var url = $"/api/v1/agents/{created["id"]}";

        await (await app.Admin().PatchJsonAsync(url, new { role = (string?)null })).ExpectProblemAsync(HttpStatusCode.BadRequest, "role");
        await (await app.Admin().PatchJsonAsync(url, new { password = "weak" })).ExpectProblemAsync(HttpStatusCode.BadRequest, "password");
        await (await app.Admin().PatchJsonAsync(url, new { email = UniqueEmail() })).ExpectProblemAsync(HttpStatusCode.BadRequest, "email");
        await (await app.Admin().PatchJsonAsync(url, new { teamIds = new[] { 987654 } })).ExpectProblemAsync(HttpStatusCode.BadRequest, "teamIds");
        await (await app.Admin().PatchJsonAsync("/api/v1/agents/987654", new { name = "Ghost" })).ExpectProblemAsync(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Admins_CannotDemoteOrDeactivateThemselves()
    {
        var (admin, adminId) = await app.AgentAsync("Self admin", Domain.Agents.AgentRole.Admin);

        await (await admin.PatchJsonAsync($"/api/v1/agents/{adminId}", new { role = "agent" })).ExpectProblemAsync(HttpStatusCode.Conflict, "role");
        await (await admin.PatchJsonAsync($"/api/v1/agents/{adminId}", new { isActive = false })).ExpectProblemAsync(HttpStatusCode.Conflict, "isActive");
        await (await admin.DeleteAsync($"/api/v1/agents/{adminId}")).ExpectProblemAsync(HttpStatusCode.Conflict);
    }

    [Fact]
    public async Task Delete_DeactivatesTheAgent_WhoseTokenStopsWorkingAtOnce()
    {
        var (agent, agentId) = await app.AgentAsync();
        await (await agent.GetAsync("/api/v1/agents/me")).ExpectAsync(HttpStatusCode.OK); // sign-in now cached

        await (await app.Admin().DeleteAsync($"/api/v1/agents/{agentId}")).ExpectAsync(HttpStatusCode.NoContent);

        Assert.Equal(HttpStatusCode.Unauthorized, (await agent.GetAsync("/api/v1/agents/me")).StatusCode);
        var after = await (await app.Admin().GetAsync($"/api/v1/agents/{agentId}")).ExpectAsync(HttpStatusCode.OK);
        Assert.False(after["isActive"]!.GetValue<bool>());
        var inactive = await (await app.Admin().GetAsync("/api/v1/agents?active=false")).ExpectArrayAsync();
        Assert.Contains(inactive, a => a!["id"]!.GetValue<long>() == agentId);

        await (await app.Admin().PatchJsonAsync($"/api/v1/agents/{agentId}", new { isActive = true })).ExpectAsync(HttpStatusCode.OK);
        await (await agent.GetAsync("/api/v1/agents/me")).ExpectAsync(HttpStatusCode.OK);
    }

    [Fact]
    public async Task Delete_UnknownAgent_Is404()
    {
        await (await app.Admin().DeleteAsync("/api/v1/agents/987654")).ExpectProblemAsync(HttpStatusCode.NotFound);
    }

    [Theory]
    [InlineData("POST", "/api/v1/agents")]
    [InlineData("PATCH", "/api/v1/agents/1")]
    [InlineData("DELETE", "/api/v1/agents/1")]
    public async Task Writes_AreForAdminsOnly(string method, string url) => await Access.AssertAdminOnlyAsync(app, method, url);

    [Theory]
    [InlineData("GET", "/api/v1/agents")]
    [InlineData("GET", "/api/v1/agents/me")]
    [InlineData("GET", "/api/v1/agents/1")]
    public async Task Reads_AreForStaffOnly(string method, string url) => await Access.AssertStaffOnlyAsync(app, method, url);
}
