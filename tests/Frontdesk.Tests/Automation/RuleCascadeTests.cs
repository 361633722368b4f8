using System.Net;
using Frontdesk.Tests.Infrastructure;
using static Frontdesk.Tests.Automation.RuleApi;

namespace Frontdesk.Tests.Automation;

/// <summary>Rules run in order, see each other's changes, cascade into the next pass, and never loop.</summary>
public sealed class RuleCascadeTests(FrontdeskFactory app) : IClassFixture<FrontdeskFactory>
{
    private async Task<long> CreateAsync(string name, string[] triggers, System.Text.Json.Nodes.JsonNode conditions, params System.Text.Json.Nodes.JsonNode[] actions) =>
        (await app.Admin().CreateRuleAsync(Rule(name, triggers, conditions, actions)))["id"]!.GetValue<long>();

    [Fact]
    public async Task ALaterRule_SeesWhatAnEarlierOneChanged()
    {
        var marker = Marker();
        await CreateAsync("escalate", ["ticketCreated"], All(Guard(marker), Leaf("subject", "contains", "outage")), Action("setPriority", new { value = "urgent" }));
        var follow = await CreateAsync("page", ["ticketCreated"], All(Guard(marker), Leaf("priority", "is", "urgent")), Action("addTags", new { tags = new[] { "paged" } }));

        var ticket = await app.Admin().CreateTicketAsync($"Total outage {marker}");

        Assert.Equal(["paged"], ticket["tags"]!.AsArray().Select(t => t.Str()));
        var seen = (await app.Admin().ByRuleAsync(ticket.Id(), follow)).Single().Inputs()["matched"]!.AsArray().Single(m => m!["field"].Str() == "priority")!;
        Assert.Equal("urgent", seen["seen"].Str());
    }

    [Fact]
    public async Task Order_Matters_ARuleBeforeTheChangeDoesNotSeeIt()
    {
        var marker = Marker();
        var follow = await CreateAsync("page", ["ticketCreated"], All(Guard(marker), Leaf("priority", "is", "urgent")), Action("addTags", new { tags = new[] { "paged" } }));
        await CreateAsync("escalate", ["ticketCreated"], Guard(marker), Action("setPriority", new { value = "urgent" }));

        var ticket = await app.Admin().CreateTicketAsync($"Outage {marker}");
        Assert.Empty(ticket["tags"]!.AsArray());

        // Moved to the end, it runs after the change.
        await (await app.Admin().PatchJsonAsync($"/api/v1/rules/{follow}", new { position = 1000 })).ExpectAsync(HttpStatusCode.OK);
        var second = await app.Admin().CreateTicketAsync($"Outage {marker}");
        Assert.Equal(["paged"], second["tags"]!.AsArray().Select(t => t.Str()));
    }

    [Fact]
    public async Task ARulesChange_FiresTicketUpdatedRules_InTheNextPass()
    {
        var marker = Marker();
        await CreateAsync("escalate", ["ticketCreated"], Guard(marker), Action("setPriority", new { value = "high" }));
        var cascade = await CreateAsync("on update", ["ticketUpdated"], All(Guard(marker), Leaf("priority", "is", "high")), Action("addTags", new { tags = new[] { "cascaded" } }));

        var ticket = await app.Admin().CreateTicketAsync($"Cascade {marker}");

        Assert.Equal(["cascaded"], ticket["tags"]!.AsArray().Select(t => t.Str()));
        Assert.Equal("ticketUpdated", Assert.Single(await app.Admin().ByRuleAsync(ticket.Id(), cascade)).Inputs()["trigger"].Str());
    }

    [Fact]
    public async Task TwoRulesUndoingEachOther_EachFireOnce_AndTheWriteEnds()
    {
        var marker = Marker();
        var ping = await CreateAsync("ping", ["ticketUpdated"], All(Guard(marker), Leaf("priority", "is", "high")), Action("setPriority", new { value = "low" }));
        var pong = await CreateAsync("pong", ["ticketUpdated"], All(Guard(marker), Leaf("priority", "is", "low")), Action("setPriority", new { value = "high" }));
        var ticket = await app.Admin().CreateTicketAsync($"Ping pong {marker}");

        var updated = await app.Admin().PatchTicketAsync(ticket.Id(), new { priority = "high" });

        // high (agent) → low (ping) → high (pong); ping has fired in this write, so it stops there.
        Assert.Equal("high", updated["priority"].Str());
        Assert.Single(await app.Admin().ByRuleAsync(ticket.Id(), ping));
        Assert.Single(await app.Admin().ByRuleAsync(ticket.Id(), pong));

        // The next write is a new one: each may fire once again.
        await app.Admin().PatchTicketAsync(ticket.Id(), new { priority = "low" });
        Assert.Equal(2, (await app.Admin().ByRuleAsync(ticket.Id(), ping)).Count);
        Assert.Equal(2, (await app.Admin().ByRuleAsync(ticket.Id(), pong)).Count);
    }

    [Fact]
    public async Task ARuleItsOwnChangeWouldFireAgain_FiresOnce()
    {
        var marker = Marker();
        var self = await CreateAsync(
            "restless",
            ["ticketUpdated"],
            Guard(marker),
            Action("addTags", new { tags = new[] { "touched" } }),
            Action("removeTags", new { tags = new[] { "touched" } }),
            Action("addNote", new { body = "Touched again." }));
        var ticket = await app.Admin().CreateTicketAsync($"Self {marker}");

        await app.Admin().PatchTicketAsync(ticket.Id(), new { type = "task" });

        var entries = await app.Admin().ByRuleAsync(ticket.Id(), self);
        Assert.Equal(["tag_added", "tag_removed", "message_added"], entries.Select(e => e["kind"].Str()));
    }
}
