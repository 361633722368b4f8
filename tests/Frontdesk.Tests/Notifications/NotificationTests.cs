using System.Net;
using System.Text.Json.Nodes;
using Frontdesk.Domain.Channels;
using Frontdesk.Domain.Tickets;
using Frontdesk.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Frontdesk.Tests.Notifications;

public sealed class NotificationTests(FrontdeskFactory app) : IClassFixture<FrontdeskFactory>
{
    private static string Unique(string name) => name + Guid.NewGuid().ToString("N")[..6];

    private static async Task<JsonObject> FeedAsync(HttpClient agent, string query = "") =>
        await (await agent.GetAsync("/api/v1/notifications" + query)).ExpectAsync(HttpStatusCode.OK);

    private static IEnumerable<JsonNode> ItemsOf(JsonObject feed, long ticketId, string kind) =>
        feed["items"]!.AsArray().Where(n => n!["ticketId"]!.GetValue<long>() == ticketId && n["kind"].Str() == kind)!;

    private Task<string> EmailOfAsync(long agentId) =>
        app.WithDbAsync(db => db.Agents.Where(a => a.Id == agentId).Select(a => a.Email).FirstAsync());

    private Task<List<OutboxMessage>> MailToAsync(string address) =>
        app.WithDbAsync(db => db.Outbox.AsNoTracking().Where(o => o.Recipient == address).ToListAsync());

    /// <summary>A sending email channel, so notifications can go out by mail (they queue in the outbox).</summary>
    private async Task EnsureMailRouteAsync()
    {
        if (await app.WithDbAsync(db => db.Channels.AnyAsync(c => c.Kind == ChannelKind.Email && c.IsActive)))
        {
            return;
        }

        var body = new JsonObject
        {
            ["kind"] = "email",
            ["name"] = "Notices",
            ["address"] = "notices@frontdesk.test",
            ["email"] = new JsonObject { ["protocol"] = "none", ["smtpHost"] = "127.0.0.1", ["smtpPort"] = 1, ["smtpTls"] = "none" },
        };
        await (await app.Admin().PostRawAsync("/api/v1/channels", body.ToJsonString())).ExpectAsync(HttpStatusCode.Created);
    }

    [Fact]
    public async Task Assigning_NotifiesTheAssignee_InTheFeedAndByEmail_ButAssigningYourselfDoesNot()
    {
        await EnsureMailRouteAsync();
        var (ann, annId) = await app.AgentAsync(Unique("Ann"));
        var ticket = await app.Admin().CreateTicketAsync("Printer on fire");

        await (await app.Admin().PatchJsonAsync($"/api/v1/tickets/{ticket.Id()}", new { assigneeId = annId })).ExpectAsync(HttpStatusCode.OK);

        var feed = await FeedAsync(ann);
        var notice = Assert.Single(ItemsOf(feed, ticket.Id(), "assigned"));
        Assert.Contains("Printer on fire", notice["title"].Str(), StringComparison.Ordinal);
        Assert.Equal(1, feed["unread"]!.GetValue<int>());
        var mail = Assert.Single(await MailToAsync(await EmailOfAsync(annId)));
        Assert.Contains("Printer on fire", mail.Payload, StringComparison.Ordinal);

        var mine = await app.Admin().CreateTicketAsync("Mine");
        await (await ann.PatchJsonAsync($"/api/v1/tickets/{mine.Id()}", new { assigneeId = annId })).ExpectAsync(HttpStatusCode.OK);
        Assert.Empty(ItemsOf(await FeedAsync(ann), mine.Id(), "assigned"));
    }

    [Fact]
    public async Task MentionInANote_NotifiesTheNamedAgents_NotTheAuthor_AndNotForPublicReplies()
    {
        var first = Unique("Mira");
        var (mira, miraId) = await app.AgentAsync($"{first} Lopez");
        var (noah, noahId) = await app.AgentAsync(Unique("Noah"));
        var noahHandle = (await EmailOfAsync(noahId)).Split('@')[0];
        var ticket = await app.Admin().CreateTicketAsync("Refund question");

        await (await noah.PostJsonAsync($"/api/v1/tickets/{ticket.Id()}/messages", new { body = $"@{first} can you check the refund? cc @{noahHandle}", @internal = true }))
            .ExpectAsync(HttpStatusCode.Created);
        await (await noah.PostJsonAsync($"/api/v1/tickets/{ticket.Id()}/messages", new { body = $"Thanks, @{first} will look.", @internal = false }))
            .ExpectAsync(HttpStatusCode.Created);

        var notice = Assert.Single(ItemsOf(await FeedAsync(mira), ticket.Id(), "mentioned"));
        Assert.Contains("can you check the refund", notice["text"].Str(), StringComparison.Ordinal);
        Assert.Empty(ItemsOf(await FeedAsync(noah), ticket.Id(), "mentioned"));
        Assert.NotEqual(miraId, noahId);
    }

    [Fact]
    public async Task CustomerReply_NotifiesTheAssignee()
    {
        var (ann, annId) = await app.AgentAsync(Unique("Ann"));
        var email = $"{Guid.NewGuid():N}@customers.test";
        var (customer, _) = await app.CustomerAsync(email);
        var ticket = await app.Admin().CreateTicketAsync("Where is my order?", email, new { assigneeId = annId });

        await (await customer.PostJsonAsync($"/api/v1/tickets/{ticket.Id()}/messages", new { body = "Still waiting, any news?" })).ExpectAsync(HttpStatusCode.Created);

        var notice = Assert.Single(ItemsOf(await FeedAsync(ann), ticket.Id(), "customerReplied"));
        Assert.Equal("Still waiting, any news?", notice["text"].Str());
    }

    [Fact]
    public async Task Preferences_TurnOffAKind_AndUnknownKindsAre400()
    {
        await EnsureMailRouteAsync();
        var (ann, annId) = await app.AgentAsync(Unique("Ann"));
        var defaults = await (await ann.GetAsync("/api/v1/notifications/preferences")).ExpectAsync(HttpStatusCode.OK);
        Assert.True(defaults["assigned"]!["email"]!.GetValue<bool>());
        Assert.False(defaults["customerReplied"]!["email"]!.GetValue<bool>());

        var saved = await (await ann.PutAsync("/api/v1/notifications/preferences", JsonContent("""{"assigned": {"inApp": false, "email": false}}""")))
            .ExpectAsync(HttpStatusCode.OK);
        Assert.False(saved["assigned"]!["inApp"]!.GetValue<bool>());
        Assert.True(saved["mentioned"]!["inApp"]!.GetValue<bool>());

        var ticket = await app.Admin().CreateTicketAsync("Quiet please", extra: new { assigneeId = annId });
        Assert.Empty(ItemsOf(await FeedAsync(ann), ticket.Id(), "assigned"));
        Assert.Empty(await MailToAsync(await EmailOfAsync(annId)));

        await (await ann.PutAsync("/api/v1/notifications/preferences", JsonContent("""{"asigned": {"inApp": true}}""")))
            .ExpectProblemAsync(HttpStatusCode.BadRequest, "asigned");
        await (await ann.PutAsync("/api/v1/notifications/preferences", JsonContent("""{"mentioned": null}""")))
            .ExpectProblemAsync(HttpStatusCode.BadRequest, "mentioned");
    }

    [Fact]
    public async Task ReadAndReadAll_CountDown_AndNobodyReadsAnotherAgentsFeed()
    {
        var (ann, annId) = await app.AgentAsync(Unique("Ann"));
        var (ben, _) = await app.AgentAsync(Unique("Ben"));
        await app.Admin().CreateTicketAsync("One", extra: new { assigneeId = annId });
        await app.Admin().CreateTicketAsync("Two", extra: new { assigneeId = annId });
        await app.Admin().CreateTicketAsync("Three", extra: new { assigneeId = annId });

        var feed = await FeedAsync(ann, "?limit=2");
        Assert.Equal(3, feed["unread"]!.GetValue<int>());
        Assert.Equal(2, feed["items"]!.AsArray().Count);
        var next = await FeedAsync(ann, $"?limit=2&before={feed["nextCursor"].Str()}");
        Assert.Single(next["items"]!.AsArray());

        var newest = feed["items"]![0]!["id"]!.GetValue<long>();
        await (await ben.PostAsync($"/api/v1/notifications/{newest}/read", null)).ExpectProblemAsync(HttpStatusCode.NotFound);
        Assert.Equal(HttpStatusCode.NoContent, (await ann.PostAsync($"/api/v1/notifications/{newest}/read", null)).StatusCode);
        var afterOne = await FeedAsync(ann, "?unread=true");
        Assert.Equal(2, afterOne["unread"]!.GetValue<int>());
        Assert.DoesNotContain(afterOne["items"]!.AsArray(), n => n!["id"]!.GetValue<long>() == newest);

        Assert.Equal(HttpStatusCode.NoContent, (await ann.PostAsync("/api/v1/notifications/read-all", null)).StatusCode);
        Assert.Equal(0, (await FeedAsync(ann))["unread"]!.GetValue<int>());
        Assert.Empty((await FeedAsync(ben))["items"]!.AsArray());
    }

    [Fact]
    public async Task RuleNotifyAction_TellsTheAssigneeOrTheTeam_WithItsTemplate_AndUnknownTargetsAre400()
    {
        var marker = Automation.RuleApi.Marker();
        var (ann, annId) = await app.AgentAsync(Unique("Ann"));
        var (ben, benId) = await app.AgentAsync(Unique("Ben"));
        var team = await (await app.Admin().PostJsonAsync("/api/v1/teams", new { name = Unique("Desk"), memberIds = new[] { benId } })).ExpectAsync(HttpStatusCode.Created);
        await Automation.RuleApi.CreateRuleAsync(app.Admin(), Automation.RuleApi.Rule(
            "tell them", ["ticketCreated"], Automation.RuleApi.Guard(marker),
            Automation.RuleApi.Action("notify", new { to = "assignee", title = "#{{ticket.number}} is yours: {{ticket.subject}}" }),
            Automation.RuleApi.Action("notify", new { to = "team", title = "New in the team: {{ticket.subject}}" })));

        var ticket = await app.Admin().CreateTicketAsync($"Broken screen {marker}", extra: new { assigneeId = annId, teamId = team["id"]!.GetValue<long>() });

        var mine = Assert.Single(ItemsOf(await FeedAsync(ann), ticket.Id(), "automation"));
        Assert.Equal($"#{ticket["number"]} is yours: Broken screen {marker}", mine["title"].Str());
        Assert.Equal("tell them", mine["actorName"].Str());
        Assert.Equal($"New in the team: Broken screen {marker}", Assert.Single(ItemsOf(await FeedAsync(ben), ticket.Id(), "automation"))["title"].Str());

        var bad = Automation.RuleApi.Rule("bad", ["ticketCreated"], null, Automation.RuleApi.Action("notify", new { to = "everyone", title = "x" }));
        await (await app.Admin().PostRawAsync("/api/v1/rules", bad.ToJsonString())).ExpectProblemAsync(HttpStatusCode.BadRequest, "actions[0].to");
        var unknown = Automation.RuleApi.Rule("bad", ["ticketCreated"], null, Automation.RuleApi.Action("notify", new { to = 987654, title = "x" }));
        await (await app.Admin().PostRawAsync("/api/v1/rules", unknown.ToJsonString())).ExpectProblemAsync(HttpStatusCode.BadRequest, "actions[0].to");
    }

    [Fact]
    public async Task Customers_AndAnonymousCallers_HaveNoFeed()
    {
        var (customer, _) = await app.CustomerAsync($"{Guid.NewGuid():N}@customers.test");
        Assert.Equal(HttpStatusCode.Forbidden, (await customer.GetAsync("/api/v1/notifications")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await app.Anonymous().GetAsync("/api/v1/notifications")).StatusCode);
    }

    private static StringContent JsonContent(string json) => new(json, System.Text.Encoding.UTF8, "application/json");
}
