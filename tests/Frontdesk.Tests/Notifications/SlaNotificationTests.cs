using System.Net;
using System.Text.Json.Nodes;
using Frontdesk.Tests.Infrastructure;
using Frontdesk.Tests.Sla;

namespace Frontdesk.Tests.Notifications;

/// <summary>SLA warnings and breaches reach the agent who answers for the ticket (its own app: it moves the clock).</summary>
public sealed class SlaNotificationTests(FrontdeskFactory app) : IClassFixture<FrontdeskFactory>
{
    private static IEnumerable<JsonNode> ItemsOf(JsonObject feed, long ticketId, string kind) =>
        feed["items"]!.AsArray().Where(n => n!["ticketId"]!.GetValue<long>() == ticketId && n["kind"].Str() == kind)!;

    [Fact]
    public async Task WarningAndBreach_NotifyTheAssignee_AndAnUnassignedTicketsTeam()
    {
        await app.ClearPoliciesAsync();
        await app.PolicyForAllAsync(firstResponse: 60, warnAt: 0.5);
        var (ann, annId) = await app.AgentAsync("Ann Sla");
        var (ben, benId) = await app.AgentAsync("Ben Sla");
        var team = await (await app.Admin().PostJsonAsync("/api/v1/teams", new { name = SlaKit.Unique("Night shift"), memberIds = new[] { benId } })).ExpectAsync(HttpStatusCode.Created);
        var assigned = await app.Admin().CreateTicketAsync("Server down", extra: new { assigneeId = annId });
        var queued = await app.Admin().CreateTicketAsync("Backup failed", extra: new { teamId = team["id"]!.GetValue<long>() });
        var start = app.Clock.GetUtcNow();

        await app.MoveToAsync(start.AddMinutes(31));
        var warned = Assert.Single(ItemsOf(await (await ann.GetAsync("/api/v1/notifications")).ExpectAsync(HttpStatusCode.OK), assigned.Id(), "slaWarning"));
        Assert.Contains("first response", warned["title"].Str(), StringComparison.Ordinal);
        Assert.Single(ItemsOf(await (await ben.GetAsync("/api/v1/notifications")).ExpectAsync(HttpStatusCode.OK), queued.Id(), "slaWarning"));

        await app.MoveToAsync(start.AddMinutes(61));
        var annFeed = await (await ann.GetAsync("/api/v1/notifications")).ExpectAsync(HttpStatusCode.OK);
        Assert.Single(ItemsOf(annFeed, assigned.Id(), "slaBreached"));
        Assert.Empty(ItemsOf(annFeed, queued.Id(), "slaBreached"));
        Assert.Single(ItemsOf(await (await ben.GetAsync("/api/v1/notifications")).ExpectAsync(HttpStatusCode.OK), queued.Id(), "slaBreached"));
    }
}
