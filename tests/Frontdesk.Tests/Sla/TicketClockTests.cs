using System.Net;
using System.Text.Json.Nodes;
using Frontdesk.Domain.Contacts;
using Frontdesk.Tests.Infrastructure;

namespace Frontdesk.Tests.Sla;

/// <summary>Ticket clocks through the API: chosen policy, business hours, pauses, replies, warnings and breaches.</summary>
public sealed class TicketClockTests(FrontdeskFactory app) : IClassFixture<FrontdeskFactory>, IAsyncLifetime
{
    private static readonly TimeSpan Minute = TimeSpan.FromMinutes(1);

    public async ValueTask InitializeAsync() => await app.ClearPoliciesAsync();

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;

    [Fact]
    public async Task NewTicket_GetsTheFirstMatchingPolicy_InPositionOrder()
    {
        var all = await app.PolicyForAllAsync(firstResponse: 240, name: SlaKit.Unique("Everyone"));
        var urgent = await app.PolicyAsync(new
        {
            name = SlaKit.Unique("Urgent"),
            position = 1,
            conditions = new { priorities = new[] { "urgent" } },
            targets = new { urgent = new { firstResponse = 30 } },
        });

        var urgentTicket = await app.Admin().CreateTicketAsync("Down", extra: new { priority = "urgent" });
        var normalTicket = await app.Admin().CreateTicketAsync("Question");

        var urgentSla = await app.SlaOfAsync(urgentTicket.Id());
        Assert.Equal(urgent["id"]!.GetValue<long>(), urgentSla["policyId"]!.GetValue<long>());
        Assert.Equal(urgent["name"].Str(), urgentSla["policyName"].Str());
        Assert.Equal(app.Clock.GetUtcNow().AddMinutes(30), urgentSla["firstResponse"]!["dueAt"].Time());
        Assert.Null(urgentSla["resolution"]);
        var normalSla = await app.SlaOfAsync(normalTicket.Id());
        Assert.Equal(all["id"]!.GetValue<long>(), normalSla["policyId"]!.GetValue<long>());
        Assert.Equal(240 * 60, normalSla["firstResponse"]!["remainingSeconds"]!.GetValue<long>());
    }

    [Fact]
    public async Task PolicyWithATierCondition_MatchesOnlyThatTiersOrganizations()
    {
        var org = await app.OrganizationAsync(SlaKit.Unique("Acme"), sharesTickets: false, OrganizationTier.Premium, $"{Guid.NewGuid():N}.example");
        var premium = await app.PolicyAsync(new { name = SlaKit.Unique("Premium"), conditions = new { organizationTiers = new[] { "premium" } }, targets = new { normal = new { firstResponse = 15 } } });
        var (member, _) = await app.CustomerAsync($"{Guid.NewGuid():N}@acme.test", org);
        var (loner, _) = await app.CustomerAsync($"{Guid.NewGuid():N}@loner.test");

        var fromMember = await member.OpenTicketAsync("Premium question");
        var fromLoner = await loner.OpenTicketAsync("Plain question");

        Assert.Equal(premium["id"]!.GetValue<long>(), (await app.SlaOfAsync(fromMember.Id()))["policyId"]!.GetValue<long>());
        Assert.Null((await app.TicketAsync(fromLoner.Id()))["sla"]);
    }

    [Fact]
    public async Task Clocks_CountOfficeHoursOnly_AcrossANightAWeekendAndAHoliday()
    {
        var friday = app.NextLocal(DayOfWeek.Friday, 16);
        var monday = friday.AddDays(3);
        var calendar = await app.OfficeCalendarAsync("Europe/Berlin", DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(monday, Berlin).Date));
        await app.PolicyForAllAsync(firstResponse: 3 * 60, resolution: 10 * 60, calendarId: calendar);
        await app.MoveToAsync(friday);

        var ticket = await app.Admin().CreateTicketAsync("Before the long weekend");

        // Friday 16–17 is one hour; Monday is a holiday; then Tuesday from 09:00 (the resolution's 9 h: Tuesday's 8, Wednesday's first).
        var sla = await app.SlaOfAsync(ticket.Id());
        Assert.Equal(InBerlin(friday, days: 4, hour: 11), sla["firstResponse"]!["dueAt"].Time());
        Assert.Equal(InBerlin(friday, days: 5, hour: 10), sla["resolution"]!["dueAt"].Time());
        Assert.Equal("running", sla["firstResponse"]!["status"].Str());
        Assert.Equal(sla["firstResponse"]!["dueAt"].Str(), (await app.TicketAsync(ticket.Id()))["dueAt"].Str());

        // Over the weekend nothing is spent.
        await app.MoveToAsync(friday.AddDays(2));
        Assert.Equal(2 * 3600, (await app.SlaOfAsync(ticket.Id()))["firstResponse"]!["remainingSeconds"]!.GetValue<long>());
    }

    [Fact]
    public async Task PendingTicket_PausesItsClocks_AndResumingPushesTheDueTime()
    {
        await app.PolicyForAllAsync(firstResponse: 60, resolution: 8 * 60);
        var start = app.Clock.GetUtcNow();
        var ticket = await app.Admin().CreateTicketAsync("Waiting on you");
        var due = (await app.SlaOfAsync(ticket.Id()))["resolution"]!["dueAt"].Time();
        await app.AdvanceAsync(10 * Minute);

        await (await app.Admin().PatchJsonAsync($"/api/v1/tickets/{ticket.Id()}", new { status = "pending" })).ExpectAsync(HttpStatusCode.OK);
        await app.AdvanceAsync(3 * 60 * Minute);

        var paused = await app.TicketAsync(ticket.Id());
        Assert.Null(paused["dueAt"]);
        Assert.Equal("paused", paused["sla"]!["resolution"]!["status"].Str());
        Assert.Null(paused["sla"]!["resolution"]!["dueAt"]);
        Assert.Equal((8 * 60 - 10) * 60, paused["sla"]!["resolution"]!["remainingSeconds"]!.GetValue<long>());
        Assert.NotNull(paused["sla"]!["resolution"]!["pausedSince"]);
        Assert.Empty(await app.EventsAsync(ticket.Id(), "sla_breached"));

        await (await app.Admin().PatchJsonAsync($"/api/v1/tickets/{ticket.Id()}", new { status = "open" })).ExpectAsync(HttpStatusCode.OK);

        var resumed = await app.TicketAsync(ticket.Id());
        Assert.Equal("running", resumed["sla"]!["resolution"]!["status"].Str());
        Assert.Equal(due.AddHours(3), resumed["sla"]!["resolution"]!["dueAt"].Time());
        Assert.Equal(start.AddHours(1 + 3), resumed["dueAt"].Time());
    }

    [Fact]
    public async Task AgentsFirstPublicReply_MeetsTheFirstResponseTarget_ButANoteDoesNot()
    {
        await app.PolicyForAllAsync(firstResponse: 60, resolution: 240);
        var ticket = await app.Admin().CreateTicketAsync("Hello?");
        var (agent, _) = await app.AgentAsync();
        await app.AdvanceAsync(20 * Minute);

        await (await agent.PostJsonAsync($"/api/v1/tickets/{ticket.Id()}/messages", new { body = "Looking", @internal = true })).ExpectAsync(HttpStatusCode.Created);
        Assert.Equal("running", (await app.SlaOfAsync(ticket.Id()))["firstResponse"]!["status"].Str());
        await (await agent.PostJsonAsync($"/api/v1/tickets/{ticket.Id()}/messages", new { body = "On it" })).ExpectAsync(HttpStatusCode.Created);

        var after = await app.TicketAsync(ticket.Id());
        var first = after["sla"]!["firstResponse"]!;
        Assert.Equal("met", first["status"].Str());
        Assert.Equal(app.Clock.GetUtcNow(), first["completedAt"].Time());
        Assert.Equal(40 * 60, first["remainingSeconds"]!.GetValue<long>());
        Assert.Equal(after["sla"]!["resolution"]!["dueAt"].Str(), after["dueAt"].Str());
        var stored = await app.WithDbAsync(db => Task.FromResult(db.SlaClocks.Single(c => c.TicketId == ticket.Id() && c.Target == Domain.Sla.SlaTarget.FirstResponse)));
        Assert.Equal(Domain.Sla.SlaOutcome.Met, stored.Outcome);
    }

    [Fact]
    public async Task CustomerReplyAfterAnAnswer_StartsANextResponseClock_ThatTheNextAnswerStops()
    {
        await app.PolicyForAllAsync(firstResponse: 60, nextResponse: 30);
        var (customer, _) = await app.CustomerAsync($"{Guid.NewGuid():N}@customers.test");
        var ticket = await customer.OpenTicketAsync("Question");
        await (await app.Admin().PostJsonAsync($"/api/v1/tickets/{ticket.Id()}/messages", new { body = "Answer" })).ExpectAsync(HttpStatusCode.Created);
        Assert.Null((await app.SlaOfAsync(ticket.Id()))["nextResponse"]);
        await app.AdvanceAsync(5 * Minute);

        await (await customer.PostJsonAsync($"/api/v1/tickets/{ticket.Id()}/messages", new { body = "Follow-up question" })).ExpectAsync(HttpStatusCode.Created);
        var waiting = (await app.SlaOfAsync(ticket.Id()))["nextResponse"]!;
        Assert.Equal("running", waiting["status"].Str());
        Assert.Equal(app.Clock.GetUtcNow().AddMinutes(30), waiting["dueAt"].Time());
        Assert.Equal(app.Clock.GetUtcNow().AddMinutes(30), (await app.TicketAsync(ticket.Id()))["dueAt"].Time());
        await app.AdvanceAsync(45 * Minute);
        await (await app.Admin().PostJsonAsync($"/api/v1/tickets/{ticket.Id()}/messages", new { body = "Second answer" })).ExpectAsync(HttpStatusCode.Created);

        var answered = (await app.SlaOfAsync(ticket.Id()))["nextResponse"]!;
        Assert.Equal("breached", answered["status"].Str());
        Assert.Equal(-15 * 60, answered["remainingSeconds"]!.GetValue<long>());
        Assert.Single(await app.EventsAsync(ticket.Id(), "sla_breached"));
    }

    [Fact]
    public async Task Breach_IsRecordedOnce_WithThePolicyAsActorAndWhatItLookedAt()
    {
        var policy = await app.PolicyForAllAsync(firstResponse: 30);
        var ticket = await app.Admin().CreateTicketAsync("Nobody answers");
        var due = (await app.SlaOfAsync(ticket.Id()))["firstResponse"]!["dueAt"].Time();

        await app.MoveToAsync(due - TimeSpan.FromSeconds(1));
        Assert.Empty(await app.EventsAsync(ticket.Id(), "sla_breached"));
        var check = await app.MoveToAsync(due);
        await app.AdvanceAsync(TimeSpan.FromHours(5));

        Assert.True(check.Breaches >= 1);
        var breach = Assert.Single(await app.EventsAsync(ticket.Id(), "sla_breached"));
        Assert.Equal("sla", breach["actorKind"].Str());
        Assert.Equal(policy["id"]!.GetValue<long>(), breach["actorId"]!.GetValue<long>());
        Assert.Equal(policy["name"].Str(), breach["actorName"].Str());
        Assert.Equal("sla.firstResponse", breach["field"].Str());
        Assert.Equal(due, breach["at"].Time());
        var inputs = JsonNode.Parse(breach["inputs"].Str())!;
        Assert.Equal("firstResponse", inputs["target"].Str());
        Assert.Equal(30, inputs["minutes"]!.GetValue<int>());
        Assert.Equal("breached", (await app.SlaOfAsync(ticket.Id()))["firstResponse"]!["status"].Str());
    }

    [Fact]
    public async Task Warning_IsRecordedAtTheShareOfTheTarget_ThenTheBreach()
    {
        await app.PolicyForAllAsync(firstResponse: 60, warnAt: 0.75);
        var ticket = await app.Admin().CreateTicketAsync("Getting late");
        var start = app.Clock.GetUtcNow();

        await app.MoveToAsync(start.AddMinutes(44));
        Assert.Empty(await app.EventsAsync(ticket.Id(), "sla_warning"));
        await app.MoveToAsync(start.AddMinutes(45));
        var warning = Assert.Single(await app.EventsAsync(ticket.Id(), "sla_warning"));
        Assert.Empty(await app.EventsAsync(ticket.Id(), "sla_breached"));
        Assert.Equal(start.AddMinutes(45), warning["at"].Time());
        await app.MoveToAsync(start.AddMinutes(60));

        Assert.Single(await app.EventsAsync(ticket.Id(), "sla_warning"));
        Assert.Single(await app.EventsAsync(ticket.Id(), "sla_breached"));
    }

    [Fact]
    public async Task Monitor_WakesByItself_WhenTheFakeClockPassesADueTime()
    {
        await app.PolicyForAllAsync(firstResponse: 90);
        var ticket = await app.Admin().CreateTicketAsync("Timer");
        var due = app.Clock.GetUtcNow().AddMinutes(90);

        // No nudge: only the clock moves, and the monitor's own timer has to fire.
        await app.CheckedAfterAsync(due, () => app.Clock.SetUtcNow(due));

        Assert.Single(await app.EventsAsync(ticket.Id(), "sla_breached"));
    }

    [Fact]
    public async Task SolvedTicket_StopsResolutionAsMet_AndAReopenPicksUpWhereItStopped()
    {
        await app.PolicyForAllAsync(firstResponse: 60, resolution: 120);
        var (customer, _) = await app.CustomerAsync($"{Guid.NewGuid():N}@customers.test");
        var ticket = await customer.OpenTicketAsync("Fix it");
        var due = (await app.SlaOfAsync(ticket.Id()))["resolution"]!["dueAt"].Time();
        await app.AdvanceAsync(30 * Minute);
        await (await app.Admin().PatchJsonAsync($"/api/v1/tickets/{ticket.Id()}", new { status = "solved" })).ExpectAsync(HttpStatusCode.OK);

        var solved = await app.TicketAsync(ticket.Id());
        Assert.Equal("met", solved["sla"]!["resolution"]!["status"].Str());
        Assert.Null(solved["dueAt"]);
        await app.AdvanceAsync(5 * 60 * Minute);
        Assert.Empty(await app.EventsAsync(ticket.Id(), "sla_breached"));

        await (await customer.PostJsonAsync($"/api/v1/tickets/{ticket.Id()}/messages", new { body = "Still broken" })).ExpectAsync(HttpStatusCode.Created);

        var reopened = (await app.SlaOfAsync(ticket.Id()))["resolution"]!;
        Assert.Equal("running", reopened["status"].Str());
        Assert.Equal(due.AddHours(5), reopened["dueAt"].Time());
        Assert.Null(reopened["completedAt"]);
    }

    [Fact]
    public async Task RaisingThePriority_MeasuresFromTheStart_AndRecordsABreachAtOnce()
    {
        await app.PolicyAsync(new
        {
            name = SlaKit.Unique("Tiered"),
            targets = new { normal = new { firstResponse = 240 }, urgent = new { firstResponse = 30 } },
        });
        var ticket = await app.Admin().CreateTicketAsync("Slowly getting worse");
        var created = app.Clock.GetUtcNow();
        await app.AdvanceAsync(60 * Minute);

        var patched = await (await app.Admin().PatchJsonAsync($"/api/v1/tickets/{ticket.Id()}", new { priority = "urgent" })).ExpectAsync(HttpStatusCode.OK);

        Assert.Equal(created.AddMinutes(30), patched["dueAt"].Time());
        Assert.Equal("breached", patched["sla"]!["firstResponse"]!["status"].Str());
        var breach = Assert.Single(await app.EventsAsync(ticket.Id(), "sla_breached"));
        Assert.Equal(app.Clock.GetUtcNow(), breach["at"].Time());
    }

    [Fact]
    public async Task DeletingThePolicy_RemovesRunningClocks_AndTheDueTimeTheyGave()
    {
        var policy = await app.PolicyForAllAsync(firstResponse: 60);
        var ticket = await app.Admin().CreateTicketAsync("Orphan");
        Assert.NotNull((await app.TicketAsync(ticket.Id()))["dueAt"]);

        await (await app.Admin().DeleteAsync($"/api/v1/sla-policies/{policy["id"]}")).ExpectAsync(HttpStatusCode.NoContent);

        var after = await app.TicketAsync(ticket.Id());
        Assert.Null(after["dueAt"]);
        Assert.Null(after["sla"]);
        await app.AdvanceAsync(120 * Minute);
        Assert.Empty(await app.EventsAsync(ticket.Id(), "sla_breached"));
    }

    [Fact]
    public async Task TicketWithoutAPolicy_HasNoClocks_AndKeepsAManualDueTime()
    {
        var manual = app.Clock.GetUtcNow().AddDays(3);
        var ticket = await app.Admin().CreateTicketAsync("Unmeasured", extra: new { dueAt = manual });
        await app.PolicyForAllAsync(firstResponse: 60);

        await (await app.Admin().PatchJsonAsync($"/api/v1/tickets/{ticket.Id()}", new { status = "open" })).ExpectAsync(HttpStatusCode.OK);

        var after = await app.TicketAsync(ticket.Id());
        Assert.Null(after["sla"]);
        Assert.Equal(manual, after["dueAt"].Time());
        var sla = await (await app.Admin().GetAsync($"/api/v1/tickets/{ticket.Id()}/sla")).ExpectAsync(HttpStatusCode.OK);
        Assert.Empty(sla["clocks"]!.AsArray());
    }

    [Fact]
    public async Task ADueTimeGivenWithTheTicket_Stands_UntilTheClocksNextChange()
    {
        await app.PolicyForAllAsync(firstResponse: 60);
        var manual = app.Clock.GetUtcNow().AddDays(2);

        var ticket = await app.Admin().CreateTicketAsync("Due on Wednesday", extra: new { dueAt = manual });

        Assert.Equal(manual, (await app.TicketAsync(ticket.Id()))["dueAt"].Time());
        await (await app.Admin().PatchJsonAsync($"/api/v1/tickets/{ticket.Id()}", new { status = "pending" })).ExpectAsync(HttpStatusCode.OK);
        await (await app.Admin().PatchJsonAsync($"/api/v1/tickets/{ticket.Id()}", new { status = "open" })).ExpectAsync(HttpStatusCode.OK);
        Assert.Equal((await app.SlaOfAsync(ticket.Id()))["firstResponse"]!["dueAt"].Str(), (await app.TicketAsync(ticket.Id()))["dueAt"].Str());
    }

    [Fact]
    public async Task SlaEndpoint_ListsEveryClock_ForStaffOnly()
    {
        await app.PolicyForAllAsync(firstResponse: 60, nextResponse: 60, resolution: 600);
        var (customer, _) = await app.CustomerAsync($"{Guid.NewGuid():N}@customers.test");
        var ticket = await customer.OpenTicketAsync("Rounds");
        for (var round = 0; round < 2; round++)
        {
            await (await app.Admin().PostJsonAsync($"/api/v1/tickets/{ticket.Id()}/messages", new { body = "Answer" })).ExpectAsync(HttpStatusCode.Created);
            await (await customer.PostJsonAsync($"/api/v1/tickets/{ticket.Id()}/messages", new { body = "More" })).ExpectAsync(HttpStatusCode.Created);
        }

        var sla = await (await app.Admin().GetAsync($"/api/v1/tickets/{ticket.Id()}/sla")).ExpectAsync(HttpStatusCode.OK);

        var targets = sla["clocks"]!.AsArray().Select(c => (c!["target"].Str(), c["status"].Str())).ToList();
        Assert.Equal([("firstResponse", "met"), ("resolution", "running"), ("nextResponse", "met"), ("nextResponse", "running")], targets);
        Assert.Equal("running", sla["nextResponse"]!["status"].Str());
        Assert.False((await app.SlaOfAsync(ticket.Id())).ContainsKey("clocks"));
        Assert.Equal(HttpStatusCode.Forbidden, (await customer.GetAsync($"/api/v1/tickets/{ticket.Id()}/sla")).StatusCode);
        Assert.Null((await (await customer.GetAsync($"/api/v1/tickets/{ticket.Id()}")).ExpectAsync(HttpStatusCode.OK))["sla"]);
        await (await app.Admin().GetAsync("/api/v1/tickets/987654/sla")).ExpectProblemAsync(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task TicketLists_DoNotCarryTheSla()
    {
        await app.PolicyForAllAsync(firstResponse: 60);
        var ticket = await app.Admin().CreateTicketAsync("Listed");

        var page = await (await app.Admin().GetAsync("/api/v1/tickets?limit=200")).ExpectAsync(HttpStatusCode.OK);

        var listed = page["items"]!.AsArray().Single(t => t!["id"]!.GetValue<long>() == ticket.Id())!;
        Assert.Null(listed["sla"]);
        Assert.NotNull(listed["dueAt"]);
    }

    private static TimeZoneInfo Berlin => TimeZoneInfo.FindSystemTimeZoneById("Europe/Berlin");

    /// <summary>The Berlin wall-clock hour some days after the local date of <paramref name="from"/>.</summary>
    private static DateTimeOffset InBerlin(DateTimeOffset from, int days, int hour)
    {
        var wall = TimeZoneInfo.ConvertTime(from, Berlin).Date.AddDays(days).AddHours(hour);
        return new DateTimeOffset(wall, Berlin.GetUtcOffset(wall));
    }
}
