using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using Frontdesk.Tests.Identity;
using Frontdesk.Tests.Infrastructure;

namespace Frontdesk.Tests.Routing;

/// <summary>Arranges teams, agents and tickets for routing through the API, and reads back what routing did.</summary>
public static class RoutingApi
{
    public static async Task<long> TeamAsync(this FrontdeskFactory app, string assignment, object? loadWeights = null, string? name = null)
    {
        var body = new JsonObject { ["name"] = name ?? $"Team {Guid.NewGuid():N}", ["assignment"] = assignment };
        if (loadWeights is not null)
        {
            body["loadWeights"] = JsonSerializer.SerializeToNode(loadWeights, Infrastructure.Api.Json);
        }

        var team = await (await app.Admin().PostRawAsync("/api/v1/teams", body.ToJsonString())).ExpectAsync(HttpStatusCode.Created);
        return team["id"]!.GetValue<long>();
    }

    /// <summary>A new agent (made by an admin through the API) in these teams.</summary>
    public static async Task<long> MemberAsync(this FrontdeskFactory app, long teamId, string availability = "online", int capacity = 5, long[]? skills = null, string? name = null, long[]? moreTeams = null)
    {
        var agent = await (await app.Admin().PostJsonAsync("/api/v1/agents", new
        {
            name = name ?? $"Agent {Guid.NewGuid():N}"[..14],
            email = $"{Guid.NewGuid():N}@agents.test",
            teamIds = new[] { teamId }.Concat(moreTeams ?? []).ToArray(),
            availability,
            capacity,
            skillIds = skills ?? [],
        })).ExpectAsync(HttpStatusCode.Created);
        return agent["id"]!.GetValue<long>();
    }

    /// <summary>A new agent with their own API client, in this team.</summary>
    public static async Task<(HttpClient Client, long Id)> SignedInMemberAsync(this FrontdeskFactory app, long teamId, string availability, int capacity = 5)
    {
        var (client, id) = await app.AgentAsync($"Agent {Guid.NewGuid():N}"[..14]);
        await (await app.Admin().PatchJsonAsync($"/api/v1/agents/{id}", new { teamIds = new[] { teamId }, availability, capacity })).ExpectAsync(HttpStatusCode.OK);
        return (client, id);
    }

    public static async Task<long> TicketInAsync(this FrontdeskFactory app, long teamId, object? extra = null, string subject = "Routed")
    {
        var body = JsonSerializer.SerializeToNode(extra ?? new { }, Infrastructure.Api.Json)!.AsObject();
        body["teamId"] = teamId;
        return (await app.Admin().CreateTicketAsync(subject, extra: body)).Id();
    }

    public static async Task<JsonObject> TicketAsync(this FrontdeskFactory app, long ticketId) =>
        await (await app.Admin().GetAsync($"/api/v1/tickets/{ticketId}")).ExpectAsync(HttpStatusCode.OK);

    public static async Task<long?> AssigneeAsync(this FrontdeskFactory app, long ticketId) =>
        (await app.TicketAsync(ticketId))["assigneeId"]?.GetValue<long>();

    public static async Task<List<JsonObject>> EventsAsync(this FrontdeskFactory app, long ticketId)
    {
        var page = await (await app.Admin().GetAsync($"/api/v1/tickets/{ticketId}/events")).ExpectAsync(HttpStatusCode.OK);
        return page["items"]!.AsArray().Select(e => e!.AsObject()).ToList();
    }

    public static async Task<List<JsonObject>> RoutingEventsAsync(this FrontdeskFactory app, long ticketId) =>
        (await app.EventsAsync(ticketId)).Where(e => e["actorKind"]!.GetValue<string>() == "routing").ToList();

    public static async Task<JsonObject> QueueAsync(this FrontdeskFactory app, long teamId) =>
        await (await app.Admin().GetAsync($"/api/v1/teams/{teamId}/queue")).ExpectAsync(HttpStatusCode.OK);

    public static long[] QueuedIds(this JsonObject queue) => queue["items"]!.AsArray().Select(t => t!["id"]!.GetValue<long>()).ToArray();

    public static async Task SolveAsync(this FrontdeskFactory app, long ticketId) =>
        await (await app.Admin().PatchJsonAsync($"/api/v1/tickets/{ticketId}", new { status = "solved" })).ExpectAsync(HttpStatusCode.OK);

    public static async Task<JsonObject> PatchAgentAsync(this FrontdeskFactory app, long agentId, object body) =>
        await (await app.Admin().PatchJsonAsync($"/api/v1/agents/{agentId}", body)).ExpectAsync(HttpStatusCode.OK);

    public static Task<HttpResponseMessage> PatchRawAsync(this HttpClient client, string url, string json) =>
        client.SendAsync(new HttpRequestMessage(HttpMethod.Patch, url) { Content = new StringContent(json, System.Text.Encoding.UTF8, "application/json") });

    public static async Task<long> SkillAsync(this FrontdeskFactory app, string kind, string? value = null, long? categoryId = null, string? name = null)
    {
        var skill = await (await app.Admin().PostJsonAsync("/api/v1/skills", new { name = name ?? $"Skill {Guid.NewGuid():N}", kind, value, categoryId }))
            .ExpectAsync(HttpStatusCode.Created);
        return skill["id"]!.GetValue<long>();
    }

    public static async Task<long> CategoryAsync(this FrontdeskFactory app, long? parentId = null)
    {
        var category = await (await app.Admin().PostJsonAsync("/api/v1/categories", new { name = $"Category {Guid.NewGuid():N}", parentId }))
            .ExpectAsync(HttpStatusCode.Created);
        return category["id"]!.GetValue<long>();
    }
}
