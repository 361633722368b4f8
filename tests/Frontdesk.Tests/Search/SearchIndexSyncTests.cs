using Frontdesk.Data;
using Frontdesk.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Frontdesk.Tests.Search;

/// <summary>
/// Rows written with raw SQL (as the bulk loader writes them) are searchable too, and changes and deletes made
/// that way leave no stale matches behind.
/// </summary>
public sealed class SearchIndexSyncTests(FrontdeskFactory app) : IClassFixture<FrontdeskFactory>
{
    private static long _nextNumber = 5_000_000;

    [Fact]
    public async Task RawSqlRows_AreSearchable_AndUpdatesAndDeletesFollow()
    {
        var (subjectWord, bodyWord, noteWord, renamed, rewritten) = (SearchApi.Word(), SearchApi.Word(), SearchApi.Word(), SearchApi.Word(), SearchApi.Word());
        var (customer, contactId) = await app.CustomerAsync(SearchApi.Word("raw") + "@example.org");
        var ticketId = await InsertTicketAsync(contactId, $"Loaded {subjectWord}");
        var messageId = await InsertMessageAsync(ticketId, $"Imported body {bodyWord}", isInternal: false);
        await InsertMessageAsync(ticketId, $"Imported note {noteWord}", isInternal: true);

        Assert.Equal([ticketId], (await app.Admin().SearchAsync(subjectWord)).TicketIds());
        Assert.Equal([ticketId], (await app.Admin().SearchAsync(bodyWord)).TicketIds());
        Assert.Equal([ticketId], (await app.Admin().SearchAsync(noteWord)).TicketIds());
        Assert.Equal([ticketId], (await customer.SearchAsync(bodyWord)).TicketIds());
        Assert.Empty((await customer.SearchAsync(noteWord)).TicketIds());

        await app.WithDbAsync(db => db.Database.ExecuteSqlAsync($"UPDATE tickets SET subject = {"Loaded " + renamed} WHERE id = {ticketId}"));
        await app.WithDbAsync(db => db.Database.ExecuteSqlAsync($"UPDATE messages SET body_text = {"Rewritten " + rewritten} WHERE id = {messageId}"));
        Assert.Empty((await app.Admin().SearchAsync(subjectWord)).TicketIds());
        Assert.Empty((await app.Admin().SearchAsync(bodyWord)).TicketIds());
        Assert.Equal([ticketId], (await app.Admin().SearchAsync(renamed)).TicketIds());
        Assert.Equal([ticketId], (await customer.SearchAsync(rewritten)).TicketIds());

        // A public message turned into a note disappears from the customer's search, and back.
        await SetInternalAsync(messageId, true);
        Assert.Empty((await customer.SearchAsync(rewritten)).TicketIds());
        Assert.Equal([ticketId], (await app.Admin().SearchAsync(rewritten)).TicketIds());
        await SetInternalAsync(messageId, false);
        Assert.Equal([ticketId], (await customer.SearchAsync(rewritten)).TicketIds());

        await app.WithDbAsync(async db =>
        {
            await db.Database.ExecuteSqlAsync($"DELETE FROM messages WHERE ticket_id = {ticketId}");
            await db.Database.ExecuteSqlAsync($"DELETE FROM ticket_events WHERE ticket_id = {ticketId}");
            await db.Database.ExecuteSqlAsync($"DELETE FROM tickets WHERE id = {ticketId}");
        });
        Assert.Empty((await app.Admin().SearchAsync(renamed)).TicketIds());
        Assert.Empty((await app.Admin().SearchAsync(rewritten)).TicketIds());
        Assert.Empty((await app.Admin().SearchAsync(noteWord)).TicketIds());
    }

    [Fact]
    public async Task RawSqlContactsAndOrganizations_AreSearchable_AndFollowChanges()
    {
        var (name, renamed, email, domain) = (SearchApi.Word("name"), SearchApi.Word("renamed"), SearchApi.Word("mail") + "@example.org", SearchApi.Word("dom") + ".example");
        var orgName = SearchApi.Word("org");
        long contactId = 0, orgId = 0;
        await app.WithDbAsync(async db =>
        {
            var now = Now(db);
            orgId = await ScalarAsync(db, $"INSERT INTO organizations (name, tier, shares_tickets, created_at) VALUES ({orgName}, 0, {false}, {now}) RETURNING id AS \"Value\"");
            await db.Database.ExecuteSqlAsync($"INSERT INTO organization_domains (organization_id, domain) VALUES ({orgId}, {domain})");
            contactId = await ScalarAsync(db, $"INSERT INTO contacts (name, organization_id, created_at, updated_at) VALUES ({name}, {orgId}, {now}, {now}) RETURNING id AS \"Value\"");
            await db.Database.ExecuteSqlAsync($"INSERT INTO contact_identities (contact_id, kind, value) VALUES ({contactId}, 0, {email})");
        });

        Assert.Equal([contactId], ContactIds(await app.Admin().SearchAsync(name)));
        Assert.Equal([contactId], ContactIds(await app.Admin().SearchAsync(email)));
        Assert.Equal([orgId], OrganizationIds(await app.Admin().SearchAsync(orgName)));
        Assert.Equal([orgId], OrganizationIds(await app.Admin().SearchAsync(domain)));

        await app.WithDbAsync(async db =>
        {
            await db.Database.ExecuteSqlAsync($"UPDATE contacts SET name = {renamed} WHERE id = {contactId}");
            await db.Database.ExecuteSqlAsync($"DELETE FROM contact_identities WHERE contact_id = {contactId}");
            await db.Database.ExecuteSqlAsync($"DELETE FROM organization_domains WHERE organization_id = {orgId}");
        });
        Assert.Empty(ContactIds(await app.Admin().SearchAsync(name)));
        Assert.Empty(ContactIds(await app.Admin().SearchAsync(email)));
        Assert.Equal([contactId], ContactIds(await app.Admin().SearchAsync(renamed)));
        Assert.Empty(OrganizationIds(await app.Admin().SearchAsync(domain)));
        Assert.Equal([orgId], OrganizationIds(await app.Admin().SearchAsync(orgName)));
    }

    /// <summary>
    /// A customer with few messages searching a word hundreds of other tickets contain: on SQLite this takes the
    /// path that looks the customer's own messages up one by one, which must apply the same rules.
    /// </summary>
    [Fact]
    public async Task Customer_SearchingACommonWord_FindsOnlyOwnPublicMatches()
    {
        var common = SearchApi.Word("common");
        var (customer, contactId) = await app.CustomerAsync(SearchApi.Word("few") + "@example.org");
        var (_, strangerId) = await app.CustomerAsync(SearchApi.Word("many") + "@example.org");
        var own = await InsertTicketAsync(contactId, "Own ticket");
        await InsertMessageAsync(own, $"Mine mentions {common} once.", isInternal: false);
        var noted = await InsertTicketAsync(contactId, "Own ticket with a note");
        await InsertMessageAsync(noted, "Nothing public here.", isInternal: false);
        await InsertMessageAsync(noted, $"Note says {common}.", isInternal: true);
        var others = new List<long>();
        for (var i = 0; i < 400; i++)
        {
            others.Add(await InsertTicketAsync(strangerId, $"Stranger {i}"));
        }

        var everyone = $"Everyone mentions {common}.";
        await app.WithDbAsync(db => db.Database.ExecuteSqlAsync($"""
            INSERT INTO messages (ticket_id, is_internal, author_kind, author_name, body_html, body_text, channel, created_at)
            SELECT id, {false}, 0, 'Loader', '', {everyone}, 0, created_at FROM tickets WHERE requester_id = {strangerId}
            """));

        Assert.Equal([own], (await customer.SearchAsync(common)).TicketIds());
        var staff = await app.Admin().SearchAsync(common, limit: 100);
        Assert.Equal(100, staff.TicketIds().Count);
        Assert.All(staff.TicketIds(), id => Assert.True(id == own || id == noted || others.Contains(id)));
    }

    private async Task<long> InsertTicketAsync(long requesterId, string subject) =>
        await app.WithDbAsync(async db =>
        {
            var number = Interlocked.Increment(ref _nextNumber);
            var now = Now(db);
            return await ScalarAsync(db, $"""
                INSERT INTO tickets (number, subject, status, priority, type, requester_id, channel, created_at, updated_at, version, custom_fields)
                VALUES ({number}, {subject}, 0, 1, 0, {requesterId}, 0, {now}, {now}, 1, {"{}"})
                RETURNING id AS "Value"
                """);
        });

    private async Task<long> InsertMessageAsync(long ticketId, string body, bool isInternal) =>
        await app.WithDbAsync(async db => await ScalarAsync(db, $"""
            INSERT INTO messages (ticket_id, is_internal, author_kind, author_name, body_html, body_text, channel, created_at)
            VALUES ({ticketId}, {isInternal}, 0, 'Loader', '', {body}, 0, {Now(db)})
            RETURNING id AS "Value"
            """));

    private async Task SetInternalAsync(long messageId, bool isInternal) =>
        await app.WithDbAsync(db => db.Database.ExecuteSqlAsync($"UPDATE messages SET is_internal = {isInternal} WHERE id = {messageId}"));

    /// <summary>The clock in each provider's column type: UTC ticks on SQLite, timestamptz on PostgreSQL.</summary>
    private object Now(FrontdeskDbContext db) =>
        db is PostgresFrontdeskDbContext ? app.Clock.GetUtcNow() : app.Clock.GetUtcNow().UtcTicks;

    private static async Task<long> ScalarAsync(FrontdeskDbContext db, FormattableString sql) =>
        (await db.Database.SqlQuery<long>(sql).ToListAsync()).Single();

    private static List<long> ContactIds(System.Text.Json.Nodes.JsonObject results) =>
        results["contacts"]!.AsArray().Select(c => c!["id"]!.GetValue<long>()).ToList();

    private static List<long> OrganizationIds(System.Text.Json.Nodes.JsonObject results) =>
        results["organizations"]!.AsArray().Select(o => o!["id"]!.GetValue<long>()).ToList();
}
