using System.Net;
using System.Text;
using System.Text.Json;
using Frontdesk.Domain.Tickets;
using Frontdesk.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Frontdesk.Tests.Data;

/// <summary>
/// The places where SQLite and PostgreSQL differ under EF Core: raw SQL (ticket numbers, blob rows), instants
/// (ticks versus timestamptz, which takes only UTC), JSON-in-text columns and bulk updates. The script runs
/// this suite on both.
/// </summary>
public sealed class ProviderParityTests(FrontdeskFactory app) : IClassFixture<FrontdeskFactory>
{
    [Fact]
    public async Task Create_SameAttachmentOnTwoTickets_StoresOneBlobRow()
    {
        var content = Convert.ToBase64String(Encoding.UTF8.GetBytes("the same log file " + Guid.NewGuid()));
        var attachment = new { fileName = "log.txt", contentType = "text/plain", contentBase64 = content };

        var first = await (await app.Admin().PostJsonAsync("/api/v1/tickets", new { subject = "A", body = "a", requester = new { email = "blob@example.org" }, attachments = new[] { attachment } })).ExpectAsync(HttpStatusCode.Created);
        var second = await (await app.Admin().PostJsonAsync("/api/v1/tickets", new { subject = "B", body = "b", requester = new { email = "blob@example.org" }, attachments = new[] { attachment, attachment } })).ExpectAsync(HttpStatusCode.Created);

        var messages = await (await app.Admin().GetAsync($"/api/v1/tickets/{second["id"]}/messages")).ExpectAsync(HttpStatusCode.OK);
        var sha = messages["items"]![0]!["attachments"]![0]!["sha256"]!.GetValue<string>();
        Assert.Equal(2, messages["items"]![0]!["attachments"]!.AsArray().Count);
        Assert.Equal(1, await app.WithDbAsync(db => db.Blobs.CountAsync(b => b.Sha256 == sha)));
        Assert.NotEqual(first["number"]!.GetValue<long>(), second["number"]!.GetValue<long>());
    }

    [Fact]
    public async Task DueAt_WithOffset_IsStoredAsTheSameInstantInUtc()
    {
        var created = await (await app.Admin().PostJsonAsync("/api/v1/tickets", new
        {
            subject = "Due with offset",
            body = "x",
            requester = new { email = "due@example.org" },
            dueAt = "2026-03-05T12:00:00+02:00",
        })).ExpectAsync(HttpStatusCode.Created);
        var id = created["id"]!.GetValue<long>();

        var updated = await (await app.Admin().PatchJsonAsync($"/api/v1/tickets/{id}", new { dueAt = "2026-03-06T08:30:00-05:00" })).ExpectAsync(HttpStatusCode.OK);

        Assert.Equal(new DateTimeOffset(2026, 3, 6, 13, 30, 0, TimeSpan.Zero), DateTimeOffset.Parse(updated["dueAt"]!.GetValue<string>(), System.Globalization.CultureInfo.InvariantCulture));
        var stored = await app.WithDbAsync(db => db.Tickets.Where(t => t.Id == id).Select(t => t.DueAt).SingleAsync());
        Assert.Equal(new DateTimeOffset(2026, 3, 6, 13, 30, 0, TimeSpan.Zero), stored);
    }

    [Fact]
    public async Task List_SortedByDue_PagesThroughDatedThenUndatedWithoutRepeats()
    {
        var tag = "due-" + Guid.NewGuid().ToString("N")[..8];
        var expected = new List<long>();
        foreach (var due in new[] { "2026-04-03T10:00:00+01:00", null, "2026-04-01T10:00:00Z", "2026-04-02T10:00:00-03:00", null })
        {
            var t = await (await app.Admin().PostJsonAsync("/api/v1/tickets", new { subject = "Due " + due, body = "x", requester = new { email = "sort@example.org" }, tags = new[] { tag }, dueAt = due })).ExpectAsync(HttpStatusCode.Created);
            expected.Add(t["id"]!.GetValue<long>());
        }

        var seen = new List<long>();
        string? cursor = null;
        do
        {
            var url = $"/api/v1/tickets?tag={tag}&sort=due&limit=2" + (cursor is null ? "" : $"&cursor={cursor}");
            var page = await (await app.Admin().GetAsync(url)).ExpectAsync(HttpStatusCode.OK);
            seen.AddRange(page["items"]!.AsArray().Select(i => i!["id"]!.GetValue<long>()));
            cursor = page["nextCursor"]?.GetValue<string>();
        }
        while (cursor is not null);

        Assert.Equal([expected[2], expected[3], expected[0], expected[1], expected[4]], seen);
    }

    [Fact]
    public async Task List_CreatedAfterWithOffset_ComparesInstants()
    {
        var tag = "window-" + Guid.NewGuid().ToString("N")[..8];
        app.Clock.Advance(TimeSpan.FromHours(1));
        var cutoff = app.Clock.GetUtcNow();
        var created = await (await app.Admin().PostJsonAsync("/api/v1/tickets", new { subject = "In window", body = "x", requester = new { email = "window@example.org" }, tags = new[] { tag } })).ExpectAsync(HttpStatusCode.Created);

        var local = cutoff.ToOffset(TimeSpan.FromHours(5)).ToString("yyyy-MM-ddTHH:mm:sszzz", System.Globalization.CultureInfo.InvariantCulture);
        var after = await (await app.Admin().GetAsync($"/api/v1/tickets?tag={tag}&createdAfter={Uri.EscapeDataString(local)}")).ExpectAsync(HttpStatusCode.OK);
        var before = await (await app.Admin().GetAsync($"/api/v1/tickets?tag={tag}&createdBefore={Uri.EscapeDataString(local)}")).ExpectAsync(HttpStatusCode.OK);

        Assert.Equal([created["id"]!.GetValue<long>()], after["items"]!.AsArray().Select(i => i!["id"]!.GetValue<long>()));
        Assert.Empty(before["items"]!.AsArray());
    }

    [Fact]
    public async Task CustomFields_RoundTripThroughTheJsonColumn()
    {
        var key = "f" + Guid.NewGuid().ToString("N")[..8];
        await app.WithDbAsync(async db =>
        {
            db.CustomFields.Add(new CustomFieldDefinition(key, "Seats", CustomFieldKind.Number, null, required: false));
            await db.SaveChangesAsync();
        });
        var created = await (await app.Admin().PostJsonAsync("/api/v1/tickets", new
        {
            subject = "Seats",
            body = "x",
            requester = new { email = "seats@example.org" },
            customFields = new Dictionary<string, object> { [key] = 12.5 },
        })).ExpectAsync(HttpStatusCode.Created);
        var id = created["id"]!.GetValue<long>();

        await (await app.Admin().PatchJsonAsync($"/api/v1/tickets/{id}", new { customFields = new Dictionary<string, object> { [key] = 13 } })).ExpectAsync(HttpStatusCode.OK);

        var read = await (await app.Admin().GetAsync($"/api/v1/tickets/{id}")).ExpectAsync(HttpStatusCode.OK);
        Assert.Equal(13m, read["customFields"]![key]!.GetValue<decimal>());
    }

    [Fact]
    public async Task Merge_MovesMessagesAndEarlierMergesToTheTarget()
    {
        async Task<long> CreateAsync(string subject) =>
            (await (await app.Admin().PostJsonAsync("/api/v1/tickets", new { subject, body = subject + " body", requester = new { email = "merge@example.org" } })).ExpectAsync(HttpStatusCode.Created))["id"]!.GetValue<long>();
        var first = await CreateAsync("First");
        var second = await CreateAsync("Second");
        var target = await CreateAsync("Target");

        await (await app.Admin().PostJsonAsync($"/api/v1/tickets/{first}/merge", new { targetId = second })).ExpectAsync(HttpStatusCode.OK);
        var merged = await (await app.Admin().PostJsonAsync($"/api/v1/tickets/{second}/merge", new { targetId = target })).ExpectAsync(HttpStatusCode.OK);

        Assert.Equal(target, merged["id"]!.GetValue<long>());
        var messages = await (await app.Admin().GetAsync($"/api/v1/tickets/{target}/messages")).ExpectAsync(HttpStatusCode.OK);
        Assert.Equal(["First body", "Second body", "Target body"], messages["items"]!.AsArray().Select(m => m!["bodyText"]!.GetValue<string>()).Order());
        var firstRow = await app.WithDbAsync(db => db.Tickets.AsNoTracking().SingleAsync(t => t.Id == first));
        Assert.Equal(target, firstRow.MergedIntoId);
        Assert.Equal(TicketStatus.Closed, firstRow.Status);
    }

    [Fact]
    public async Task Links_AreListedFromBothSides()
    {
        async Task<long> CreateAsync(string subject) =>
            (await (await app.Admin().PostJsonAsync("/api/v1/tickets", new { subject, body = "x", requester = new { email = "links@example.org" } })).ExpectAsync(HttpStatusCode.Created))["id"]!.GetValue<long>();
        var parent = await CreateAsync("Parent");
        var child = await CreateAsync("Child");

        await (await app.Admin().PostJsonAsync($"/api/v1/tickets/{child}/links", new { ticketId = parent, relation = "childOf" })).ExpectAsync(HttpStatusCode.Created);

        var fromParent = await app.Admin().GetStringAsync($"/api/v1/tickets/{parent}/links");
        var fromChild = await app.Admin().GetStringAsync($"/api/v1/tickets/{child}/links");
        using var p = JsonDocument.Parse(fromParent);
        using var c = JsonDocument.Parse(fromChild);
        Assert.Equal("parentOf", p.RootElement[0].GetProperty("relation").GetString());
        Assert.Equal(child, p.RootElement[0].GetProperty("ticketId").GetInt64());
        Assert.Equal("childOf", c.RootElement[0].GetProperty("relation").GetString());
        Assert.Equal(parent, c.RootElement[0].GetProperty("ticketId").GetInt64());
    }

    [Fact]
    public async Task CustomerReply_ToClosedTicket_OpensALinkedFollowUpWithTheNextNumber()
    {
        var (customer, _) = await app.CustomerAsync($"{Guid.NewGuid():N}@customers.test");
        var closed = await (await customer.PostJsonAsync("/api/v1/tickets", new { subject = "Broken", body = "x" })).ExpectAsync(HttpStatusCode.Created);
        var id = closed["id"]!.GetValue<long>();
        await (await app.Admin().PatchJsonAsync($"/api/v1/tickets/{id}", new { status = "solved" })).ExpectAsync(HttpStatusCode.OK);
        await (await app.Admin().PatchJsonAsync($"/api/v1/tickets/{id}", new { status = "closed" })).ExpectAsync(HttpStatusCode.OK);

        var reply = await (await customer.PostJsonAsync($"/api/v1/tickets/{id}/messages", new { body = "Still broken" })).ExpectAsync(HttpStatusCode.Created);

        var followUpId = reply["ticketId"]!.GetValue<long>();
        Assert.NotEqual(id, followUpId);
        var followUp = await (await app.Admin().GetAsync($"/api/v1/tickets/{followUpId}")).ExpectAsync(HttpStatusCode.OK);
        Assert.True(followUp["number"]!.GetValue<long>() > closed["number"]!.GetValue<long>());
        var links = await app.WithDbAsync(db => db.TicketLinks.Where(l => l.SourceTicketId == followUpId).Select(l => new { l.TargetTicketId, l.Kind }).ToListAsync());
        Assert.Equal(id, Assert.Single(links).TargetTicketId);
    }

    [Fact]
    public async Task Create_ManyAtOnceForOneNewRequester_AllSucceedWithDistinctNumbers()
    {
        var email = $"{Guid.NewGuid():N}@burst.test";
        var responses = await Task.WhenAll(Enumerable.Range(0, 8).Select(i =>
            app.Admin().PostJsonAsync("/api/v1/tickets", new { subject = $"Burst {i}", body = "x", requester = new { email } })));

        var tickets = new List<System.Text.Json.Nodes.JsonObject>();
        foreach (var r in responses)
        {
            tickets.Add(await r.ExpectAsync(HttpStatusCode.Created));
        }

        Assert.Equal(8, tickets.Select(t => t["number"]!.GetValue<long>()).Distinct().Count());
        Assert.Single(tickets.Select(t => t["requester"]!["id"]!.GetValue<long>()).Distinct());
    }
}
