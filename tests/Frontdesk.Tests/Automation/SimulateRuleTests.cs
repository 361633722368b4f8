using System.Net;
using System.Text.Json.Nodes;
using Frontdesk.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using static Frontdesk.Tests.Automation.RuleApi;

namespace Frontdesk.Tests.Automation;

/// <summary>POST /api/v1/rules/simulate: what a rule would have matched and changed, with nothing written.</summary>
public sealed class SimulateRuleTests(FrontdeskFactory app) : IClassFixture<FrontdeskFactory>
{
    /// <summary>Everything a rule could write: history, messages, outbox rows, tags, ticket versions, and the tickets' last change.</summary>
    private Task<string> FootprintAsync() => app.WithDbAsync(async db =>
    {
        var events = await db.TicketEvents.CountAsync();
        var messages = await db.Messages.CountAsync();
        var outbox = await db.Outbox.CountAsync();
        var tags = await db.Tags.CountAsync();
        var versions = await db.Tickets.SumAsync(t => t.Version);
        var updated = (await db.Tickets.Select(t => t.UpdatedAt).ToListAsync()).Max();
        return $"events={events} messages={messages} outbox={outbox} tags={tags} versions={versions} updated={updated:O}";
    });

    private async Task<JsonObject> SimulateAsync(object request) =>
        await (await app.Admin().PostJsonAsync("/api/v1/rules/simulate", request)).ExpectAsync(HttpStatusCode.OK);

    [Fact]
    public async Task ASavedRule_ReportsMatchesAndChanges_AndWritesNothing()
    {
        var marker = Marker();
        var refund = await app.Admin().CreateTicketAsync($"Refund please {marker}", extra: new { tags = new[] { "billing" } });
        await app.Admin().CreateTicketAsync($"Password reset {marker}");
        var rule = Rule("refunds", ["customerMessage"], All(Guard(marker), Leaf("subject", "contains", "refund")),
            Action("setPriority", new { value = "urgent" }),
            Action("addTags", new { tags = new[] { "refund" } }),
            Action("removeTags", new { tags = new[] { "billing" } }),
            Action("addNote", new { body = "Refund for #{{ticket.number}}" }),
            Action("callWebhook", new { url = "https://hooks.example/refunds", body = new { text = "{{ticket.subject}}" }, secret = "a-secret-of-enough-length" }),
            Action("sendEmail", new { to = "requester", subject = "About your refund", body = "Hi" }));
        rule["isActive"] = false;
        var ruleId = (await app.Admin().CreateRuleAsync(rule))["id"]!.GetValue<long>();
        var before = await FootprintAsync();

        var result = await SimulateAsync(new { ruleId, window = new { lastTickets = 2 } });

        Assert.Equal(before, await FootprintAsync());
        Assert.Equal(2, result["evaluated"]!.GetValue<int>());
        Assert.Equal(1, result["matched"]!.GetValue<int>());
        Assert.False(result["truncated"]!.GetValue<bool>());
        Assert.Contains("Triggers are not replayed", result["semantics"].Str());
        var match = Assert.Single(result["matches"]!.AsArray())!;
        Assert.Equal(refund.Id(), match["ticketId"]!.GetValue<long>());
        Assert.Equal(["subject", "subject"], match["conditions"]!.AsArray().Select(c => c!["field"].Str()));
        var changes = match["changes"]!.AsArray().Select(c => $"{c!["field"].Str()}:{c["from"]?.GetValue<string>()}→{c["to"]?.GetValue<string>()}");
        Assert.Equal(["priority:Normal→Urgent", "tags:→refund", "tags:billing→"], changes);
        Assert.Equal([$"Refund for #{refund["number"]}"], match["notes"]!.AsArray().Select(n => n.Str()));
        var webhook = Assert.Single(match["webhooks"]!.AsArray())!;
        Assert.Equal("https://hooks.example/refunds", webhook["url"].Str());
        Assert.Equal($"Refund please {marker}", webhook["body"]!["text"].Str());
        Assert.True(webhook["signed"]!.GetValue<bool>());
        Assert.Empty(match["emails"]!.AsArray());
        Assert.Contains(match["skipped"]!.AsArray(), s => s!["action"].Str() == "sendEmail" && s["reason"].Str().Contains("No email channel", StringComparison.Ordinal));
    }

    [Fact]
    public async Task ADraft_IsTriedWithoutSaving_AndItsErrorsNameThePathUnderRule()
    {
        var marker = Marker();
        var ticket = await app.Admin().CreateTicketAsync($"Slow site {marker}", extra: new { priority = "high" });
        var before = await FootprintAsync();
        var rules = await app.WithDbAsync(db => db.Rules.CountAsync());

        var result = await SimulateAsync(new
        {
            rule = new { conditions = All(Guard(marker), Leaf("priority", "greaterThan", "normal")), actions = new[] { Action("assign", new { value = (long?)null }), Action("setStatus", new { value = "pending" }) } },
            window = new { days = 7 },
        });

        Assert.Equal(before, await FootprintAsync());
        Assert.Equal(rules, await app.WithDbAsync(db => db.Rules.CountAsync()));
        var match = Assert.Single(result["matches"]!.AsArray())!;
        Assert.Equal(ticket.Id(), match["ticketId"]!.GetValue<long>());
        Assert.Equal("status", Assert.Single(match["changes"]!.AsArray())!["field"].Str());

        var bad = await (await app.Admin().PostJsonAsync("/api/v1/rules/simulate", new
        {
            rule = new { conditions = Any(Leaf("priorty", "is", "high")), actions = new[] { Action("setPriority", new { value = "low" }) } },
            window = new { lastTickets = 10 },
        })).ExpectProblemAsync(HttpStatusCode.BadRequest, "rule.conditions.any[0].field");
        Assert.Contains("priorty", bad["detail"].Str());
    }

    [Fact]
    public async Task TheDaysWindow_TakesTicketsChangedInThoseDays()
    {
        var marker = Marker();
        var old = await app.Admin().CreateTicketAsync($"Old {marker}");
        app.Clock.Advance(TimeSpan.FromDays(10));
        var recent = await app.Admin().CreateTicketAsync($"Recent {marker}");
        var draft = new { conditions = Guard(marker), actions = new[] { Action("addTags", new { tags = new[] { "seen" } }) } };

        var week = await SimulateAsync(new { rule = draft, window = new { days = 7 } });
        var fortnight = await SimulateAsync(new { rule = draft, window = new { days = 14 } });

        Assert.Equal([recent.Id()], week["matches"]!.AsArray().Select(m => m!["ticketId"]!.GetValue<long>()));
        Assert.Equal([recent.Id(), old.Id()], fortnight["matches"]!.AsArray().Select(m => m!["ticketId"]!.GetValue<long>()));
    }

    [Fact]
    public async Task ClosedTickets_AreMatched_ButTheRuleWouldNotActOnThem()
    {
        var marker = Marker();
        var ticket = await app.Admin().CreateTicketAsync($"Closed {marker}");
        await app.Admin().PatchTicketAsync(ticket.Id(), new { status = "solved" });
        await app.Admin().PatchTicketAsync(ticket.Id(), new { status = "closed" });

        var result = await SimulateAsync(new { rule = new { conditions = Guard(marker), actions = new[] { Action("setPriority", new { value = "urgent" }) } }, window = new { lastTickets = 5 } });

        var match = result["matches"]!.AsArray().Single(m => m!["ticketId"]!.GetValue<long>() == ticket.Id())!;
        Assert.Empty(match["changes"]!.AsArray());
        Assert.Contains("Closed tickets are final", match["skipped"]![0]!["reason"].Str());
    }

    [Theory]
    [InlineData("""{"window": {"lastTickets": 10}}""", "ruleId")]
    [InlineData("""{"ruleId": 1, "rule": {"actions": [{"type": "setPriority", "value": "low"}]}, "window": {"lastTickets": 10}}""", "ruleId")]
    [InlineData("""{"ruleId": 987654, "window": {"lastTickets": 10}}""", "ruleId")]
    [InlineData("""{"rule": {"actions": [{"type": "setPriority", "value": "low"}]}}""", "window")]
    [InlineData("""{"rule": {"actions": [{"type": "setPriority", "value": "low"}]}, "window": {"lastTickets": 10, "days": 3}}""", "window")]
    [InlineData("""{"rule": {"actions": [{"type": "setPriority", "value": "low"}]}, "window": {"lastTickets": 0}}""", "window.lastTickets")]
    [InlineData("""{"rule": {"actions": [{"type": "setPriority", "value": "low"}]}, "window": {"lastTickets": 10001}}""", "window.lastTickets")]
    [InlineData("""{"rule": {"actions": [{"type": "setPriority", "value": "low"}]}, "window": {"days": 91}}""", "window.days")]
    [InlineData("""{"rule": {"actions": []}, "window": {"days": 1}}""", "rule.actions")]
    [InlineData("""{"rule": {"actions": [{"type": "setPriority", "value": "low"}]}, "window": {"weeks": 1}}""", "window.weeks")]
    public async Task BadRequests_Are400NamingTheField(string json, string field) =>
        await (await app.Admin().PostRawAsync("/api/v1/rules/simulate", json)).ExpectProblemAsync(HttpStatusCode.BadRequest, field);
}
