using System.Net;
using System.Text.Json.Nodes;
using Frontdesk.Tests.Infrastructure;
using Frontdesk.Tests.Routing;
using static Frontdesk.Tests.Automation.RuleApi;

namespace Frontdesk.Tests.Tickets;

/// <summary>GET /tickets/{id}/explain: every automatic decision, in order, with what it looked at.</summary>
public sealed class ExplainTests(FrontdeskFactory app) : IClassFixture<FrontdeskFactory>
{
    [Fact]
    public async Task Explain_ListsTheRuleThenTheRoutingDecision_WithTheirInputs_AndNotPeoplesChanges()
    {
        var marker = Marker();
        var teamId = await app.TeamAsync("leastLoaded");
        var agentId = await app.MemberAsync(teamId, "online", capacity: 5);
        var rule = await app.Admin().CreateRuleAsync(Rule(
            "printers to hardware", ["ticketCreated"], All(Guard(marker), Leaf("subject", "contains", "printer")),
            Action("setTeam", new { value = teamId }), Action("setPriority", new { value = "high" })));

        var ticket = await app.Admin().CreateTicketAsync($"The printer jams {marker}");
        await (await app.Admin().PatchJsonAsync($"/api/v1/tickets/{ticket.Id()}", new { priority = "urgent" })).ExpectAsync(HttpStatusCode.OK);

        var explanation = await (await app.Admin().GetAsync($"/api/v1/tickets/{ticket.Id()}/explain")).ExpectAsync(HttpStatusCode.OK);
        var decisions = explanation["decisions"]!.AsArray().Select(d => d!.AsObject()).ToList();
        Assert.Equal(["rule", "routing"], decisions.Select(d => d["by"]!["kind"].Str()));

        var byRule = decisions[0];
        Assert.Equal(rule["id"]!.GetValue<long>(), byRule["by"]!["id"]!.GetValue<long>());
        Assert.Equal("printers to hardware", byRule["by"]!["name"].Str());
        Assert.Equal("ticketCreated", byRule["inputs"]!["trigger"].Str());
        Assert.Contains(byRule["inputs"]!["matched"]!.AsArray(), m => m!["value"].Str() == "printer");
        Assert.Equal(["team", "priority"], byRule["results"]!.AsArray().Select(r => r!["field"].Str()));
        Assert.Equal("High", byRule["results"]![1]!["to"].Str());

        var byRouting = decisions[1];
        Assert.Equal(teamId, byRouting["by"]!["id"]!.GetValue<long>());
        Assert.Equal(agentId.ToString(System.Globalization.CultureInfo.InvariantCulture), byRouting["results"]![0]!["to"].Str());
        Assert.Equal(agentId, byRouting["inputs"]!["chosen"]!.GetValue<long>());
        Assert.NotEmpty(byRouting["inputs"]!["candidates"]!.AsArray());
    }

    [Fact]
    public async Task Explain_IsForStaff_NotForTheRequester_AndATicketWithoutAutomationHasNoDecisions()
    {
        var email = $"{Guid.NewGuid():N}@customers.test";
        var (customer, _) = await app.CustomerAsync(email);
        var ticket = await app.Admin().CreateTicketAsync("Plain", email);

        var explanation = await (await app.Admin().GetAsync($"/api/v1/tickets/{ticket.Id()}/explain")).ExpectAsync(HttpStatusCode.OK);
        Assert.Empty(explanation["decisions"]!.AsArray());
        Assert.Equal(ticket["number"]!.GetValue<long>(), explanation["number"]!.GetValue<long>());
        await (await customer.GetAsync($"/api/v1/tickets/{ticket.Id()}/explain")).ExpectProblemAsync(HttpStatusCode.Forbidden);
        await (await app.Admin().GetAsync("/api/v1/tickets/987654321/explain")).ExpectProblemAsync(HttpStatusCode.NotFound);
        Assert.Equal(HttpStatusCode.Unauthorized, (await app.Anonymous().GetAsync($"/api/v1/tickets/{ticket.Id()}/explain")).StatusCode);
    }
}
