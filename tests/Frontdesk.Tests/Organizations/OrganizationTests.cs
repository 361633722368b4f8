using System.Net;
using System.Text.Json.Nodes;
using Frontdesk.Tests.Identity;
using Frontdesk.Tests.Infrastructure;

namespace Frontdesk.Tests.Organizations;

public sealed class OrganizationTests(FrontdeskFactory app) : IClassFixture<FrontdeskFactory>
{
    private static string Unique(string prefix) => $"{prefix}{Guid.NewGuid():N}"[..(prefix.Length + 12)];

    private async Task<JsonObject> CreateAsync(object body) =>
        await (await app.Admin().PostJsonAsync("/api/v1/organizations", body)).ExpectAsync(HttpStatusCode.Created);

    [Fact]
    public async Task Create_Returns201_WithDefaultsAndLowerCaseDomains()
    {
        var name = Unique("Acme ");
        var domain = $"{Unique("acme")}.example";
        var response = await app.Admin().PostJsonAsync("/api/v1/organizations", new { name, domains = new[] { domain.ToUpperInvariant(), $"@{domain}" } });

        var org = await response.ExpectAsync(HttpStatusCode.Created);
        Assert.Equal($"/api/v1/organizations/{org["id"]}", response.Headers.Location?.OriginalString);
        Assert.Equal(name, org["name"]!.GetValue<string>());
        Assert.Equal("standard", org["tier"]!.GetValue<string>());
        Assert.False(org["sharesTickets"]!.GetValue<bool>());
        Assert.Equal([domain], org["domains"]!.AsArray().Select(d => d!.GetValue<string>()).ToArray());
    }

    [Fact]
    public async Task Create_WithNameTakenInAnyCase_Is409NamingName()
    {
        var name = Unique("Dupe ");
        await CreateAsync(new { name });

        await (await app.Admin().PostJsonAsync("/api/v1/organizations", new { name = name.ToUpperInvariant() })).ExpectProblemAsync(HttpStatusCode.Conflict, "name");
    }

    [Fact]
    public async Task Create_WithDomainAnotherOrganizationHolds_Is409NamingThatDomain()
    {
        var domain = $"{Unique("held")}.example";
        await CreateAsync(new { name = Unique("Holder "), domains = new[] { domain } });

        var response = await app.Admin().PostJsonAsync("/api/v1/organizations", new { name = Unique("Taker "), domains = new[] { $"{Unique("own")}.example", domain } });

        await response.ExpectProblemAsync(HttpStatusCode.Conflict, "domains[1]");
    }

    [Fact]
    public async Task Create_WithMissingNameAndBadDomain_Is400NamingEach()
    {
        var problem = await (await app.Admin().PostJsonAsync("/api/v1/organizations", new { domains = new[] { "not a domain" } })).ExpectProblemAsync(HttpStatusCode.BadRequest, "name");
        Assert.True(problem["errors"]!.AsObject().ContainsKey("domains[0]"));
    }

    [Fact]
    public async Task Create_WithUnknownTier_Is400NamingTier()
    {
        await (await app.Admin().PostJsonAsync("/api/v1/organizations", new { name = Unique("Gold "), tier = "gold" })).ExpectProblemAsync(HttpStatusCode.BadRequest, "tier");
    }

    [Fact]
    public async Task Agents_ReadOrganizations_ByIdAndBySearch()
    {
        var name = Unique("Findme ");
        var domain = $"{Unique("find")}.example";
        var org = await CreateAsync(new { name, tier = "vip", sharesTickets = true, domains = new[] { domain } });
        var (agent, _) = await app.AgentAsync();

        var one = await (await agent.GetAsync($"/api/v1/organizations/{org["id"]}")).ExpectAsync(HttpStatusCode.OK);
        Assert.Equal("vip", one["tier"]!.GetValue<string>());
        Assert.True(one["sharesTickets"]!.GetValue<bool>());

        var byName = await (await agent.GetAsync($"/api/v1/organizations?q={Uri.EscapeDataString(name.ToLowerInvariant())}")).ExpectAsync(HttpStatusCode.OK);
        Assert.Single(byName["items"]!.AsArray());
        var byDomain = await (await agent.GetAsync($"/api/v1/organizations?q={domain}")).ExpectAsync(HttpStatusCode.OK);
        Assert.Equal(org["id"]!.GetValue<long>(), byDomain["items"]![0]!["id"]!.GetValue<long>());
    }

    [Fact]
    public async Task List_PagesAfterTheLastId()
    {
        var word = Unique("pg");
        var ids = new List<long>();
        for (var i = 0; i < 3; i++)
        {
            ids.Add((await CreateAsync(new { name = $"{word} {i}" }))["id"]!.GetValue<long>());
        }

        var first = await (await app.Admin().GetAsync($"/api/v1/organizations?q={word}&limit=2")).ExpectAsync(HttpStatusCode.OK);
        var second = await (await app.Admin().GetAsync($"/api/v1/organizations?q={word}&limit=2&after={first["nextCursor"]}")).ExpectAsync(HttpStatusCode.OK);

        var seen = first["items"]!.AsArray().Concat(second["items"]!.AsArray()).Select(o => o!["id"]!.GetValue<long>()).ToList();
        Assert.Equal(ids, seen);
        Assert.Null(second["nextCursor"]);
    }

    [Fact]
    public async Task Get_Unknown_Is404()
    {
        await (await app.Admin().GetAsync("/api/v1/organizations/987654")).ExpectProblemAsync(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Patch_ChangesTierAndReplacesDomains()
    {
        var keep = $"{Unique("keep")}.example";
        var drop = $"{Unique("drop")}.example";
        var added = $"{Unique("add")}.example";
        var org = await CreateAsync(new { name = Unique("Patch "), domains = new[] { keep, drop } });

        var patched = await (await app.Admin().PatchJsonAsync($"/api/v1/organizations/{org["id"]}", new { tier = "premium", domains = new[] { keep, added } })).ExpectAsync(HttpStatusCode.OK);

        Assert.Equal("premium", patched["tier"]!.GetValue<string>());
        Assert.Equal(org["name"]!.GetValue<string>(), patched["name"]!.GetValue<string>());
        Assert.Equal(new[] { added, keep }.Order().ToArray(), patched["domains"]!.AsArray().Select(d => d!.GetValue<string>()).ToArray());

        // The dropped domain is free again.
        await CreateAsync(new { name = Unique("Reuser "), domains = new[] { drop } });
    }

    [Fact]
    public async Task Patch_BadInput_Is400_TakenName409_AndUnknown404()
    {
        var taken = await CreateAsync(new { name = Unique("Taken ") });
        var org = await CreateAsync(new { name = Unique("Mine ") });
        var url = $"/api/v1/organizations/{org["id"]}";

        await (await app.Admin().PatchJsonAsync(url, new { tier = (string?)null })).ExpectProblemAsync(HttpStatusCode.BadRequest, "tier");
        await (await app.Admin().PatchJsonAsync(url, new { name = "" })).ExpectProblemAsync(HttpStatusCode.BadRequest, "name");
        await (await app.Admin().PatchJsonAsync(url, new { name = taken["name"]!.GetValue<string>() })).ExpectProblemAsync(HttpStatusCode.Conflict, "name");
        await (await app.Admin().PatchJsonAsync("/api/v1/organizations/987654", new { tier = "vip" })).ExpectProblemAsync(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Delete_DetachesContactsAndRecordsTheChangeOnTickets()
    {
        var domain = $"{Unique("gone")}.example";
        var org = await CreateAsync(new { name = Unique("Gone "), domains = new[] { domain } });
        var ticket = await (await app.Admin().PostJsonAsync("/api/v1/tickets", new { subject = "Hi", body = "There", requester = new { email = $"pat@{domain}" } })).ExpectAsync(HttpStatusCode.Created);
        Assert.Equal(org["id"]!.GetValue<long>(), ticket["organizationId"]!.GetValue<long>());

        await (await app.Admin().DeleteAsync($"/api/v1/organizations/{org["id"]}")).ExpectAsync(HttpStatusCode.NoContent);

        await (await app.Admin().GetAsync($"/api/v1/organizations/{org["id"]}")).ExpectProblemAsync(HttpStatusCode.NotFound);
        var contact = await (await app.Admin().GetAsync($"/api/v1/contacts/{ticket["requester"]!["id"]}")).ExpectAsync(HttpStatusCode.OK);
        Assert.Null(contact["organization"]);
        var after = await (await app.Admin().GetAsync($"/api/v1/tickets/{ticket["id"]}")).ExpectAsync(HttpStatusCode.OK);
        Assert.Null(after["organizationId"]);
        var events = await (await app.Admin().GetAsync($"/api/v1/tickets/{ticket["id"]}/events")).ExpectAsync(HttpStatusCode.OK);
        Assert.Contains(events["items"]!.AsArray(), e => e!["field"]?.GetValue<string>() == "organization" && e["reason"]?.GetValue<string>() == "Organization deleted");
    }

    [Fact]
    public async Task Delete_Unknown_Is404()
    {
        await (await app.Admin().DeleteAsync("/api/v1/organizations/987654")).ExpectProblemAsync(HttpStatusCode.NotFound);
    }

    [Theory]
    [InlineData("POST", "/api/v1/organizations")]
    [InlineData("PATCH", "/api/v1/organizations/1")]
    [InlineData("DELETE", "/api/v1/organizations/1")]
    public async Task Writes_AreForAdminsOnly(string method, string url) => await Access.AssertAdminOnlyAsync(app, method, url);

    [Theory]
    [InlineData("GET", "/api/v1/organizations")]
    [InlineData("GET", "/api/v1/organizations/1")]
    public async Task Reads_AreForStaffOnly(string method, string url) => await Access.AssertStaffOnlyAsync(app, method, url);
}
