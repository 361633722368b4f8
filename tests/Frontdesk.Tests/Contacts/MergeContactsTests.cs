using System.Net;
using System.Text.Json.Nodes;
using Frontdesk.Tests.Infrastructure;

namespace Frontdesk.Tests.Contacts;

public sealed class MergeContactsTests(FrontdeskFactory app) : IClassFixture<FrontdeskFactory>
{
    private static string UniqueEmail(string who) => $"{who}-{Guid.NewGuid():N}@example.com";

    private async Task<JsonObject> CreateAsync(string name, string email) =>
        await (await app.Admin().PostJsonAsync("/api/v1/contacts", new { name, identities = new[] { new { kind = "email", value = email } } }))
            .ExpectAsync(HttpStatusCode.Created);

    private async Task<long> TicketForAsync(string email) =>
        (await (await app.Admin().PostJsonAsync("/api/v1/tickets", new { subject = "Help", body = "Please", requester = new { email } }))
            .ExpectAsync(HttpStatusCode.Created))["id"]!.GetValue<long>();

    [Fact]
    public async Task Merge_MovesIdentitiesTicketsAndAccounts_AndHidesTheSource()
    {
        var sourceEmail = UniqueEmail("source");
        var targetEmail = UniqueEmail("target");
        var source = await CreateAsync("Sam Source", sourceEmail);
        var target = await CreateAsync("Tia Target", targetEmail);
        var sourceId = source["id"]!.GetValue<long>();
        var targetId = target["id"]!.GetValue<long>();
        var ticketId = await TicketForAsync(sourceEmail);
        var (customer, _) = await app.CustomerAsync(sourceEmail);
        Assert.Equal(sourceId, (await (await customer.GetAsync("/api/v1/auth/me")).ExpectAsync(HttpStatusCode.OK))["contactId"]!.GetValue<long>());

        var merged = await (await app.Admin().PostJsonAsync($"/api/v1/contacts/{sourceId}/merge", new { intoId = targetId })).ExpectAsync(HttpStatusCode.OK);

        Assert.Equal(targetId, merged["id"]!.GetValue<long>());
        Assert.Equal([sourceEmail, targetEmail], merged["identities"]!.AsArray().Select(i => i!["value"]!.GetValue<string>()).Order().ToArray());

        var ticket = await (await app.Admin().GetAsync($"/api/v1/tickets/{ticketId}")).ExpectAsync(HttpStatusCode.OK);
        Assert.Equal(targetId, ticket["requester"]!["id"]!.GetValue<long>());
        var events = await (await app.Admin().GetAsync($"/api/v1/tickets/{ticketId}/events")).ExpectAsync(HttpStatusCode.OK);
        var changed = events["items"]!.AsArray().Single(e => e!["kind"]!.GetValue<string>() == "requester_changed")!;
        Assert.Equal("Contact merge", changed["reason"]!.GetValue<string>());
        Assert.Equal(sourceId.ToString(), changed["oldValue"]!.GetValue<string>());
        Assert.Equal(targetId.ToString(), changed["newValue"]!.GetValue<string>());

        var gone = await (await app.Admin().GetAsync("/api/v1/contacts?q=sam%20source")).ExpectAsync(HttpStatusCode.OK);
        Assert.DoesNotContain(gone["items"]!.AsArray(), c => c!["id"]!.GetValue<long>() == sourceId);
        var marked = await (await app.Admin().GetAsync($"/api/v1/contacts/{sourceId}")).ExpectAsync(HttpStatusCode.OK);
        Assert.Equal(targetId, marked["mergedIntoId"]!.GetValue<long>());
        Assert.Empty(marked["identities"]!.AsArray());

        // The customer's account now acts as the target at once, and still sees the ticket.
        Assert.Equal(targetId, (await (await customer.GetAsync("/api/v1/auth/me")).ExpectAsync(HttpStatusCode.OK))["contactId"]!.GetValue<long>());
        await (await customer.GetAsync($"/api/v1/tickets/{ticketId}")).ExpectAsync(HttpStatusCode.OK);

        // Mail from the old address now finds the target.
        var next = await TicketForAsync(sourceEmail);
        var nextTicket = await (await app.Admin().GetAsync($"/api/v1/tickets/{next}")).ExpectAsync(HttpStatusCode.OK);
        Assert.Equal(targetId, nextTicket["requester"]!["id"]!.GetValue<long>());
    }

    [Fact]
    public async Task Merge_KeepsTheSourceOrganizationWhenTheTargetHasNone()
    {
        var orgId = await app.OrganizationAsync($"Merge org {Guid.NewGuid():N}", sharesTickets: false);
        var source = await (await app.Admin().PostJsonAsync("/api/v1/contacts", new { name = "In org", organizationId = orgId })).ExpectAsync(HttpStatusCode.Created);
        var target = await CreateAsync("No org", UniqueEmail("noorg"));

        var merged = await (await app.Admin().PostJsonAsync($"/api/v1/contacts/{source["id"]}/merge", new { intoId = target["id"] })).ExpectAsync(HttpStatusCode.OK);

        Assert.Equal(orgId, merged["organization"]!["id"]!.GetValue<long>());
    }

    [Fact]
    public async Task Merge_ContactMergedEarlier_FollowsToTheNewTarget()
    {
        var a = await CreateAsync("A", UniqueEmail("a"));
        var b = await CreateAsync("B", UniqueEmail("b"));
        var c = await CreateAsync("C", UniqueEmail("c"));
        await (await app.Admin().PostJsonAsync($"/api/v1/contacts/{a["id"]}/merge", new { intoId = b["id"] })).ExpectAsync(HttpStatusCode.OK);

        await (await app.Admin().PostJsonAsync($"/api/v1/contacts/{b["id"]}/merge", new { intoId = c["id"] })).ExpectAsync(HttpStatusCode.OK);

        var first = await (await app.Admin().GetAsync($"/api/v1/contacts/{a["id"]}")).ExpectAsync(HttpStatusCode.OK);
        Assert.Equal(c["id"]!.GetValue<long>(), first["mergedIntoId"]!.GetValue<long>());
    }

    [Fact]
    public async Task Merge_WithoutIntoIdOrIntoItself_Is400NamingIntoId()
    {
        var a = await CreateAsync("Self", UniqueEmail("self"));
        await (await app.Admin().PostJsonAsync($"/api/v1/contacts/{a["id"]}/merge", new { })).ExpectProblemAsync(HttpStatusCode.BadRequest, "intoId");
        await (await app.Admin().PostJsonAsync($"/api/v1/contacts/{a["id"]}/merge", new { intoId = a["id"] })).ExpectProblemAsync(HttpStatusCode.BadRequest, "intoId");
        await (await app.Admin().PostJsonAsync($"/api/v1/contacts/{a["id"]}/merge", new { intoId = 987654 })).ExpectProblemAsync(HttpStatusCode.BadRequest, "intoId");
    }

    [Fact]
    public async Task Merge_UnknownSource_Is404()
    {
        var b = await CreateAsync("Target", UniqueEmail("t"));
        await (await app.Admin().PostJsonAsync("/api/v1/contacts/987654/merge", new { intoId = b["id"] })).ExpectProblemAsync(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Merge_AlreadyMergedSourceOrTarget_Is409()
    {
        var a = await CreateAsync("A", UniqueEmail("a"));
        var b = await CreateAsync("B", UniqueEmail("b"));
        var c = await CreateAsync("C", UniqueEmail("c"));
        await (await app.Admin().PostJsonAsync($"/api/v1/contacts/{a["id"]}/merge", new { intoId = b["id"] })).ExpectAsync(HttpStatusCode.OK);

        await (await app.Admin().PostJsonAsync($"/api/v1/contacts/{a["id"]}/merge", new { intoId = c["id"] })).ExpectProblemAsync(HttpStatusCode.Conflict, "id");
        await (await app.Admin().PostJsonAsync($"/api/v1/contacts/{c["id"]}/merge", new { intoId = a["id"] })).ExpectProblemAsync(HttpStatusCode.Conflict, "intoId");
    }

    [Fact]
    public async Task Merge_AsCustomer_Is403()
    {
        var email = UniqueEmail("cust");
        var a = await CreateAsync("A", email);
        var b = await CreateAsync("B", UniqueEmail("b"));
        var (customer, _) = await app.CustomerAsync(email);

        var response = await customer.PostJsonAsync($"/api/v1/contacts/{a["id"]}/merge", new { intoId = b["id"] });

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
    }
}
