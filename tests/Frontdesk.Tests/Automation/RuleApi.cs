using System.Net;
using System.Text.Json.Nodes;
using Frontdesk.Tests.Infrastructure;

namespace Frontdesk.Tests.Automation;

/// <summary>Shortcuts for rules: each test guards its rules with a marker in the subject, so rules of other tests in the same app leave its tickets alone.</summary>
internal static class RuleApi
{
    public static string Marker() => "m" + Guid.NewGuid().ToString("N")[..12];

    /// <summary>The condition that keeps a rule to one test's tickets.</summary>
    public static JsonObject Guard(string marker) => Leaf("subject", "contains", marker);

    public static JsonObject Leaf(string field, string op, JsonNode? value = null)
    {
        var leaf = new JsonObject { ["field"] = field, ["operator"] = op };
        if (value is not null)
        {
            leaf["value"] = value;
        }

        return leaf;
    }

    public static JsonObject All(params JsonNode[] parts) => new() { ["all"] = new JsonArray(parts) };

    public static JsonObject Any(params JsonNode[] parts) => new() { ["any"] = new JsonArray(parts) };

    public static JsonObject Action(string type, object? properties = null)
    {
        var action = new JsonObject { ["type"] = type };
        if (properties is not null)
        {
            foreach (var (key, value) in System.Text.Json.JsonSerializer.SerializeToNode(properties, Infrastructure.Api.Json)!.AsObject())
            {
                action[key] = value?.DeepClone();
            }
        }

        return action;
    }

    public static JsonObject Rule(string name, string[] triggers, JsonNode? conditions, params JsonNode[] actions) => new()
    {
        ["name"] = name,
        ["triggers"] = new JsonArray(triggers.Select(t => (JsonNode)t).ToArray()),
        ["conditions"] = conditions,
        ["actions"] = new JsonArray(actions),
    };

    public static async Task<JsonObject> CreateRuleAsync(this HttpClient admin, JsonObject rule) =>
        await (await admin.PostRawAsync("/api/v1/rules", rule.ToJsonString())).ExpectAsync(HttpStatusCode.Created);

    public static Task<HttpResponseMessage> PatchRawAsync(this HttpClient client, string url, string json) =>
        client.PatchAsync(url, new StringContent(json, System.Text.Encoding.UTF8, "application/json"));

    public static async Task<JsonObject> TicketAsync(this HttpClient client, long id) =>
        await (await client.GetAsync($"/api/v1/tickets/{id}")).ExpectAsync(HttpStatusCode.OK);

    public static async Task<List<JsonObject>> EventsAsync(this HttpClient client, long ticketId) =>
        (await (await client.GetAsync($"/api/v1/tickets/{ticketId}/events")).ExpectAsync(HttpStatusCode.OK))["items"]!.AsArray().Select(e => e!.AsObject()).ToList();

    /// <summary>History entries made by the rule with this id.</summary>
    public static async Task<List<JsonObject>> ByRuleAsync(this HttpClient client, long ticketId, long ruleId) =>
        (await client.EventsAsync(ticketId)).Where(e => e["actorKind"].Str() == "rule" && e["actorId"]!.GetValue<long>() == ruleId).ToList();

    public static JsonObject Inputs(this JsonObject historyEntry) => JsonNode.Parse(historyEntry["inputs"].Str())!.AsObject();

    public static async Task<JsonObject> ReplyAsync(this HttpClient client, long ticketId, string body, bool isInternal = false) =>
        await (await client.PostJsonAsync($"/api/v1/tickets/{ticketId}/messages", new { body, bodyFormat = "text", @internal = isInternal })).ExpectAsync(HttpStatusCode.Created);

    public static async Task<JsonObject> PatchTicketAsync(this HttpClient client, long ticketId, object changes) =>
        await (await client.PatchJsonAsync($"/api/v1/tickets/{ticketId}", changes)).ExpectAsync(HttpStatusCode.OK);
}
