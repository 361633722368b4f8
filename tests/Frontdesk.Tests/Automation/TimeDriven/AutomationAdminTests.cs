using System.Net;
using System.Text.Json.Nodes;
using Frontdesk.Tests.Infrastructure;
using static Frontdesk.Tests.Automation.RuleApi;

namespace Frontdesk.Tests.Automation.TimeDriven;

/// <summary>The admin API: what is saved is what is shown; every mistake is a 400 naming the JSON path; only admins.</summary>
public sealed class AutomationAdminTests(FrontdeskFactory app) : IClassFixture<FrontdeskFactory>
{
    private static JsonObject Valid() => AutomationKit.Automation(
        "Close solved", "statusChanged", new { amount = 4, unit = "days" },
        Leaf("status", "is", "solved"),
        Action("setStatus", new { value = "closed" }));

    [Fact]
    public async Task Create_ThenGetAndList_ShowWhatWasSaved()
    {
        var admin = app.Admin();
        var created = await admin.CreateAutomationAsync(Valid());

        var got = await (await admin.GetAsync($"/api/v1/automations/{created.Id()}")).ExpectAsync(HttpStatusCode.OK);
        Assert.Equal("Close solved", got["name"].Str());
        Assert.Equal("statusChanged", got["since"].Str());
        Assert.Equal(4, got["after"]!["amount"]!.GetValue<int>());
        Assert.Equal("days", got["after"]!["unit"].Str());
        Assert.False(got["after"]!["businessTime"]!.GetValue<bool>());
        Assert.Equal("solved", got["conditions"]!["value"].Str());
        Assert.Equal("setStatus", got["actions"]![0]!["type"].Str());
        Assert.True(got["isActive"]!.GetValue<bool>());
        Assert.Contains(await (await admin.GetAsync("/api/v1/automations")).ExpectArrayAsync(HttpStatusCode.OK), a => a!["id"]!.GetValue<long>() == created.Id());
    }

    [Fact]
    public async Task Update_ReplacesIt_AndDelete_RemovesIt()
    {
        var admin = app.Admin();
        var created = await admin.CreateAutomationAsync(Valid());
        var changed = Valid();
        changed["name"] = "Close solved sooner";
        changed["after"] = new JsonObject { ["amount"] = 2, ["unit"] = "hours" };
        changed["isActive"] = false;

        var updated = await (await admin.PutAsync($"/api/v1/automations/{created.Id()}", new StringContent(changed.ToJsonString(), System.Text.Encoding.UTF8, "application/json"))).ExpectAsync(HttpStatusCode.OK);
        Assert.Equal("Close solved sooner", updated["name"].Str());
        Assert.Equal("hours", updated["after"]!["unit"].Str());
        Assert.False(updated["isActive"]!.GetValue<bool>());

        Assert.Equal(HttpStatusCode.NoContent, (await admin.DeleteAsync($"/api/v1/automations/{created.Id()}")).StatusCode);
        await (await admin.GetAsync($"/api/v1/automations/{created.Id()}")).ExpectProblemAsync(HttpStatusCode.NotFound);
        await (await admin.DeleteAsync($"/api/v1/automations/{created.Id()}")).ExpectProblemAsync(HttpStatusCode.NotFound);
    }

    [Theory]
    [InlineData("since", null, "since")]
    [InlineData("since", "\"whenever\"", "since")]
    [InlineData("after", null, "after")]
    [InlineData("after", "{\"amount\": 0, \"unit\": \"days\"}", "after.amount")]
    [InlineData("after", "{\"amount\": 400, \"unit\": \"days\"}", "after.amount")]
    [InlineData("after", "{\"amount\": 3, \"unit\": \"weeks\"}", "after.unit")]
    [InlineData("after", "{\"amount\": 3, \"unit\": \"days\", \"businessTime\": true, \"calendarId\": 999999}", "after.calendarId")]
    [InlineData("after", "{\"amount\": 3, \"unit\": \"days\", \"calendarId\": 1}", "after.calendarId")]
    [InlineData("conditions", "{\"field\": \"priorty\", \"operator\": \"is\", \"value\": \"high\"}", "conditions.field")]
    [InlineData("actions", "[{\"type\": \"explode\"}]", "actions[0].type")]
    [InlineData("actions", "[]", "actions")]
    [InlineData("name", null, "name")]
    public async Task Create_Invalid_Is400_NamingTheField(string property, string? json, string field)
    {
        var body = Valid();
        body[property] = json is null ? null : JsonNode.Parse(json);

        await (await app.Admin().PostRawAsync("/api/v1/automations", body.ToJsonString())).ExpectProblemAsync(HttpStatusCode.BadRequest, field);
    }

    [Fact]
    public async Task Update_Invalid_Is400_AndUnknown_Is404()
    {
        var admin = app.Admin();
        var created = await admin.CreateAutomationAsync(Valid());
        var bad = Valid();
        bad["since"] = "later";

        await (await admin.PutAsync($"/api/v1/automations/{created.Id()}", new StringContent(bad.ToJsonString(), System.Text.Encoding.UTF8, "application/json"))).ExpectProblemAsync(HttpStatusCode.BadRequest, "since");
        await (await admin.PutAsync("/api/v1/automations/999999", new StringContent(Valid().ToJsonString(), System.Text.Encoding.UTF8, "application/json"))).ExpectProblemAsync(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Agents_AreForbidden_AndAnonymous_Unauthorized()
    {
        var (agent, _) = await app.AgentAsync("Not an admin");
        Assert.Equal(HttpStatusCode.Forbidden, (await agent.GetAsync("/api/v1/automations")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await agent.PostRawAsync("/api/v1/automations", Valid().ToJsonString())).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await app.CreateClient().GetAsync("/api/v1/automations")).StatusCode);
    }
}
