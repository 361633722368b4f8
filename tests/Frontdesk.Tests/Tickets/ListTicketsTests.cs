using System.Net;
using System.Text.Json.Nodes;
using Frontdesk.Tests.Infrastructure;

namespace Frontdesk.Tests.Tickets;

public sealed class ListTicketsTests(FrontdeskFactory app) : IClassFixture<FrontdeskFactory>
{
    [Fact]
    public async Task CursorPagination_WalksEveryMatchingTicketOnce_InEachSort()
    {
        var admin = app.Admin();
        var tag = "page" + Guid.NewGuid().ToString("N")[..8];
        var created = new List<long>();
        for (var i = 0; i < 7; i++)
        {
            app.Clock.Advance(TimeSpan.FromMinutes(1));
            var dueAt = i % 3 == 0 ? (DateTimeOffset?)null : app.Clock.GetUtcNow().AddHours(10 - i);
            created.Add((await admin.CreateTicketAsync($"Paged {i}", extra: new { tags = new[] { tag }, priority = i % 2 == 0 ? "high" : "low", dueAt })).Id());
        }

        foreach (var sort in new[] { "created", "-created", "updated", "number", "-number", "priority", "-priority", "due", "-due" })
        {
            var seen = new List<long>();
            string? cursor = null;
            do
            {
                var url = $"/api/v1/tickets?tag={tag}&sort={sort}&limit=3" + (cursor is null ? "" : $"&cursor={cursor}");
                var page = await (await admin.GetAsync(url)).ExpectAsync(HttpStatusCode.OK);
                seen.AddRange(page["items"]!.AsArray().Select(t => t!["id"]!.GetValue<long>()));
                cursor = page["nextCursor"]?.GetValue<string>();
            }
            while (cursor is not null);

            Assert.Equal(created.Order(), seen.Order());
        }
    }

    [Fact]
    public async Task Sort_ByDue_PutsEarliestFirstAndUndatedLast()
    {
        var admin = app.Admin();
        var tag = "due" + Guid.NewGuid().ToString("N")[..8];
        var now = app.Clock.GetUtcNow();
        var late = (await admin.CreateTicketAsync("late", extra: new { tags = new[] { tag }, dueAt = now.AddDays(2) })).Id();
        var none = (await admin.CreateTicketAsync("none", extra: new { tags = new[] { tag } })).Id();
        var soon = (await admin.CreateTicketAsync("soon", extra: new { tags = new[] { tag }, dueAt = now.AddHours(1) })).Id();

        var page = await (await admin.GetAsync($"/api/v1/tickets?tag={tag}&sort=due")).ExpectAsync(HttpStatusCode.OK);

        Assert.Equal([soon, late, none], page["items"]!.AsArray().Select(t => t!["id"]!.GetValue<long>()));
    }

    [Fact]
    public async Task Filters_CombineStatusPriorityTagAndRequester()
    {
        var admin = app.Admin();
        var tag = "flt" + Guid.NewGuid().ToString("N")[..8];
        var email = $"{Guid.NewGuid():N}@filter.test";
        var match = await admin.CreateTicketAsync("match", email, new { tags = new[] { tag }, priority = "urgent" });
        await admin.CreateTicketAsync("other priority", email, new { tags = new[] { tag }, priority = "low" });
        var solved = await admin.CreateTicketAsync("solved", email, new { tags = new[] { tag }, priority = "urgent" });
        await (await admin.PatchJsonAsync($"/api/v1/tickets/{solved.Id()}", new { status = "solved" })).ExpectAsync(HttpStatusCode.OK);

        var requesterId = match["requester"]!["id"]!.GetValue<long>();
        var page = await (await admin.GetAsync($"/api/v1/tickets?tag={tag}&priority=urgent&status=new&status=open&requesterId={requesterId}")).ExpectAsync(HttpStatusCode.OK);

        Assert.Equal([match.Id()], page["items"]!.AsArray().Select(t => t!["id"]!.GetValue<long>()));
    }

    [Fact]
    public async Task CreatedRange_FiltersByInstant()
    {
        var admin = app.Admin();
        var tag = "rng" + Guid.NewGuid().ToString("N")[..8];
        var first = await admin.CreateTicketAsync("early", extra: new { tags = new[] { tag } });
        app.Clock.Advance(TimeSpan.FromHours(2));
        var cut = app.Clock.GetUtcNow();
        app.Clock.Advance(TimeSpan.FromHours(2));
        var second = await admin.CreateTicketAsync("late", extra: new { tags = new[] { tag } });

        var after = await (await admin.GetAsync($"/api/v1/tickets?tag={tag}&createdAfter={Uri.EscapeDataString(cut.ToString("O"))}")).ExpectAsync(HttpStatusCode.OK);
        var before = await (await admin.GetAsync($"/api/v1/tickets?tag={tag}&createdBefore={Uri.EscapeDataString(cut.ToString("O"))}")).ExpectAsync(HttpStatusCode.OK);

        Assert.Equal([second.Id()], Ids(after));
        Assert.Equal([first.Id()], Ids(before));
    }

    [Theory]
    [InlineData("status=sleeping", "status")]
    [InlineData("limit=0", "limit")]
    [InlineData("limit=1000", "limit")]
    [InlineData("sort=colour", "sort")]
    [InlineData("cursor=garbage", "cursor")]
    [InlineData("teamId=abc", "teamId")]
    [InlineData("createdAfter=yesterday", "createdAfter")]
    public async Task BadQuery_Is400NamingTheParameter(string query, string field)
    {
        await (await app.Admin().GetAsync($"/api/v1/tickets?{query}")).ExpectProblemAsync(HttpStatusCode.BadRequest, field);
    }

    [Fact]
    public async Task Customer_SeesOwnTickets_AndSharedOrganizationTickets_Only()
    {
        var sharing = await app.OrganizationAsync("Sharing " + Guid.NewGuid().ToString("N")[..6], sharesTickets: true);
        var (alice, _) = await app.CustomerAsync($"alice-{Guid.NewGuid():N}@share.test", sharing);
        var (bob, _) = await app.CustomerAsync($"bob-{Guid.NewGuid():N}@share.test", sharing);
        var (eve, _) = await app.CustomerAsync($"eve-{Guid.NewGuid():N}@alone.test");
        var aliceTicket = await (await alice.PostJsonAsync("/api/v1/tickets", new { subject = "Alice's", body = "a" })).ExpectAsync(HttpStatusCode.Created);
        var eveTicket = await (await eve.PostJsonAsync("/api/v1/tickets", new { subject = "Eve's", body = "e" })).ExpectAsync(HttpStatusCode.Created);

        var bobSees = Ids(await (await bob.GetAsync("/api/v1/tickets")).ExpectAsync(HttpStatusCode.OK));
        var eveSees = Ids(await (await eve.GetAsync("/api/v1/tickets")).ExpectAsync(HttpStatusCode.OK));

        Assert.Equal([aliceTicket.Id()], bobSees);
        Assert.Equal([eveTicket.Id()], eveSees);
        await (await eve.GetAsync($"/api/v1/tickets/{aliceTicket.Id()}")).ExpectProblemAsync(HttpStatusCode.NotFound);
        await (await eve.GetAsync($"/api/v1/tickets/{aliceTicket.Id()}/messages")).ExpectProblemAsync(HttpStatusCode.NotFound);
        await (await eve.PostJsonAsync($"/api/v1/tickets/{aliceTicket.Id()}/messages", new { body = "hi" })).ExpectProblemAsync(HttpStatusCode.NotFound);
        await (await bob.PostJsonAsync($"/api/v1/tickets/{aliceTicket.Id()}/messages", new { body = "me too" })).ExpectAsync(HttpStatusCode.Created);
    }

    private static List<long> Ids(JsonObject page) => page["items"]!.AsArray().Select(t => t!["id"]!.GetValue<long>()).ToList();
}
