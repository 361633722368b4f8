using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Frontdesk.Tests.Infrastructure;
using static Frontdesk.Tests.Automation.RuleApi;

namespace Frontdesk.Tests.Automation;

/// <summary>Managing rules through /api/v1/rules: create, read, change, order, delete; validation; who may.</summary>
public sealed class RuleAdminTests(FrontdeskFactory app) : IClassFixture<FrontdeskFactory>
{
    private static JsonObject Simple(string name = "A rule") =>
        Rule(name, ["ticketCreated"], Guard(Marker()), Action("addTags", new { tags = new[] { "x" } }));

    private static long[] Order(JsonArray rules) => rules.Select(r => r!["id"]!.GetValue<long>()).ToArray();

    private async Task<JsonArray> ListAsync() => await (await app.Admin().GetAsync("/api/v1/rules")).ExpectArrayAsync(HttpStatusCode.OK);

    private async Task<JsonObject> ProblemAsync(JsonObject rule, string field) =>
        await (await app.Admin().PostRawAsync("/api/v1/rules", rule.ToJsonString())).ExpectProblemAsync(HttpStatusCode.BadRequest, field);

    [Fact]
    public async Task Create_Returns201_WithTheRuleAsSaved_AndItIsListed()
    {
        var conditions = All(Leaf("priority", "in", new JsonArray("high", "urgent")), Any(Leaf("tags", "contains", "vip"), Leaf("channel", "is", "email")));
        var rule = Rule("Escalate", ["ticketCreated", "customerMessage"], conditions, Action("setPriority", new { value = "urgent" }));
        rule["description"] = "Urgent things first.";

        var response = await app.Admin().PostRawAsync("/api/v1/rules", rule.ToJsonString());

        var created = await response.ExpectAsync(HttpStatusCode.Created);
        Assert.Equal($"/api/v1/rules/{created["id"]}", response.Headers.Location?.OriginalString);
        Assert.Equal("Escalate", created["name"].Str());
        Assert.Equal("Urgent things first.", created["description"].Str());
        Assert.Equal(["ticketCreated", "customerMessage"], created["triggers"]!.AsArray().Select(t => t.Str()));
        Assert.True(JsonNode.DeepEquals(conditions, created["conditions"]));
        Assert.Equal("setPriority", created["actions"]![0]!["type"].Str());
        Assert.True(created["isActive"]!.GetValue<bool>());
        Assert.Contains(Order(await ListAsync()), id => id == created["id"]!.GetValue<long>());
        var fetched = await (await app.Admin().GetAsync($"/api/v1/rules/{created["id"]}")).ExpectAsync(HttpStatusCode.OK);
        Assert.Equal(created.ToJsonString(), fetched.ToJsonString());
    }

    [Fact]
    public async Task NewRules_RunLast_UnlessGivenAPosition_AndPositionsStayDense()
    {
        var first = await app.Admin().CreateRuleAsync(Simple("first"));
        var second = await app.Admin().CreateRuleAsync(Simple("second"));
        var rule = Simple("at the front");
        rule["position"] = 1;

        var front = await app.Admin().CreateRuleAsync(rule);

        var rules = await ListAsync();
        Assert.Equal(1, front["position"]!.GetValue<int>());
        Assert.Equal(Enumerable.Range(1, rules.Count), rules.Select(r => r!["position"]!.GetValue<int>()));
        var order = Order(rules).ToList();
        Assert.True(order.IndexOf(front["id"]!.GetValue<long>()) < order.IndexOf(first["id"]!.GetValue<long>()));
        Assert.True(order.IndexOf(first["id"]!.GetValue<long>()) < order.IndexOf(second["id"]!.GetValue<long>()));
    }

    [Fact]
    public async Task Reorder_SetsTheWholeOrder_AndRefusesAListThatDropsOrRepeatsARule()
    {
        await app.Admin().CreateRuleAsync(Simple());
        await app.Admin().CreateRuleAsync(Simple());
        var ids = Order(await ListAsync());
        var reversed = ids.Reverse().ToArray();

        var reordered = await (await app.Admin().PutAsJsonAsync("/api/v1/rules/order", new { ids = reversed }, Infrastructure.Api.Json)).ExpectArrayAsync(HttpStatusCode.OK);

        Assert.Equal(reversed, Order(reordered));
        Assert.Equal(reversed, Order(await ListAsync()));
        var dropped = await (await app.Admin().PutAsJsonAsync("/api/v1/rules/order", new { ids = reversed.Skip(1) }, Infrastructure.Api.Json)).ExpectProblemAsync(HttpStatusCode.BadRequest, "ids");
        Assert.Contains($"missing {reversed[0]}", dropped["detail"].Str());
        await (await app.Admin().PutAsJsonAsync("/api/v1/rules/order", new { ids = reversed.Append(reversed[0]) }, Infrastructure.Api.Json)).ExpectProblemAsync(HttpStatusCode.BadRequest, "ids");
        await (await app.Admin().PutAsJsonAsync("/api/v1/rules/order", new { ids = reversed.Append(987654) }, Infrastructure.Api.Json)).ExpectProblemAsync(HttpStatusCode.BadRequest, "ids");
        Assert.Equal(reversed, Order(await ListAsync()));
    }

    [Fact]
    public async Task Patch_ChangesWhatIsGiven_KeepsTheRest_AndMovesTheRule()
    {
        var rule = await app.Admin().CreateRuleAsync(Simple("before"));
        var id = rule["id"]!.GetValue<long>();

        var patched = await (await app.Admin().PatchJsonAsync($"/api/v1/rules/{id}", new { name = "after", isActive = false, position = 1, triggers = new[] { "statusChanged" } }))
            .ExpectAsync(HttpStatusCode.OK);

        Assert.Equal("after", patched["name"].Str());
        Assert.False(patched["isActive"]!.GetValue<bool>());
        Assert.Equal(1, patched["position"]!.GetValue<int>());
        Assert.Equal(["statusChanged"], patched["triggers"]!.AsArray().Select(t => t.Str()));
        Assert.True(JsonNode.DeepEquals(rule["conditions"], patched["conditions"]));
        Assert.True(JsonNode.DeepEquals(rule["actions"], patched["actions"]));
        Assert.Equal(id, Order(await ListAsync())[0]);

        var cleared = await (await app.Admin().PatchRawAsync($"/api/v1/rules/{id}", """{"conditions": null}""")).ExpectAsync(HttpStatusCode.OK);
        Assert.Null(cleared["conditions"]);
    }

    [Fact]
    public async Task Delete_Returns204_ThenTheRuleIsGone_AndTheOthersCloseUp()
    {
        var rule = await app.Admin().CreateRuleAsync(Simple());
        var id = rule["id"]!.GetValue<long>();

        await (await app.Admin().DeleteAsync($"/api/v1/rules/{id}")).ExpectAsync(HttpStatusCode.NoContent);

        await (await app.Admin().GetAsync($"/api/v1/rules/{id}")).ExpectProblemAsync(HttpStatusCode.NotFound);
        await (await app.Admin().DeleteAsync($"/api/v1/rules/{id}")).ExpectProblemAsync(HttpStatusCode.NotFound);
        await (await app.Admin().PatchJsonAsync($"/api/v1/rules/{id}", new { name = "x" })).ExpectProblemAsync(HttpStatusCode.NotFound);
        var rules = await ListAsync();
        Assert.DoesNotContain(id, Order(rules));
        Assert.Equal(Enumerable.Range(1, rules.Count), rules.Select(r => r!["position"]!.GetValue<int>()));
    }

    [Fact]
    public async Task UnknownField_InANestedCondition_Is400NamingItsPath()
    {
        var rule = Simple();
        rule["conditions"] = All(Leaf("status", "is", "open"), Any(Leaf("priorty", "is", "high")));

        var problem = await ProblemAsync(rule, "conditions.all[1].any[0].field");

        Assert.Contains("Unknown field 'priorty'", problem["errors"]!["conditions.all[1].any[0].field"]![0].Str());
    }

    [Theory]
    [InlineData("""{"field": "priority", "operator": "is", "value": "hgh"}""", "conditions.value")]
    [InlineData("""{"field": "subject", "operator": "matches", "value": "(unclosed"}""", "conditions.value")]
    [InlineData("""{"field": "custom.no_such_field", "operator": "isSet"}""", "conditions.field")]
    [InlineData("""{"field": "team", "operator": "is", "value": 987654}""", "conditions.value")]
    [InlineData("""{"field": "category", "operator": "in", "value": [987654]}""", "conditions.value[0]")]
    [InlineData("""{"field": "assignee", "operator": "is", "value": 987654}""", "conditions.value")]
    [InlineData("""{"field": "organization", "operator": "is", "value": 987654}""", "conditions.value")]
    [InlineData("""{"field": "requester", "operator": "is", "value": 987654}""", "conditions.value")]
    [InlineData("""{"field": "subject", "operator": "near", "value": "x"}""", "conditions.operator")]
    public async Task BadCondition_Is400NamingThePath(string condition, string path)
    {
        var rule = Simple();
        rule["conditions"] = JsonNode.Parse(condition);

        await ProblemAsync(rule, path);
    }

    [Theory]
    [InlineData("""{"type": "setPriority", "value": "hgh"}""", "actions[0].value")]
    [InlineData("""{"type": "setPriorty", "value": "high"}""", "actions[0].type")]
    [InlineData("""{"type": "setTeam", "value": 987654}""", "actions[0].value")]
    [InlineData("""{"type": "setTeam"}""", "actions[0].value")]
    [InlineData("""{"type": "setCategory", "value": 987654}""", "actions[0].value")]
    [InlineData("""{"type": "assign", "value": 987654}""", "actions[0].value")]
    [InlineData("""{"type": "setStatus", "value": "done"}""", "actions[0].value")]
    [InlineData("""{"type": "addTags", "tags": []}""", "actions[0].tags")]
    [InlineData("""{"type": "addTags", "tags": ["ok", "not ok"]}""", "actions[0].tags[1]")]
    [InlineData("""{"type": "setCustomField", "key": "no_such_field", "value": 1}""", "actions[0].key")]
    [InlineData("""{"type": "addNote", "body": "Hello {{requester.nmae}}"}""", "actions[0].body")]
    [InlineData("""{"type": "sendEmail", "to": "requester", "subject": "{{ticket.numbr}}", "body": "x"}""", "actions[0].subject")]
    [InlineData("""{"type": "sendEmail", "to": "nobody", "subject": "s", "body": "x"}""", "actions[0].to")]
    [InlineData("""{"type": "callWebhook", "url": "ftp://example.com/hook"}""", "actions[0].url")]
    [InlineData("""{"type": "callWebhook", "url": "https://example.com/hook", "body": {"text": "{{ticket.nope}}"}}""", "actions[0].body.text")]
    [InlineData("""{"type": "callWebhook", "url": "https://example.com/hook", "secret": "short"}""", "actions[0].secret")]
    [InlineData("""{"type": "callWebhook", "url": "https://example.com/hook", "secret": "********"}""", "actions[0].secret")]
    [InlineData("""{"type": "setPriority", "value": "high", "also": 1}""", "actions[0].also")]
    public async Task BadAction_Is400NamingThePath(string action, string path)
    {
        var rule = Simple();
        rule["actions"] = new JsonArray(JsonNode.Parse(action));

        await ProblemAsync(rule, path);
    }

    [Fact]
    public async Task MissingParts_Are400_EachNamed()
    {
        var problem = await (await app.Admin().PostRawAsync("/api/v1/rules", """{"actions": []}""")).ExpectProblemAsync(HttpStatusCode.BadRequest, "name");

        Assert.True(problem["errors"]!.AsObject().ContainsKey("triggers"));
        Assert.True(problem["errors"]!.AsObject().ContainsKey("actions"));
        await (await app.Admin().PostRawAsync("/api/v1/rules", """{"name": "x", "triggers": ["ticketCreated"], "actions": []}""")).ExpectProblemAsync(HttpStatusCode.BadRequest, "actions");
        await (await app.Admin().PostRawAsync("/api/v1/rules", """{"name": "x", "triggers": ["whenever"], "actions": []}""")).ExpectProblemAsync(HttpStatusCode.BadRequest, "triggers[0]");
        await (await app.Admin().PostRawAsync("/api/v1/rules", """{"name": "x", "triggers": ["ticketCreated"], "actions": [{"type": "setPriority", "value": "low"}], "extra": 1}""")).ExpectProblemAsync(HttpStatusCode.BadRequest, "extra");
    }

    [Fact]
    public async Task ABadPatch_Is400_AndChangesNothing()
    {
        var rule = await app.Admin().CreateRuleAsync(Simple());
        var id = rule["id"]!.GetValue<long>();

        await (await app.Admin().PatchRawAsync($"/api/v1/rules/{id}", """{"name": "renamed", "actions": [{"type": "setPriority", "value": "whenever"}]}"""))
            .ExpectProblemAsync(HttpStatusCode.BadRequest, "actions[0].value");

        var after = await (await app.Admin().GetAsync($"/api/v1/rules/{id}")).ExpectAsync(HttpStatusCode.OK);
        Assert.Equal(rule.ToJsonString(), after.ToJsonString());
    }

    [Fact]
    public async Task WebhookSecret_IsNeverShown_AndSendingTheMaskBackKeepsIt()
    {
        var rule = Simple();
        rule["actions"] = new JsonArray(Action("callWebhook", new { url = "https://hooks.example/a", secret = "a-secret-of-enough-length" }));
        var created = await app.Admin().CreateRuleAsync(rule);
        var id = created["id"]!.GetValue<long>();
        Assert.Equal("********", created["actions"]![0]!["secret"].Str());
        Assert.DoesNotContain("a-secret-of-enough-length", created.ToJsonString());

        // The admin screen sends back what it read, with another name: the secret stays.
        var renamed = await (await app.Admin().PatchRawAsync($"/api/v1/rules/{id}", new JsonObject { ["name"] = "renamed", ["actions"] = created["actions"]!.DeepClone() }.ToJsonString()))
            .ExpectAsync(HttpStatusCode.OK);
        Assert.Equal("********", renamed["actions"]![0]!["secret"].Str());
        var stored = await app.WithDbAsync(db => Task.FromResult(db.Rules.Single(r => r.Id == id).ActionsJson));
        Assert.Contains("secretProtected", stored);
        Assert.DoesNotContain("a-secret-of-enough-length", stored);

        // The mask cannot carry a secret over to another URL.
        var moved = created["actions"]!.DeepClone();
        moved[0]!["url"] = "https://hooks.example/b";
        await (await app.Admin().PatchRawAsync($"/api/v1/rules/{id}", new JsonObject { ["actions"] = moved }.ToJsonString())).ExpectProblemAsync(HttpStatusCode.BadRequest, "actions[0].secret");
    }

    [Theory]
    [InlineData("GET", "/api/v1/rules")]
    [InlineData("GET", "/api/v1/rules/1")]
    [InlineData("POST", "/api/v1/rules")]
    [InlineData("PATCH", "/api/v1/rules/1")]
    [InlineData("DELETE", "/api/v1/rules/1")]
    [InlineData("PUT", "/api/v1/rules/order")]
    [InlineData("POST", "/api/v1/rules/simulate")]
    public async Task OnlyAdmins_MayUseRules(string method, string url) => await Identity.Access.AssertAdminOnlyAsync(app, method, url);

    [Fact]
    public async Task AnAdminAgent_MayManageRules()
    {
        var (admin, _) = await app.AgentAsync("Ada Admin", Domain.Agents.AgentRole.Admin);

        await (await admin.PostRawAsync("/api/v1/rules", Simple().ToJsonString())).ExpectAsync(HttpStatusCode.Created);
    }
}
