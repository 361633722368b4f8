using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Frontdesk.Demo;
using Frontdesk.Identity;
using Frontdesk.Tests.Infrastructure;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;

namespace Frontdesk.Tests.Demo;

/// <summary>The server with the demo workspace switched on, as a first start without --no-demo has it.</summary>
public sealed class DemoFactory : FrontdeskFactory
{
    protected override void ConfigureMore(IWebHostBuilder builder) => builder.UseSetting(DemoWorkspace.Setting, "true");
}

public sealed class DemoWorkspaceTests(DemoFactory app) : IClassFixture<DemoFactory>
{
    [Fact]
    public async Task FirstStart_WithDemoOn_ServesTicketsAcrossStatusesChannelsAndTeams()
    {
        var tickets = await AllTicketsAsync(app.Admin());

        Assert.True(tickets.Count >= 150, $"Expected at least 150 demo tickets, got {tickets.Count}.");
        Assert.Equal(app.Services.GetRequiredService<StartupReport>().DemoTickets, tickets.Count);
        Assert.Superset(new HashSet<string> { "new", "open", "pending", "onHold", "solved", "closed" }, Values(tickets, "status"));
        Assert.True(Values(tickets, "channel").Count >= 5, $"Channels: {string.Join(", ", Values(tickets, "channel"))}");
        Assert.Superset(new HashSet<string> { "low", "normal", "high", "urgent" }, Values(tickets, "priority"));
        Assert.True(Values(tickets, "type").Count >= 6);
        Assert.True(Values(tickets, "teamId").Count >= 3);
        Assert.Contains(tickets, t => t["assigneeId"] is not null);
        Assert.Contains(tickets, t => t["dueAt"] is not null);
        Assert.Contains(tickets, t => t["tags"]!.AsArray().Count > 0);
        Assert.Contains(tickets, t => t["customFields"]!.AsObject().Count > 0);
        Assert.Single(tickets, t => t["mergedIntoId"] is not null);

        var channels = await (await app.Admin().GetAsync("/api/v1/channels")).Content.ReadFromJsonAsync<JsonArray>();
        Assert.Superset(new HashSet<string> { "email", "chat", "web", "phone" }, channels!.Select(c => c!["kind"]!.GetValue<string>()).ToHashSet());
    }

    [Fact]
    public async Task FirstStartAdmin_HasOpenDemoTicketsOfTheirOwn_ToWorkOnAfterSigningIn()
    {
        var me = await (await app.Admin().GetAsync("/api/v1/agents/me")).Content.ReadFromJsonAsync<JsonObject>();
        var adminId = me!["id"]!.GetValue<long>();
        var tickets = await AllTicketsAsync(app.Admin());

        Assert.Contains(tickets, t => t["assigneeId"]?.GetValue<long>() == adminId && t["status"]!.GetValue<string>() is "open" or "new" or "pending");
    }

    [Fact]
    public async Task ClosedDemoTicket_HasAConversationAndARealHistory()
    {
        var client = app.Admin();
        var closed = (await AllTicketsAsync(client)).First(t => t["status"]!.GetValue<string>() == "closed" && t["mergedIntoId"] is null);
        var id = closed["id"]!.GetValue<long>();

        var messages = (await (await client.GetAsync($"/api/v1/tickets/{id}/messages")).ExpectAsync(HttpStatusCode.OK))["items"]!.AsArray();
        Assert.InRange(messages.Count, 2, 6);
        Assert.Equal("contact", messages[0]!["authorKind"]!.GetValue<string>());
        Assert.Contains(messages, m => m!["authorKind"]!.GetValue<string>() == "agent" && !m["internal"]!.GetValue<bool>());

        var events = (await (await client.GetAsync($"/api/v1/tickets/{id}/events")).ExpectAsync(HttpStatusCode.OK))["items"]!.AsArray();
        var kinds = events.Select(e => e!["kind"]!.GetValue<string>()).ToList();
        Assert.Equal("created", kinds[0]);
        Assert.Contains("assigned", kinds);
        Assert.Contains(events, e => e!["kind"]!.GetValue<string>() == "status_changed" && e["newValue"]!.GetValue<string>() == "Closed");
        var times = events.Select(e => e!["at"]!.GetValue<DateTimeOffset>()).ToList();
        Assert.Equal(times.Order(), times);
        Assert.True(times[^1] <= app.Clock.GetUtcNow());
        Assert.True(times[0] >= app.Clock.GetUtcNow().AddDays(-43));
    }

    [Fact]
    public async Task DemoWorkspace_HasLinksAndOneMergedTicket()
    {
        var client = app.Admin();
        var tickets = await AllTicketsAsync(client);
        var merged = tickets.Single(t => t["mergedIntoId"] is not null);
        Assert.Equal("closed", merged["status"]!.GetValue<string>());
        var targetId = merged["mergedIntoId"]!.GetValue<long>();
        var history = (await (await client.GetAsync($"/api/v1/tickets/{targetId}/events")).ExpectAsync(HttpStatusCode.OK))["items"]!.AsArray();
        Assert.Contains(history, e => e!["kind"]!.GetValue<string>() == "merged_from");

        var linked = 0;
        foreach (var t in tickets.Where(t => t["status"]!.GetValue<string>() is not ("closed" or "solved")))
        {
            var links = await (await client.GetAsync($"/api/v1/tickets/{t["id"]}/links")).Content.ReadAsStringAsync();
            linked += JsonNode.Parse(links)!.AsArray().Count;
        }

        Assert.True(linked >= 4, $"Expected two links (seen from both ends), saw {linked}.");
    }

    [Fact]
    public async Task ListedTags_AreTheTagsEachTicketsHistoryAdded()
    {
        var client = app.Admin();
        var tagged = (await AllTicketsAsync(client)).Where(t => t["tags"]!.AsArray().Count > 0).Take(15).ToList();
        Assert.NotEmpty(tagged);

        foreach (var ticket in tagged)
        {
            var events = (await (await client.GetAsync($"/api/v1/tickets/{ticket["id"]}/events")).ExpectAsync(HttpStatusCode.OK))["items"]!.AsArray();
            // The history of a merge target also shows the merged ticket's events; only the ticket's own count here.
            var added = events
                .Where(e => e!["kind"]!.GetValue<string>() == "tag_added" && e["ticketId"]!.GetValue<long>() == ticket["id"]!.GetValue<long>())
                .Select(e => e!["newValue"]!.GetValue<string>())
                .Order();
            Assert.Equal(added, ticket["tags"]!.AsArray().Select(t => t!.GetValue<string>()).Order());
        }
    }

    [Fact]
    public async Task DemoAgent_PasswordIsTheDemoPassword()
    {
        await using var scope = app.Services.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<AppUser>>();
        var maya = await users.FindByNameAsync("maya.okafor@frontdesk.local");

        Assert.NotNull(maya);
        Assert.NotNull(maya.AgentId);
        Assert.NotEqual(DemoCatalog.Password, maya.PasswordHash);
        Assert.True(await users.CheckPasswordAsync(maya, "frontdesk-demo"));
        Assert.False(await users.CheckPasswordAsync(maya, "frontdesk-dem0"));
    }

    [Fact]
    public async Task SecondStart_DoesNotAddTheDemoAgain()
    {
        var before = (await AllTicketsAsync(app.Admin())).Count;

        Assert.Equal(0, await DemoWorkspace.FillIfNewAsync(app.Services, CancellationToken.None));
        Assert.Equal(before, (await AllTicketsAsync(app.Admin())).Count);
    }

    internal static async Task<List<JsonObject>> AllTicketsAsync(HttpClient client)
    {
        var tickets = new List<JsonObject>();
        string? cursor = null;
        do
        {
            var url = "/api/v1/tickets?limit=200" + (cursor is null ? "" : "&cursor=" + Uri.EscapeDataString(cursor));
            var page = await (await client.GetAsync(url)).ExpectAsync(HttpStatusCode.OK);
            tickets.AddRange(page["items"]!.AsArray().Select(t => t!.AsObject()));
            cursor = page["nextCursor"]?.GetValue<string>();
        }
        while (cursor is not null);
        return tickets;
    }

    private static HashSet<string> Values(List<JsonObject> tickets, string field) =>
        tickets.Select(t => t[field]?.ToString()).OfType<string>().ToHashSet();
}

public sealed class NoDemoTests(FrontdeskFactory app) : IClassFixture<FrontdeskFactory>
{
    [Fact]
    public async Task FirstStart_WithDemoOff_LeavesTheDatabaseEmpty()
    {
        Assert.Empty(await DemoWorkspaceTests.AllTicketsAsync(app.Admin()));
        Assert.Equal(0, app.Services.GetRequiredService<StartupReport>().DemoTickets);
    }
}
