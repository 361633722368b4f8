using System.Net;
using System.Text.Json;
using Frontdesk.Channels.Outbox;
using Frontdesk.Domain.Channels;
using Frontdesk.Domain.Tickets;
using Frontdesk.Tests.Channels.Email;
using Frontdesk.Tests.Infrastructure;
using Frontdesk.Tests.Sla;
using Microsoft.EntityFrameworkCore;
using static Frontdesk.Tests.Automation.RuleApi;

namespace Frontdesk.Tests.Automation.TimeDriven;

/// <summary>The issue's examples, run by the runner as the fake clock passes their due times.</summary>
public sealed class AutomationRunTests(FrontdeskFactory app) : IClassFixture<FrontdeskFactory>
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    [Fact]
    public async Task PendingThreeBusinessDays_RemindsTheCustomerOnce_ByEmail()
    {
        await EmailChannelAsync();
        var calendarId = await app.OfficeCalendarAsync();
        var marker = Marker();
        var admin = app.Admin();
        var reminder = await admin.CreateAutomationAsync(AutomationKit.Automation(
            "Remind pending", "statusChanged", new { amount = 3, unit = "days", businessTime = true, calendarId },
            All(Guard(marker), Leaf("status", "is", "pending")),
            Action("sendEmail", new { to = "requester", subject = "Still waiting on #{{ticket.number}}", body = "Hi {{requester.first_name}}, we need your answer." })));

        // Pending on a Monday at 10:00 in Berlin: three open days later is Thursday 10:00.
        var monday = app.NextLocal(DayOfWeek.Monday, 10);
        await app.RunAtAsync(monday);
        var ticket = await admin.CreateTicketAsync($"Waiting {marker}", requester: "ann@example.test");
        await admin.PatchTicketAsync(ticket.Id(), new { status = "pending" });

        await app.RunAtAsync(monday.AddDays(3).AddMinutes(-1));
        Assert.Empty(await EmailsAsync(ticket.Id()));

        await app.RunAtAsync(monday.AddDays(3));
        await app.RunAtAsync(monday.AddDays(4));

        var email = Assert.Single(await EmailsAsync(ticket.Id()));
        Assert.StartsWith($"Still waiting on #{ticket["number"]}", email.Subject, StringComparison.Ordinal);
        var ran = Assert.Single(await admin.ByAutomationAsync(ticket.Id(), reminder.Id(), "automation_ran"));
        Assert.Equal(monday.AddDays(3), ran["at"].Time());
        var inputs = ran.Inputs();
        Assert.Equal("statusChanged", inputs["since"].Str());
        Assert.Equal(monday, inputs["anchorAt"].Time());
        Assert.Equal(monday.AddDays(3), inputs["dueAt"].Time());
        Assert.Contains(inputs["matched"]!.AsArray(), m => m!["field"].Str() == "status");
    }

    [Fact]
    public async Task PendingTooLong_IsSolved_AndSolvedFourDays_IsClosed()
    {
        var marker = Marker();
        var admin = app.Admin();
        var solve = await admin.CreateAutomationAsync(AutomationKit.Automation(
            "Solve abandoned", "statusChanged", new { amount = 7, unit = "days" },
            All(Guard(marker), Leaf("status", "is", "pending")),
            Action("setStatus", new { value = "solved" })));
        var close = await admin.CreateAutomationAsync(AutomationKit.Automation(
            "Close solved", "statusChanged", new { amount = 4, unit = "days" },
            All(Guard(marker), Leaf("status", "is", "solved")),
            Action("setStatus", new { value = "closed" })));
        var ticket = await admin.CreateTicketAsync($"Abandoned {marker}");
        await admin.PatchTicketAsync(ticket.Id(), new { status = "pending" });
        var pendingAt = app.Clock.GetUtcNow();

        await app.RunAtAsync(pendingAt.AddDays(7));
        Assert.Equal("solved", (await admin.TicketAsync(ticket.Id()))["status"].Str());
        Assert.Single(await admin.ByAutomationAsync(ticket.Id(), solve.Id(), "automation_ran"));

        // The automation's own status change is a new anchor for the next one.
        await app.RunAtAsync(pendingAt.AddDays(11).AddMinutes(-1));
        Assert.Equal("solved", (await admin.TicketAsync(ticket.Id()))["status"].Str());
        await app.RunAtAsync(pendingAt.AddDays(11));
        Assert.Equal("closed", (await admin.TicketAsync(ticket.Id()))["status"].Str());
        Assert.Single(await admin.ByAutomationAsync(ticket.Id(), close.Id(), "automation_ran"));

        // A closed ticket has no due rows left.
        Assert.Equal(0, await app.WithDbAsync(db => db.Set<Domain.Automation.AutomationDue>().CountAsync(d => d.TicketId == ticket.Id())));
    }

    [Fact]
    public async Task UnassignedThirtyMinutes_IsEscalated_OnlyOnce()
    {
        var marker = Marker();
        var admin = app.Admin();
        var team = await (await admin.PostJsonAsync("/api/v1/teams", new { name = $"Escalations {marker}" })).ExpectAsync(HttpStatusCode.Created);
        var escalate = await admin.CreateAutomationAsync(AutomationKit.Automation(
            "Escalate unassigned", "created", new { amount = 30, unit = "minutes" },
            All(Guard(marker), Leaf("assignee", "isNotSet")),
            Action("setPriority", new { value = "urgent" }),
            Action("setTeam", new { value = team.Id() })));
        var ticket = await admin.CreateTicketAsync($"Nobody took me {marker}");
        var createdAt = app.Clock.GetUtcNow();

        await app.RunAtAsync(createdAt.AddMinutes(29));
        Assert.Equal("normal", (await admin.TicketAsync(ticket.Id()))["priority"].Str());

        await app.RunAtAsync(createdAt.AddMinutes(30));
        await app.RunAtAsync(createdAt.AddMinutes(90));

        var escalated = await admin.TicketAsync(ticket.Id());
        Assert.Equal("urgent", escalated["priority"].Str());
        Assert.Equal(team.Id(), escalated["teamId"]!.GetValue<long>());
        Assert.Single(await admin.ByAutomationAsync(ticket.Id(), escalate.Id(), "automation_ran"));
        Assert.Single(await admin.ByAutomationAsync(ticket.Id(), escalate.Id(), "field_changed"), e => e["field"].Str() == "priority");
    }

    [Fact]
    public async Task ConditionsThatNoLongerHold_AtTheDueTime_DoNothing()
    {
        var marker = Marker();
        var admin = app.Admin();
        var (_, agentId) = await app.AgentAsync($"Taker {marker}");
        var escalate = await admin.CreateAutomationAsync(AutomationKit.Automation(
            "Escalate unassigned", "created", new { amount = 30, unit = "minutes" },
            All(Guard(marker), Leaf("assignee", "isNotSet")),
            Action("setPriority", new { value = "urgent" })));
        var ticket = await admin.CreateTicketAsync($"Taken in time {marker}");
        var createdAt = app.Clock.GetUtcNow();
        await app.RunAtAsync(createdAt.AddMinutes(10));
        await admin.PatchTicketAsync(ticket.Id(), new { assigneeId = agentId });

        await app.RunAtAsync(createdAt.AddMinutes(31));

        Assert.Equal("normal", (await admin.TicketAsync(ticket.Id()))["priority"].Str());
        Assert.Empty(await admin.ByAutomationAsync(ticket.Id(), escalate.Id()));
    }

    [Fact]
    public async Task ANewAnchor_ReArmsTheAutomation()
    {
        var marker = Marker();
        var admin = app.Admin();
        var nudge = await admin.CreateAutomationAsync(AutomationKit.Automation(
            "Nudge pending", "statusChanged", new { amount = 2, unit = "hours" },
            All(Guard(marker), Leaf("status", "is", "pending")),
            Action("addTags", new { tags = new[] { "nudged" } })));
        var ticket = await admin.CreateTicketAsync($"Twice pending {marker}");
        await admin.PatchTicketAsync(ticket.Id(), new { status = "pending" });
        await app.RunAfterAsync(TimeSpan.FromHours(2));
        await app.RunAfterAsync(TimeSpan.FromHours(2));
        Assert.Single(await admin.ByAutomationAsync(ticket.Id(), nudge.Id(), "automation_ran"));

        await admin.PatchTicketAsync(ticket.Id(), new { status = "open" });
        await admin.PatchTicketAsync(ticket.Id(), new { status = "pending" });
        await app.RunAfterAsync(TimeSpan.FromHours(1));
        Assert.Single(await admin.ByAutomationAsync(ticket.Id(), nudge.Id(), "automation_ran"));
        await app.RunAfterAsync(TimeSpan.FromHours(1));

        Assert.Equal(2, (await admin.ByAutomationAsync(ticket.Id(), nudge.Id(), "automation_ran")).Count);
    }

    [Fact]
    public async Task AnAutomationCreatedLater_IsArmedOnTicketsThatExist_FromTheirHistory()
    {
        var marker = Marker();
        var admin = app.Admin();
        var ticket = await admin.CreateTicketAsync($"Older than the automation {marker}");
        var createdAt = app.Clock.GetUtcNow();
        await app.RunAtAsync(createdAt.AddMinutes(20));

        var escalate = await admin.CreateAutomationAsync(AutomationKit.Automation(
            "Escalate unassigned", "created", new { amount = 30, unit = "minutes" },
            Guard(marker),
            Action("setPriority", new { value = "high" })));
        await app.RunAtAsync(createdAt.AddMinutes(30));

        Assert.Equal("high", (await admin.TicketAsync(ticket.Id()))["priority"].Str());
        Assert.Single(await admin.ByAutomationAsync(ticket.Id(), escalate.Id(), "automation_ran"));
    }

    [Fact]
    public async Task SinceLastAgentMessage_CountsFromThePublicReply_NotFromNotes()
    {
        var marker = Marker();
        var admin = app.Admin();
        var chase = await admin.CreateAutomationAsync(AutomationKit.Automation(
            "No answer", "lastAgentMessage", new { amount = 2, unit = "days" },
            Guard(marker),
            Action("addTags", new { tags = new[] { "no-answer" } })));
        var ticket = await admin.CreateTicketAsync($"Asked a question {marker}");
        await app.RunAfterAsync(TimeSpan.FromDays(3));
        Assert.Empty(await admin.ByAutomationAsync(ticket.Id(), chase.Id()));

        await admin.ReplyAsync(ticket.Id(), "Which version do you run?");
        var repliedAt = app.Clock.GetUtcNow();
        await app.RunAtAsync(repliedAt.AddDays(1));
        await admin.ReplyAsync(ticket.Id(), "Internal: waiting on them", isInternal: true);
        await app.RunAtAsync(repliedAt.AddDays(2));

        var ran = Assert.Single(await admin.ByAutomationAsync(ticket.Id(), chase.Id(), "automation_ran"));
        Assert.Equal(repliedAt, ran.Inputs()["anchorAt"].Time());
    }

    [Fact]
    public async Task AnInactiveAutomation_DoesNothing()
    {
        var marker = Marker();
        var admin = app.Admin();
        var body = AutomationKit.Automation(
            "Dormant", "created", new { amount = 5, unit = "minutes" }, Guard(marker), Action("setPriority", new { value = "low" }));
        body["isActive"] = false;
        var dormant = await admin.CreateAutomationAsync(body);
        var ticket = await admin.CreateTicketAsync($"Left alone {marker}");

        await app.RunAfterAsync(TimeSpan.FromMinutes(10));

        Assert.Equal("normal", (await admin.TicketAsync(ticket.Id()))["priority"].Str());
        Assert.Empty(await admin.ByAutomationAsync(ticket.Id(), dormant.Id()));
    }

    private async Task EmailChannelAsync()
    {
        if (!await app.WithDbAsync(db => db.Channels.AnyAsync(c => c.Kind == ChannelKind.Email)))
        {
            await (await app.Admin().PostJsonAsync("/api/v1/channels", new { kind = "email", name = "Support", address = "support@frontdesk.test", email = new { smtpHost = "127.0.0.1", smtpPort = EmailKit.ClosedPort(), smtpTls = "none" } }))
                .ExpectAsync(HttpStatusCode.Created);
        }
    }

    private async Task<List<OutboundEmail>> EmailsAsync(long ticketId) =>
        (await app.WithDbAsync(db => db.Outbox.AsNoTracking().Where(o => o.TicketId == ticketId && o.Kind == OutboxKind.Email).OrderBy(o => o.Id).ToListAsync()))
            .Select(o => JsonSerializer.Deserialize<OutboundEmail>(o.Payload, Json)!)
            .ToList();
}
