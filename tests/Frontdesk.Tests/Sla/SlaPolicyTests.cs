using System.Net;
using System.Text.Json.Nodes;
using Frontdesk.Tests.Identity;
using Frontdesk.Tests.Infrastructure;

namespace Frontdesk.Tests.Sla;

public sealed class SlaPolicyTests(FrontdeskFactory app) : IClassFixture<FrontdeskFactory>, IAsyncLifetime
{
    public async ValueTask InitializeAsync() => await app.ClearPoliciesAsync();

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;

    private async Task<string[]> OrderAsync() =>
        (await (await app.Admin().GetAsync("/api/v1/sla-policies")).ExpectArrayAsync()).Select(p => $"{p!["position"]}:{p["name"].Str()}").ToArray();

    [Fact]
    public async Task Create_Returns201_WithConditionsTargetsAndTheNextPosition()
    {
        var calendar = await app.OfficeCalendarAsync();
        await app.PolicyForAllAsync(firstResponse: 600, name: "Catch-all");

        var response = await app.Admin().PostJsonAsync("/api/v1/sla-policies", new
        {
            name = "Premium incidents",
            conditions = new { priorities = new[] { "urgent", "high", "urgent" }, organizationTiers = new[] { "premium" }, types = new[] { "incident" }, channels = new[] { "email", "phone" } },
            calendarId = calendar,
            targets = new { urgent = new { firstResponse = 30, nextResponse = 60, resolution = 240 }, high = new { firstResponse = 60 } },
            warnAt = 0.8,
        });

        var policy = await response.ExpectAsync(HttpStatusCode.Created);
        Assert.Equal($"/api/v1/sla-policies/{policy["id"]}", response.Headers.Location?.OriginalString);
        Assert.Equal(2, policy["position"]!.GetValue<int>());
        Assert.Equal(["urgent", "high"], policy["conditions"]!["priorities"]!.AsArray().Select(p => p.Str()));
        Assert.Equal("premium", policy["conditions"]!["organizationTiers"]![0].Str());
        Assert.Equal(calendar, policy["calendarId"]!.GetValue<long>());
        Assert.Equal(30, policy["targets"]!["urgent"]!["firstResponse"]!.GetValue<int>());
        Assert.Null(policy["targets"]!["high"]!["resolution"]);
        Assert.False(policy["targets"]!.AsObject().ContainsKey("low"));
        Assert.Equal(0.8, policy["warnAt"]!.GetValue<double>());
        var fetched = await (await app.Admin().GetAsync($"/api/v1/sla-policies/{policy["id"]}")).ExpectAsync(HttpStatusCode.OK);
        Assert.True(JsonNode.DeepEquals(policy, fetched));
    }

    [Theory]
    [InlineData("""{"targets": {"urgent": {"firstResponse": 30}}}""", "name")]
    [InlineData("""{"name": "P"}""", "targets")]
    [InlineData("""{"name": "P", "targets": {}}""", "targets")]
    [InlineData("""{"name": "P", "targets": {"urgent": {}}}""", "targets")]
    [InlineData("""{"name": "P", "targets": {"critical": {"firstResponse": 30}}}""", "targets.critical")]
    [InlineData("""{"name": "P", "targets": {"urgent": null}}""", "targets.urgent")]
    [InlineData("""{"name": "P", "targets": {"urgent": {"firstResponse": 0}}}""", "targets.urgent.firstResponse")]
    [InlineData("""{"name": "P", "targets": {"high": {"nextResponse": -5}}}""", "targets.high.nextResponse")]
    [InlineData("""{"name": "P", "targets": {"low": {"resolution": 9999999}}}""", "targets.low.resolution")]
    [InlineData("""{"name": "P", "targets": {"low": {"resolution": "soon"}}}""", "targets.low.resolution")]
    [InlineData("""{"name": "P", "targets": {"low": {"solution": 30}}}""", "targets.low.solution")]
    [InlineData("""{"name": "P", "calendarId": 987654, "targets": {"urgent": {"firstResponse": 30}}}""", "calendarId")]
    [InlineData("""{"name": "P", "warnAt": 1.5, "targets": {"urgent": {"firstResponse": 30}}}""", "warnAt")]
    [InlineData("""{"name": "P", "warnAt": 0, "targets": {"urgent": {"firstResponse": 30}}}""", "warnAt")]
    [InlineData("""{"name": "P", "position": 0, "targets": {"urgent": {"firstResponse": 30}}}""", "position")]
    [InlineData("""{"name": "P", "conditions": {"priorities": []}, "targets": {"urgent": {"firstResponse": 30}}}""", "conditions.priorities")]
    [InlineData("""{"name": "P", "conditions": {"channels": ["pigeon"]}, "targets": {"urgent": {"firstResponse": 30}}}""", "conditions.channels[0]")]
    [InlineData("""{"name": "P", "conditions": {"weather": ["rain"]}, "targets": {"urgent": {"firstResponse": 30}}}""", "conditions.weather")]
    public async Task Create_Invalid_Is400NamingTheField(string body, string field)
    {
        var response = await app.Admin().PostRawAsync("/api/v1/sla-policies", body);

        await response.ExpectProblemAsync(HttpStatusCode.BadRequest, field);
        Assert.Empty(await OrderAsync());
    }

    [Fact]
    public async Task Positions_StayNumberedOneToN_AsPoliciesAreInsertedMovedAndDeleted()
    {
        await app.PolicyForAllAsync(60, name: "A");
        await app.PolicyForAllAsync(60, name: "B");
        var c = await app.PolicyForAllAsync(60, name: "C");
        var d = await app.PolicyAsync(new { name = "D", position = 1, targets = new { low = new { firstResponse = 60 } } });
        Assert.Equal(["1:D", "2:A", "3:B", "4:C"], await OrderAsync());

        await (await app.Admin().PatchJsonAsync($"/api/v1/sla-policies/{c["id"]}", new { position = 2 })).ExpectAsync(HttpStatusCode.OK);
        Assert.Equal(["1:D", "2:C", "3:A", "4:B"], await OrderAsync());

        await (await app.Admin().PatchJsonAsync($"/api/v1/sla-policies/{d["id"]}", new { position = 99 })).ExpectAsync(HttpStatusCode.OK);
        Assert.Equal(["1:C", "2:A", "3:B", "4:D"], await OrderAsync());

        await (await app.Admin().DeleteAsync($"/api/v1/sla-policies/{c["id"]}")).ExpectAsync(HttpStatusCode.NoContent);
        Assert.Equal(["1:A", "2:B", "3:D"], await OrderAsync());
    }

    [Fact]
    public async Task Patch_NewTargets_ApplyToRunningClocks_FromTheirStart()
    {
        var policy = await app.PolicyForAllAsync(firstResponse: 60);
        var start = app.Clock.GetUtcNow();
        var ticket = await app.Admin().CreateTicketAsync("Retargeted");

        var patched = await (await app.Admin().PatchJsonAsync($"/api/v1/sla-policies/{policy["id"]}", new { targets = new { normal = new { firstResponse = 180 } }, warnAt = (double?)null })).ExpectAsync(HttpStatusCode.OK);

        Assert.Null(patched["warnAt"]);
        Assert.False(patched["targets"]!.AsObject().ContainsKey("urgent"));
        var after = await app.TicketAsync(ticket.Id());
        Assert.Equal(start.AddMinutes(180), after["dueAt"].Time());
        Assert.Equal(180, after["sla"]!["firstResponse"]!["targetMinutes"]!.GetValue<int>());
    }

    [Fact]
    public async Task Patch_TakenName_Is409_NullPosition_Is400_AndUnknown_Is404()
    {
        await app.PolicyForAllAsync(60, name: "Taken");
        var other = await app.PolicyForAllAsync(60, name: "Other");

        await (await app.Admin().PatchJsonAsync($"/api/v1/sla-policies/{other["id"]}", new { name = "Taken" })).ExpectProblemAsync(HttpStatusCode.Conflict, "name");
        await (await app.Admin().PatchJsonAsync($"/api/v1/sla-policies/{other["id"]}", new { position = (int?)null })).ExpectProblemAsync(HttpStatusCode.BadRequest, "position");
        await (await app.Admin().PatchJsonAsync($"/api/v1/sla-policies/{other["id"]}", new { calendarId = 987654 })).ExpectProblemAsync(HttpStatusCode.BadRequest, "calendarId");
        await (await app.Admin().PatchJsonAsync("/api/v1/sla-policies/987654", new { name = "X" })).ExpectProblemAsync(HttpStatusCode.NotFound);
        await (await app.Admin().DeleteAsync("/api/v1/sla-policies/987654")).ExpectProblemAsync(HttpStatusCode.NotFound);
        await (await app.Admin().PostJsonAsync("/api/v1/sla-policies", new { name = "Other", targets = new { low = new { firstResponse = 5 } } })).ExpectProblemAsync(HttpStatusCode.Conflict, "name");
    }

    [Fact]
    public async Task Agents_ReadPolicies_ButCustomersDoNot()
    {
        var policy = await app.PolicyForAllAsync(60);
        var (agent, _) = await app.AgentAsync();
        var (customer, _) = await app.CustomerAsync($"{Guid.NewGuid():N}@customers.test");

        await (await agent.GetAsync($"/api/v1/sla-policies/{policy["id"]}")).ExpectAsync(HttpStatusCode.OK);
        Assert.Equal(HttpStatusCode.Forbidden, (await customer.GetAsync("/api/v1/sla-policies")).StatusCode);
    }

    [Theory]
    [InlineData("POST", "/api/v1/sla-policies")]
    [InlineData("PATCH", "/api/v1/sla-policies/1")]
    [InlineData("DELETE", "/api/v1/sla-policies/1")]
    public async Task Writes_AreForAdminsOnly(string method, string url) => await Access.AssertAdminOnlyAsync(app, method, url);
}
