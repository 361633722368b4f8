using System.Net;
using Frontdesk.Tests.Infrastructure;

namespace Frontdesk.Tests.Tickets;

public sealed class LinkAndMergeTests(FrontdeskFactory app) : IClassFixture<FrontdeskFactory>
{
    [Fact]
    public async Task Link_ShowsFromBothSides_WithTheRightRelation_AndCanBeRemoved()
    {
        var admin = app.Admin();
        var parent = await admin.CreateTicketAsync("Outage");
        var child = await admin.CreateTicketAsync("My site is down");

        var link = await (await admin.PostJsonAsync($"/api/v1/tickets/{child.Id()}/links", new { ticketId = parent.Id(), relation = "childOf" })).ExpectAsync(HttpStatusCode.Created);

        Assert.Equal("childOf", link["relation"].Str());
        var fromParent = await (await admin.GetAsync($"/api/v1/tickets/{parent.Id()}/links")).ExpectArrayAsync(HttpStatusCode.OK);
        Assert.Equal("parentOf", Assert.Single(fromParent)!["relation"].Str());

        await (await admin.PostJsonAsync($"/api/v1/tickets/{parent.Id()}/links", new { ticketId = child.Id(), relation = "parentOf" })).ExpectProblemAsync(HttpStatusCode.Conflict, "ticketId");
        await (await admin.DeleteAsync($"/api/v1/tickets/{parent.Id()}/links/{link["id"]}")).ExpectAsync(HttpStatusCode.NoContent);
        Assert.Empty(await (await admin.GetAsync($"/api/v1/tickets/{child.Id()}/links")).ExpectArrayAsync(HttpStatusCode.OK));

        var events = await (await admin.GetAsync($"/api/v1/tickets/{child.Id()}/events")).ExpectAsync(HttpStatusCode.OK);
        var kinds = events["items"]!.AsArray().Select(e => e!["kind"].Str()).ToList();
        Assert.Contains("linked", kinds);
        Assert.Contains("unlinked", kinds);
    }

    [Theory]
    [InlineData("{\"relation\":\"related\"}", "ticketId")]
    [InlineData("{\"ticketId\":1}", "relation")]
    [InlineData("{\"ticketId\":99999999,\"relation\":\"related\"}", "ticketId")]
    [InlineData("{\"ticketId\":1,\"relation\":\"cousinOf\"}", "relation")]
    public async Task Link_BadInput_Is400NamingTheField(string json, string field)
    {
        var ticket = await app.Admin().CreateTicketAsync("Link me");
        await (await app.Admin().PostRawAsync($"/api/v1/tickets/{ticket.Id()}/links", json)).ExpectProblemAsync(HttpStatusCode.BadRequest, field);
    }

    [Fact]
    public async Task Merge_ClosesSource_MovesMessages_KeepsHistoryVisibleOnTarget()
    {
        var admin = app.Admin();
        var source = await admin.CreateTicketAsync("Duplicate report");
        var target = await admin.CreateTicketAsync("Original report");
        await (await admin.PostJsonAsync($"/api/v1/tickets/{source.Id()}/messages", new { body = "Extra detail" })).ExpectAsync(HttpStatusCode.Created);

        var merged = await (await admin.PostJsonAsync($"/api/v1/tickets/{source.Id()}/merge", new { targetId = target.Id() })).ExpectAsync(HttpStatusCode.OK);

        Assert.Equal(target.Id(), merged.Id());
        var sourceNow = await (await admin.GetAsync($"/api/v1/tickets/{source.Id()}")).ExpectAsync(HttpStatusCode.OK);
        Assert.Equal("closed", sourceNow["status"].Str());
        Assert.Equal(target.Id(), sourceNow["mergedIntoId"]!.GetValue<long>());

        var messages = await (await admin.GetAsync($"/api/v1/tickets/{target.Id()}/messages")).ExpectAsync(HttpStatusCode.OK);
        var texts = messages["items"]!.AsArray().Select(m => m!["bodyText"].Str()).ToList();
        Assert.Contains("Body of Duplicate report", texts);
        Assert.Contains("Extra detail", texts);
        Assert.Contains("Body of Original report", texts);

        var events = await (await admin.GetAsync($"/api/v1/tickets/{target.Id()}/events")).ExpectAsync(HttpStatusCode.OK);
        var items = events["items"]!.AsArray();
        Assert.Contains(items, e => e!["kind"].Str() == "merged_from");
        Assert.Contains(items, e => e!["kind"].Str() == "created" && e["ticketId"]!.GetValue<long>() == source.Id());

        await (await admin.PostJsonAsync($"/api/v1/tickets/{source.Id()}/merge", new { targetId = target.Id() })).ExpectProblemAsync(HttpStatusCode.Conflict);
        await (await admin.PostJsonAsync($"/api/v1/tickets/{target.Id()}/merge", new { targetId = target.Id() })).ExpectProblemAsync(HttpStatusCode.BadRequest, "targetId");
    }

    [Fact]
    public async Task Merge_ByCustomer_IsForbidden()
    {
        var (customer, _) = await app.CustomerAsync($"{Guid.NewGuid():N}@c.test");
        var a = await (await customer.PostJsonAsync("/api/v1/tickets", new { subject = "a", body = "a" })).ExpectAsync(HttpStatusCode.Created);
        var b = await (await customer.PostJsonAsync("/api/v1/tickets", new { subject = "b", body = "b" })).ExpectAsync(HttpStatusCode.Created);

        var response = await customer.PostJsonAsync($"/api/v1/tickets/{a.Id()}/merge", new { targetId = b.Id() });

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
    }
}
