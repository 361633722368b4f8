using System.Text.Json.Nodes;
using Frontdesk.Data;
using Frontdesk.Domain.Common;
using Frontdesk.Domain.Tickets;
using Frontdesk.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using static Frontdesk.Tests.Automation.RuleApi;

namespace Frontdesk.Tests.Automation;

/// <summary>Each trigger fires its rules, and only its rules.</summary>
public sealed class RuleTriggerTests(FrontdeskFactory app) : IClassFixture<FrontdeskFactory>
{
    /// <summary>A rule per trigger, each tagging the ticket with the trigger's name, all kept to this marker's tickets.</summary>
    private async Task<Dictionary<string, long>> RulePerTriggerAsync(string marker)
    {
        var rules = new Dictionary<string, long>();
        foreach (var trigger in new[] { "ticketCreated", "ticketUpdated", "customerMessage", "agentMessage", "statusChanged", "slaWarning", "slaBreached" })
        {
            var rule = await app.Admin().CreateRuleAsync(Rule($"on {trigger}", [trigger], Guard(marker), Action("addNote", new { body = $"fired on {trigger}" })));
            rules[trigger] = rule["id"]!.GetValue<long>();
        }

        return rules;
    }

    /// <summary>The triggers whose rules fired since history entry <paramref name="after"/>, by the trigger the rule recorded.</summary>
    private async Task<List<string>> FiredAsync(long ticketId, long after = 0) =>
        (await app.Admin().EventsAsync(ticketId))
            .Where(e => e["actorKind"].Str() == "rule" && e["id"]!.GetValue<long>() > after)
            .Select(e => e.Inputs()["trigger"].Str())
            .ToList();

    private async Task<long> LastEventIdAsync(long ticketId) => (await app.Admin().EventsAsync(ticketId)).Max(e => e["id"]!.GetValue<long>());

    [Fact]
    public async Task TicketCreated_FiresOnlyTheCreatedRules()
    {
        var marker = Marker();
        await RulePerTriggerAsync(marker);

        var ticket = await app.Admin().CreateTicketAsync($"New {marker}");

        Assert.Equal(["ticketCreated"], await FiredAsync(ticket.Id()));
    }

    [Fact]
    public async Task AFieldChange_FiresTicketUpdated_AndAStatusChange_FiresStatusChanged()
    {
        var marker = Marker();
        await RulePerTriggerAsync(marker);
        var ticket = await app.Admin().CreateTicketAsync($"Change me {marker}");
        var before = await LastEventIdAsync(ticket.Id());

        await app.Admin().PatchTicketAsync(ticket.Id(), new { priority = "high" });
        Assert.Equal(["ticketUpdated"], await FiredAsync(ticket.Id(), before));

        before = await LastEventIdAsync(ticket.Id());
        await app.Admin().PatchTicketAsync(ticket.Id(), new { status = "open" });
        Assert.Equal(["statusChanged"], await FiredAsync(ticket.Id(), before));
    }

    [Fact]
    public async Task ACustomersMessage_FiresCustomerMessage_AndAnAgentsFiresAgentMessage()
    {
        var marker = Marker();
        await RulePerTriggerAsync(marker);
        var email = $"{Guid.NewGuid():N}@customers.test";
        var (customer, _) = await app.CustomerAsync(email);
        var (agent, _) = await app.AgentAsync("Ann Agent");
        var ticket = await app.Admin().CreateTicketAsync($"Talk {marker}", email);

        var before = await LastEventIdAsync(ticket.Id());
        await customer.ReplyAsync(ticket.Id(), "Any news?");
        Assert.Equal(["customerMessage"], await FiredAsync(ticket.Id(), before));

        before = await LastEventIdAsync(ticket.Id());
        await agent.ReplyAsync(ticket.Id(), "On it.");
        Assert.Equal(["agentMessage"], await FiredAsync(ticket.Id(), before));

        before = await LastEventIdAsync(ticket.Id());
        await agent.ReplyAsync(ticket.Id(), "Internal thought.", isInternal: true);
        Assert.Equal(["agentMessage"], await FiredAsync(ticket.Id(), before));
    }

    [Fact]
    public async Task ACustomerReplyToASolvedTicket_FiresCustomerMessage_AndStatusChanged()
    {
        var marker = Marker();
        await RulePerTriggerAsync(marker);
        var email = $"{Guid.NewGuid():N}@customers.test";
        var (customer, _) = await app.CustomerAsync(email);
        var ticket = await app.Admin().CreateTicketAsync($"Reopen {marker}", email);
        await app.Admin().PatchTicketAsync(ticket.Id(), new { status = "solved" });
        var before = await LastEventIdAsync(ticket.Id());

        await customer.ReplyAsync(ticket.Id(), "It broke again.");

        Assert.Equal(["customerMessage", "statusChanged"], (await FiredAsync(ticket.Id(), before)).Order());
    }

    [Theory]
    [InlineData(TicketEventKinds.SlaWarning, "slaWarning")]
    [InlineData(TicketEventKinds.SlaBreached, "slaBreached")]
    public async Task SlaEvents_FireTheirRules(string kind, string trigger)
    {
        var marker = Marker();
        await RulePerTriggerAsync(marker);
        var ticket = await app.Admin().CreateTicketAsync($"Clock {marker}");
        var before = await LastEventIdAsync(ticket.Id());

        // What the SLA clock does when a target nears or passes its due time.
        var writer = app.Services.GetRequiredService<IDatabaseWriter>();
        await writer.WriteAsync<bool>(async (w, ct) =>
        {
            var t = await w.Tickets.FirstAsync(x => x.Id == ticket.Id(), ct);
            t.RecordSla(kind, "first_response", Actor.Sla(null, "Gold"), app.Clock.GetUtcNow());
            await w.SaveChangesAsync(ct);
            return true;
        }, CancellationToken.None);

        Assert.Equal([trigger], await FiredAsync(ticket.Id(), before));
    }

    [Fact]
    public async Task AnInactiveRule_DoesNotFire_UntilActivated()
    {
        var marker = Marker();
        var rule = Rule("dormant", ["ticketCreated"], Guard(marker), Action("addTags", new { tags = new[] { "woke" } }));
        rule["isActive"] = false;
        var id = (await app.Admin().CreateRuleAsync(rule))["id"]!.GetValue<long>();

        var first = await app.Admin().CreateTicketAsync($"One {marker}");
        await app.Admin().PatchJsonAsync($"/api/v1/rules/{id}", new { isActive = true });
        var second = await app.Admin().CreateTicketAsync($"Two {marker}");

        Assert.Empty(first["tags"]!.AsArray());
        Assert.Equal(["woke"], second["tags"]!.AsArray().Select(t => t.Str()));
    }

    [Fact]
    public async Task AClosedTicket_IsLeftAlone()
    {
        var marker = Marker();
        var rule = await app.Admin().CreateRuleAsync(Rule("on close", ["statusChanged"], Guard(marker), Action("addNote", new { body = "closing" })));
        var ticket = await app.Admin().CreateTicketAsync($"Done {marker}");
        await app.Admin().PatchTicketAsync(ticket.Id(), new { status = "solved" });
        Assert.Single(await app.Admin().ByRuleAsync(ticket.Id(), rule["id"]!.GetValue<long>()));

        await app.Admin().PatchTicketAsync(ticket.Id(), new { status = "closed" });

        Assert.Single(await app.Admin().ByRuleAsync(ticket.Id(), rule["id"]!.GetValue<long>()));
        Assert.Equal("closed", (await app.Admin().TicketAsync(ticket.Id()))["status"].Str());
    }

    [Fact]
    public async Task TheCreateAnswer_ShowsWhatRulesDid()
    {
        var marker = Marker();
        await app.Admin().CreateRuleAsync(Rule("urgent", ["ticketCreated"], Guard(marker), Action("setPriority", new { value = "urgent" }), Action("addTags", new { tags = new[] { "ruled" } })));

        var ticket = await app.Admin().CreateTicketAsync($"Now {marker}", extra: new { tags = new[] { "mine" } });

        Assert.Equal("urgent", ticket["priority"].Str());
        Assert.Equal(["mine", "ruled"], ticket["tags"]!.AsArray().Select(t => t.Str()));
        var fetched = await app.Admin().TicketAsync(ticket.Id());
        Assert.Equal(fetched["version"]!.GetValue<int>(), ticket["version"]!.GetValue<int>());
        Assert.True(JsonNode.DeepEquals(fetched["tags"], ticket["tags"]));
    }
}
