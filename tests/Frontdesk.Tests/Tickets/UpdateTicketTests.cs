using System.Net;
using Frontdesk.Tests.Infrastructure;

namespace Frontdesk.Tests.Tickets;

public sealed class UpdateTicketTests(FrontdeskFactory app) : IClassFixture<FrontdeskFactory>
{
    [Fact]
    public async Task Patch_WithCurrentETag_ChangesFieldsAndRecordsHistory()
    {
        var admin = app.Admin();
        var (_, agentId) = await app.AgentAsync("Ada");
        var ticket = await admin.CreateTicketAsync("Refund please");
        var get = await admin.GetAsync($"/api/v1/tickets/{ticket.Id()}");
        var etag = get.Headers.ETag!.ToString();

        var response = await admin.PatchJsonAsync($"/api/v1/tickets/{ticket.Id()}", new { status = "open", priority = "urgent", assigneeId = agentId, addTags = new[] { "refund" }, reason = "VIP" }, etag);

        var updated = await response.ExpectAsync(HttpStatusCode.OK);
        Assert.Equal("open", updated["status"].Str());
        Assert.Equal("urgent", updated["priority"].Str());
        Assert.Equal(agentId, updated["assigneeId"]!.GetValue<long>());
        Assert.NotEqual(etag, response.Headers.ETag!.ToString());

        var events = await (await admin.GetAsync($"/api/v1/tickets/{ticket.Id()}/events")).ExpectAsync(HttpStatusCode.OK);
        var kinds = events["items"]!.AsArray().Select(e => (e!["kind"].Str(), e["field"]?.GetValue<string>())).ToList();
        Assert.Contains(("status_changed", "status"), kinds);
        Assert.Contains(("field_changed", "priority"), kinds);
        Assert.Contains(("assigned", "assignee"), kinds);
        Assert.Contains(("tag_added", "tags"), kinds);
        Assert.All(events["items"]!.AsArray().Where(e => e!["kind"].Str() == "status_changed"), e => Assert.Equal("VIP", e!["reason"].Str()));
    }

    [Fact]
    public async Task Patch_WithStaleETag_Is412AndChangesNothing()
    {
        var admin = app.Admin();
        var ticket = await admin.CreateTicketAsync("Stale");
        var etag = (await admin.GetAsync($"/api/v1/tickets/{ticket.Id()}")).Headers.ETag!.ToString();
        await (await admin.PatchJsonAsync($"/api/v1/tickets/{ticket.Id()}", new { priority = "high" }, etag)).ExpectAsync(HttpStatusCode.OK);

        var stale = await admin.PatchJsonAsync($"/api/v1/tickets/{ticket.Id()}", new { priority = "low", subject = "Changed" }, etag);

        await stale.ExpectProblemAsync(HttpStatusCode.PreconditionFailed, "If-Match");
        var now = await (await admin.GetAsync($"/api/v1/tickets/{ticket.Id()}")).ExpectAsync(HttpStatusCode.OK);
        Assert.Equal("high", now["priority"].Str());
        Assert.Equal("Stale", now["subject"].Str());
    }

    [Fact]
    public async Task Patch_InvalidTransition_Is400NamingStatusAndChangesNothing()
    {
        var admin = app.Admin();
        var ticket = await admin.CreateTicketAsync("Transition");

        var response = await admin.PatchJsonAsync($"/api/v1/tickets/{ticket.Id()}", new { status = "closed", priority = "urgent" });

        await response.ExpectProblemAsync(HttpStatusCode.BadRequest, "status");
        var now = await (await admin.GetAsync($"/api/v1/tickets/{ticket.Id()}")).ExpectAsync(HttpStatusCode.OK);
        Assert.Equal("new", now["status"].Str());
        Assert.Equal("normal", now["priority"].Str());
    }

    [Fact]
    public async Task Patch_ClosedTicket_IsFinal()
    {
        var admin = app.Admin();
        var ticket = await admin.CreateTicketAsync("Final");
        await (await admin.PatchJsonAsync($"/api/v1/tickets/{ticket.Id()}", new { status = "solved" })).ExpectAsync(HttpStatusCode.OK);
        await (await admin.PatchJsonAsync($"/api/v1/tickets/{ticket.Id()}", new { status = "closed" })).ExpectAsync(HttpStatusCode.OK);

        await (await admin.PatchJsonAsync($"/api/v1/tickets/{ticket.Id()}", new { status = "open" })).ExpectProblemAsync(HttpStatusCode.Conflict, "status");
        await (await admin.PatchJsonAsync($"/api/v1/tickets/{ticket.Id()}", new { priority = "low" })).ExpectProblemAsync(HttpStatusCode.Conflict, "status");
    }

    [Theory]
    [InlineData("{\"priority\": \"extreme\"}", "priority")]
    [InlineData("{\"priority\": 3}", "priority")]
    [InlineData("{\"subject\": 42}", "subject")]
    [InlineData("{\"colour\": \"red\"}", "colour")]
    [InlineData("{\"assigneeId\": \"bob\"}", "assigneeId")]
    [InlineData("{\"subject\": \"\"}", "subject")]
    [InlineData("{\"status\": null}", "status")]
    [InlineData("{\"assigneeId\": 987654}", "assigneeId")]
    [InlineData("{\"categoryId\": 987654}", "categoryId")]
    [InlineData("{\"tags\": [\"has space\"]}", "tags")]
    [InlineData("{\"customFields\": {\"nope\": 1}}", "customFields.nope")]
    [InlineData("{\"priority\": \"high\"", "body")]
    public async Task Patch_BadInput_Is400NamingTheFieldAndChangesNothing(string json, string field)
    {
        var admin = app.Admin();
        var ticket = await admin.CreateTicketAsync("Bad patch");
        var request = new HttpRequestMessage(HttpMethod.Patch, $"/api/v1/tickets/{ticket.Id()}") { Content = new StringContent(json, System.Text.Encoding.UTF8, "application/json") };

        var response = await admin.SendAsync(request);

        await response.ExpectProblemAsync(HttpStatusCode.BadRequest, field);
        var now = await (await admin.GetAsync($"/api/v1/tickets/{ticket.Id()}")).ExpectAsync(HttpStatusCode.OK);
        Assert.Equal(ticket["version"]!.GetValue<int>(), now["version"]!.GetValue<int>());
    }

    [Fact]
    public async Task Patch_UnknownTicket_Is404()
    {
        await (await app.Admin().PatchJsonAsync("/api/v1/tickets/99999999", new { priority = "low" })).ExpectProblemAsync(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Patch_ByCustomer_IsForbidden()
    {
        var (customer, _) = await app.CustomerAsync($"{Guid.NewGuid():N}@c.test");
        var ticket = await (await customer.PostJsonAsync("/api/v1/tickets", new { subject = "Mine", body = "Please help" })).ExpectAsync(HttpStatusCode.Created);

        await (await customer.PatchJsonAsync($"/api/v1/tickets/{ticket.Id()}", new { priority = "urgent" })).ExpectProblemAsync(HttpStatusCode.Forbidden);
    }
}
