using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using Frontdesk.Channels.Outbox;
using Frontdesk.Channels.Webhooks;
using Frontdesk.Domain.Channels;
using Frontdesk.Tests.Channels;
using Frontdesk.Tests.Channels.Email;
using Frontdesk.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using static Frontdesk.Tests.Automation.RuleApi;

namespace Frontdesk.Tests.Automation;

/// <summary>Each action, through HTTP, recorded in the history as the rule's.</summary>
public sealed class RuleActionTests(FrontdeskFactory app) : IClassFixture<FrontdeskFactory>
{
    [Fact]
    public async Task FieldActions_ChangeTheTicket_AndEachChangeIsTheRules()
    {
        var marker = Marker();
        var key = "plan_" + marker;
        await (await app.Admin().PostJsonAsync("/api/v1/custom-fields", new { key, label = "Plan", kind = "dropdown", options = new[] { "Free", "Pro" } })).ExpectAsync(HttpStatusCode.Created);
        var team = await (await app.Admin().PostJsonAsync("/api/v1/teams", new { name = $"Team {marker}" })).ExpectAsync(HttpStatusCode.Created);
        var category = await (await app.Admin().PostJsonAsync("/api/v1/categories", new { name = $"Cat {marker}" })).ExpectAsync(HttpStatusCode.Created);
        var (_, agentId) = await app.AgentAsync("Rita Rule");
        var rule = await app.Admin().CreateRuleAsync(Rule(
            "does everything",
            ["ticketCreated"],
            Guard(marker),
            Action("setPriority", new { value = "high" }),
            Action("setType", new { value = "incident" }),
            Action("setCategory", new { value = category["id"]!.GetValue<long>() }),
            Action("setTeam", new { value = team["id"]!.GetValue<long>() }),
            Action("assign", new { value = agentId }),
            Action("setStatus", new { value = "open" }),
            Action("addTags", new { tags = new[] { "triaged", "Auto" } }),
            Action("removeTags", new { tags = new[] { "new-ticket" } }),
            Action("setCustomField", new { key, value = "Pro" })));

        var ticket = await app.Admin().CreateTicketAsync($"Everything {marker}", extra: new { tags = new[] { "new-ticket", "keep" } });

        Assert.Equal("high", ticket["priority"].Str());
        Assert.Equal("incident", ticket["type"].Str());
        Assert.Equal(category["id"]!.GetValue<long>(), ticket["categoryId"]!.GetValue<long>());
        Assert.Equal(team["id"]!.GetValue<long>(), ticket["teamId"]!.GetValue<long>());
        Assert.Equal(agentId, ticket["assigneeId"]!.GetValue<long>());
        Assert.Equal("open", ticket["status"].Str());
        Assert.Equal(["auto", "keep", "triaged"], ticket["tags"]!.AsArray().Select(t => t.Str()).Order());
        Assert.Equal("Pro", ticket["customFields"]![key].Str());

        var entries = await app.Admin().ByRuleAsync(ticket.Id(), rule["id"]!.GetValue<long>());
        Assert.Equal(
            ["priority", "type", "category", "team", "assignee", "status", "tags", "tags", "tags", $"custom.{key}"],
            entries.Select(e => e["field"].Str()));
        Assert.All(entries, e => Assert.Equal("does everything", e["actorName"].Str()));
        Assert.All(entries, e => Assert.Equal("ticketCreated", e.Inputs()["trigger"].Str()));
    }

    [Fact]
    public async Task AssignAndSetTeam_ToNull_Clear()
    {
        var marker = Marker();
        var (_, agentId) = await app.AgentAsync();
        await app.Admin().CreateRuleAsync(Rule("clear", ["ticketUpdated"], All(Guard(marker), Leaf("tags", "contains", "release")), Action("assign", new { value = (long?)null }), Action("removeTags", new { tags = new[] { "release" } })));
        var ticket = await app.Admin().CreateTicketAsync($"Let go {marker}", extra: new { assigneeId = agentId });

        var updated = await app.Admin().PatchTicketAsync(ticket.Id(), new { addTags = new[] { "release" } });

        Assert.Null(updated["assigneeId"]);
        Assert.Empty(updated["tags"]!.AsArray());
    }

    [Fact]
    public async Task AddNote_IsAnInternalNoteByTheRule_WithPlaceholdersFilled()
    {
        var marker = Marker();
        var rule = await app.Admin().CreateRuleAsync(Rule("noter", ["ticketCreated"], Guard(marker), Action("setPriority", new { value = "urgent" }), Action("addNote", new { body = "**{{ticket.priority}}** request #{{ticket.number}} from {{requester.first_name}} ({{requester.email}}), rule {{rule.name}}." })));
        var email = $"{Guid.NewGuid():N}@customers.test";

        var ticket = await app.Admin().CreateTicketAsync($"Note {marker}", extra: new { requester = new { email, name = "Ann Example" } });

        var messages = (await (await app.Admin().GetAsync($"/api/v1/tickets/{ticket.Id()}/messages")).ExpectAsync(HttpStatusCode.OK))["items"]!.AsArray();
        var note = messages.Single(m => m!["internal"]!.GetValue<bool>())!;
        Assert.Equal("rule", note["authorKind"].Str());
        Assert.Equal(rule["id"]!.GetValue<long>(), note["authorId"]!.GetValue<long>());
        Assert.Equal($"urgent request #{ticket["number"]} from Ann ({email}), rule noter.", note["bodyText"].Str());
        Assert.Contains("<strong>urgent</strong>", note["bodyHtml"].Str());
    }

    [Fact]
    public async Task AnActionThatCannotBeDone_IsSkipped_AndTheOthersStillRun()
    {
        var marker = Marker();
        var team = await (await app.Admin().PostJsonAsync("/api/v1/teams", new { name = $"Doomed {marker}" })).ExpectAsync(HttpStatusCode.Created);
        await app.Admin().CreateRuleAsync(Rule(
            "partly impossible",
            ["ticketCreated"],
            Guard(marker),
            Action("setTeam", new { value = team["id"]!.GetValue<long>() }),
            Action("setStatus", new { value = "closed" }),
            Action("addTags", new { tags = new[] { "done" } })));
        await (await app.Admin().DeleteAsync($"/api/v1/teams/{team["id"]}")).ExpectAsync(HttpStatusCode.NoContent);

        var ticket = await app.Admin().CreateTicketAsync($"Try {marker}");

        Assert.Null(ticket["teamId"]);
        Assert.Equal("new", ticket["status"].Str());
        Assert.Equal(["done"], ticket["tags"]!.AsArray().Select(t => t.Str()));
    }

    [Fact]
    public async Task SendEmail_WithoutAnEmailChannel_ShowsADeliveryFailureOnTheTicket()
    {
        var marker = Marker();
        await app.Admin().CreateRuleAsync(Rule("mailer", ["ticketCreated"], Guard(marker), Action("sendEmail", new { to = "requester", subject = "Hi", body = "Hello" })));

        var ticket = await app.Admin().CreateTicketAsync($"Mail me {marker}");

        var failure = Assert.Single(await app.Admin().EventsAsync(ticket.Id()), e => e["kind"].Str() == "delivery_failed");
        Assert.Contains("No email channel can send mail", failure["reason"].Str());
        Assert.Equal(0, await app.WithDbAsync(db => db.Outbox.CountAsync(o => o.TicketId == ticket.Id())));
    }

    [Fact]
    public async Task CallWebhook_IsPostedThroughTheOutbox_Signed_WithTheTemplateFilled()
    {
        await using var receiver = await LoopbackReceiver.StartAsync();
        var marker = Marker();
        const string Secret = "rule-webhook-secret-0123456789";
        await app.Admin().CreateRuleAsync(Rule(
            "hook",
            ["ticketCreated"],
            Guard(marker),
            Action("setPriority", new { value = "urgent" }),
            Action("callWebhook", new
            {
                url = receiver.Url,
                secret = Secret,
                body = new { text = "#{{ticket.number}} is {{ticket.priority}}: {{ticket.subject}}", quoted = "\"{{requester.name}}\"", n = 1, tags = new[] { "a", "{{ticket.status}}" } },
            })));

        var ticket = await app.Admin().CreateTicketAsync($"Hook \"me\" {marker}", extra: new { requester = new { email = $"{Guid.NewGuid():N}@customers.test", name = "Bo \"B\" Brown" } });
        NudgeOutbox();

        var received = await receiver.NextAsync();
        Assert.True(
            WebhookSignature.Verify(Secret, received.Headers[WebhookSignature.TimestampHeader], received.Headers[WebhookSignature.SignatureHeader], received.Body, app.Clock.GetUtcNow()),
            "The call's signature does not verify with the rule's secret.");
        var body = JsonNode.Parse(received.Body)!.AsObject();
        Assert.Equal($"#{ticket["number"]} is urgent: Hook \"me\" {marker}", body["text"].Str());
        Assert.Equal("\"Bo \"B\" Brown\"", body["quoted"].Str());
        Assert.Equal(1, body["n"]!.GetValue<int>());
        Assert.Equal(["a", "new"], body["tags"]!.AsArray().Select(t => t.Str()));
        var row = await app.WithDbAsync(db => db.Outbox.AsNoTracking().SingleAsync(o => o.TicketId == ticket.Id()));
        Assert.Equal(OutboxKind.WebhookCall, row.Kind);
        Assert.DoesNotContain(Secret, row.Payload);
    }

    [Fact]
    public async Task CallWebhook_WithoutBodyOrSecret_SendsTheTicketUnsigned()
    {
        await using var receiver = await LoopbackReceiver.StartAsync();
        var marker = Marker();
        var rule = await app.Admin().CreateRuleAsync(Rule("plain hook", ["ticketCreated"], Guard(marker), Action("callWebhook", new { url = receiver.Url })));

        var ticket = await app.Admin().CreateTicketAsync($"Plain {marker}");
        NudgeOutbox();

        var received = await receiver.NextAsync();
        Assert.False(received.Headers.ContainsKey(WebhookSignature.SignatureHeader));
        var body = JsonNode.Parse(received.Body)!.AsObject();
        Assert.Equal(ticket.Id(), body["ticket"]!["id"]!.GetValue<long>());
        Assert.Equal(ticket["number"]!.GetValue<long>(), body["ticket"]!["number"]!.GetValue<long>());
        Assert.Equal("normal", body["ticket"]!["priority"].Str());
        Assert.Equal("rule", body["by"]!["kind"].Str());
        Assert.Equal(rule["id"]!.GetValue<long>(), body["by"]!["id"]!.GetValue<long>());
    }

    /// <summary>
    /// The rule wakes the outbox from inside the write; on PostgreSQL the dispatcher can look before the write commits
    /// and then sleeps until its next poll on the fake clock. A wake-up after the answer stands in for that poll.
    /// </summary>
    private void NudgeOutbox() => app.Services.GetRequiredService<OutboxSignal>().Notify();
}

/// <summary>Rules' email through an email channel's outbox.</summary>
public sealed class RuleEmailTests(FrontdeskFactory app) : IClassFixture<FrontdeskFactory>
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    private async Task EmailChannelAsync()
    {
        if (!await app.WithDbAsync(db => db.Channels.AnyAsync(c => c.Kind == Domain.Tickets.ChannelKind.Email)))
        {
            await (await app.Admin().PostJsonAsync("/api/v1/channels", new { kind = "email", name = "Support", address = "support@frontdesk.test", email = new { smtpHost = "127.0.0.1", smtpPort = EmailKit.ClosedPort(), smtpTls = "none" } }))
                .ExpectAsync(HttpStatusCode.Created);
        }
    }

    private async Task<List<OutboundEmail>> EmailsAsync(long ticketId) =>
        (await app.WithDbAsync(db => db.Outbox.AsNoTracking().Where(o => o.TicketId == ticketId && o.Kind == OutboxKind.Email).OrderBy(o => o.Id).ToListAsync()))
            .Select(o => JsonSerializer.Deserialize<OutboundEmail>(o.Payload, Json)!)
            .ToList();

    [Fact]
    public async Task SendEmail_ToTheRequester_IsQueued_WithPlaceholdersFilled_AndTheTicketToken()
    {
        await EmailChannelAsync();
        var marker = Marker();
        await app.Admin().CreateRuleAsync(Rule("ack", ["ticketCreated"], Guard(marker), Action("sendEmail", new
        {
            to = "requester",
            subject = "We have #{{ticket.number}}",
            body = "Hi {{requester.first_name}},\n\nyour {{ticket.priority}} request \"{{ticket.subject}}\" is with us.\nThe team",
        })));
        var email = $"{Guid.NewGuid():N}@customers.test";

        var ticket = await app.Admin().CreateTicketAsync($"Broken <b>login</b> {marker}", extra: new { requester = new { email, name = "Carla Customer" } });

        var sent = Assert.Single(await EmailsAsync(ticket.Id()));
        Assert.Equal(email, Assert.Single(sent.To).Address);
        Assert.Equal($"We have #{ticket["number"]} [#{ticket["number"]}]", sent.Subject);
        Assert.Equal($"Hi Carla,\n\nyour normal request \"Broken <b>login</b> {marker}\" is with us.\nThe team", sent.Text);
        Assert.Contains("<p>Hi Carla,</p>", sent.Html);
        Assert.Contains("&lt;b&gt;login&lt;/b&gt;", sent.Html);
        Assert.Contains("<br>", sent.Html);
        Assert.True(sent.AutoSubmitted);
    }

    [Fact]
    public async Task SendEmail_ToTheAssignee_AndToAnAddress()
    {
        await EmailChannelAsync();
        var marker = Marker();
        var (_, agentId) = await app.AgentAsync("Ann Agent");
        var agentEmail = await app.WithDbAsync(db => db.Agents.Where(a => a.Id == agentId).Select(a => a.Email).SingleAsync());
        await app.Admin().CreateRuleAsync(Rule(
            "tell people",
            ["ticketCreated"],
            Guard(marker),
            Action("sendEmail", new { to = "assignee", subject = "Yours: {{ticket.subject}}", body = "{{assignee.first_name}}, it is yours." }),
            Action("sendEmail", new { to = "Boss@Example.com", subject = "FYI", body = "Assigned to {{assignee.name}}." })));

        var ticket = await app.Admin().CreateTicketAsync($"Assign {marker}", extra: new { assigneeId = agentId });

        // The rule's two mails, then the assignee's own notice of the assignment (notifications run after rules).
        var emails = await EmailsAsync(ticket.Id());
        Assert.Equal([agentEmail, "boss@example.com", agentEmail], emails.Select(e => e.To[0].Address));
        Assert.Equal("Ann, it is yours.", emails[0].Text);
        Assert.Equal("Assigned to Ann Agent.", emails[1].Text);
        Assert.StartsWith($"#{ticket["number"]} was assigned to you", emails[2].Subject, StringComparison.Ordinal);
    }

    [Fact]
    public async Task SendEmail_ToOneAddress_StopsAtTheHourlyLimit()
    {
        await EmailChannelAsync();
        var marker = Marker();
        var address = $"{Guid.NewGuid():N}@partners.test";
        await app.Admin().CreateRuleAsync(Rule("chatty", ["ticketCreated"], Guard(marker), Action("sendEmail", new { to = address, subject = "New", body = "Another one." })));

        var tickets = new List<JsonObject>();
        for (var i = 0; i < 11; i++)
        {
            tickets.Add(await app.Admin().CreateTicketAsync($"Flood {i} {marker}"));
        }

        Assert.Equal(10, await app.WithDbAsync(db => db.Outbox.CountAsync(o => o.Recipient == address)));
        var last = await app.Admin().EventsAsync(tickets[^1].Id());
        Assert.Contains(last, e => e["kind"].Str() == "delivery_failed" && e["reason"].Str().Contains("automatic mails this hour", StringComparison.Ordinal));
    }
}
