using System.Net;
using System.Text.Json.Nodes;
using Frontdesk.Tests.Identity;
using Frontdesk.Tests.Infrastructure;

namespace Frontdesk.Tests.Contacts;

public sealed class ContactTests(FrontdeskFactory app) : IClassFixture<FrontdeskFactory>
{
    private static string Unique(string prefix) => $"{prefix}{Guid.NewGuid():N}"[..(prefix.Length + 12)];

    private async Task<JsonObject> CreateAsync(string name, params object[] identities) =>
        await (await app.Admin().PostJsonAsync("/api/v1/contacts", new { name, identities })).ExpectAsync(HttpStatusCode.Created);

    [Fact]
    public async Task Create_NormalisesIdentities_AndAnswers201WithLocation()
    {
        var local = Unique("ann");
        var response = await app.Admin().PostJsonAsync("/api/v1/contacts", new
        {
            name = "  Ann Lee ",
            identities = new object[]
            {
                new { kind = "email", value = $" {local.ToUpperInvariant()}@Example.COM " },
                new { kind = "phone", value = "+1 (555) 010-2030" },
                new { kind = "chat", value = "AnnOnSlack" },
            },
        });

        var contact = await response.ExpectAsync(HttpStatusCode.Created);
        var id = contact["id"]!.GetValue<long>();
        Assert.Equal($"/api/v1/contacts/{id}", response.Headers.Location?.OriginalString);
        Assert.Equal("Ann Lee", contact["name"]!.GetValue<string>());
        var values = contact["identities"]!.AsArray().Select(i => (i!["kind"]!.GetValue<string>(), i["value"]!.GetValue<string>())).ToList();
        Assert.Equal([("email", $"{local}@example.com"), ("phone", "+15550102030"), ("chat", "annonslack")], values);
        Assert.Null(contact["mergedIntoId"]);
    }

    [Fact]
    public async Task Create_WithoutOrganization_JoinsTheOrganizationOwningTheEmailDomain()
    {
        var domain = $"{Unique("d")}.example";
        var orgId = await app.OrganizationAsync(Unique("Org "), sharesTickets: false, domains: domain);

        var contact = await CreateAsync("Bo", new { kind = "email", value = $"bo@{domain}" });

        Assert.Equal(orgId, contact["organization"]!["id"]!.GetValue<long>());
    }

    [Fact]
    public async Task Create_WithIdentityAnotherContactHolds_Is409NamingThatIdentity()
    {
        var email = $"{Unique("dup")}@example.com";
        await CreateAsync("First", new { kind = "email", value = email });

        var response = await app.Admin().PostJsonAsync("/api/v1/contacts", new
        {
            name = "Second",
            identities = new object[] { new { kind = "phone", value = "555 123 4567" }, new { kind = "email", value = email.ToUpperInvariant() } },
        });

        await response.ExpectProblemAsync(HttpStatusCode.Conflict, "identities[1].value");
    }

    [Fact]
    public async Task Create_WithMissingAndInvalidFields_Is400NamingEachField()
    {
        var response = await app.Admin().PostJsonAsync("/api/v1/contacts", new
        {
            name = " ",
            identities = new object[] { new { kind = "email", value = "not-an-email" }, new { kind = "phone", value = "12" }, new { kind = "chat" } },
        });

        var problem = await response.ExpectProblemAsync(HttpStatusCode.BadRequest, "name");
        var errors = problem["errors"]!.AsObject();
        Assert.True(errors.ContainsKey("identities[0].value"));
        Assert.True(errors.ContainsKey("identities[1].value"));
        Assert.True(errors.ContainsKey("identities[2].value"));
    }

    [Fact]
    public async Task Create_WithUnknownIdentityKind_Is400NamingTheKind()
    {
        var response = await app.Admin().PostJsonAsync("/api/v1/contacts", new { name = "Fax", identities = new[] { new { kind = "fax", value = "123" } } });

        await response.ExpectProblemAsync(HttpStatusCode.BadRequest, "identities[0].kind");
    }

    [Fact]
    public async Task Create_SameIdentityTwiceInOneRequest_Is400()
    {
        var response = await app.Admin().PostJsonAsync("/api/v1/contacts", new
        {
            name = "Twice",
            identities = new[] { new { kind = "email", value = "twice@example.com" }, new { kind = "email", value = "TWICE@example.com" } },
        });

        await response.ExpectProblemAsync(HttpStatusCode.BadRequest, "identities[1].value");
    }

    [Fact]
    public async Task Create_WithUnknownOrganization_Is400NamingOrganizationId()
    {
        var response = await app.Admin().PostJsonAsync("/api/v1/contacts", new { name = "Lost", organizationId = 999_999 });

        await response.ExpectProblemAsync(HttpStatusCode.BadRequest, "organizationId");
    }

    [Fact]
    public async Task Get_ReturnsIdentitiesAndOrganization()
    {
        var orgName = Unique("Acme ");
        var orgId = await app.OrganizationAsync(orgName, sharesTickets: true);
        var created = await (await app.Admin().PostJsonAsync("/api/v1/contacts", new
        {
            name = "Cy",
            organizationId = orgId,
            identities = new[] { new { kind = "social", value = "@cy_on_x" } },
        })).ExpectAsync(HttpStatusCode.Created);

        var (agent, _) = await app.AgentAsync();
        var contact = await (await agent.GetAsync($"/api/v1/contacts/{created["id"]}")).ExpectAsync(HttpStatusCode.OK);

        Assert.Equal(orgName, contact["organization"]!["name"]!.GetValue<string>());
        Assert.Equal("standard", contact["organization"]!["tier"]!.GetValue<string>());
        Assert.Equal("@cy_on_x", contact["identities"]![0]!["value"]!.GetValue<string>());
    }

    [Fact]
    public async Task Get_UnknownContact_Is404()
    {
        await (await app.Admin().GetAsync("/api/v1/contacts/987654")).ExpectProblemAsync(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task List_SearchesNameAndIdentities_AndPagesAfterTheLastId()
    {
        var word = Unique("zq");
        var a = await CreateAsync($"Alpha {word}");
        var b = await CreateAsync("Beta", new { kind = "email", value = $"{word}@example.com" });
        var c = await CreateAsync("Gamma", new { kind = "phone", value = "+44 20 7946 0958" }, new { kind = "chat", value = $"{word}-chat" });

        var first = await (await app.Admin().GetAsync($"/api/v1/contacts?q={word.ToUpperInvariant()}&limit=2")).ExpectAsync(HttpStatusCode.OK);
        Assert.Equal([a["id"]!.GetValue<long>(), b["id"]!.GetValue<long>()], first["items"]!.AsArray().Select(i => i!["id"]!.GetValue<long>()).ToArray());
        var cursor = first["nextCursor"]!.GetValue<string>();

        var second = await (await app.Admin().GetAsync($"/api/v1/contacts?q={word}&limit=2&after={cursor}")).ExpectAsync(HttpStatusCode.OK);
        Assert.Equal([c["id"]!.GetValue<long>()], second["items"]!.AsArray().Select(i => i!["id"]!.GetValue<long>()).ToArray());
        Assert.Null(second["nextCursor"]);

        var byPhone = await (await app.Admin().GetAsync("/api/v1/contacts?q=" + Uri.EscapeDataString("(20) 7946-0958"))).ExpectAsync(HttpStatusCode.OK);
        Assert.Contains(byPhone["items"]!.AsArray(), i => i!["id"]!.GetValue<long>() == c["id"]!.GetValue<long>());
    }

    [Fact]
    public async Task List_WithLimitOutOfRange_Is400NamingLimit()
    {
        await (await app.Admin().GetAsync("/api/v1/contacts?limit=0")).ExpectProblemAsync(HttpStatusCode.BadRequest, "limit");
    }

    [Fact]
    public async Task Patch_RenamesAndLeavesTheOrganization_ThenNullClearsIt()
    {
        var orgId = await app.OrganizationAsync(Unique("Patch "), sharesTickets: false);
        var created = await (await app.Admin().PostJsonAsync("/api/v1/contacts", new { name = "Old", organizationId = orgId })).ExpectAsync(HttpStatusCode.Created);
        var url = $"/api/v1/contacts/{created["id"]}";

        var renamed = await (await app.Admin().PatchJsonAsync(url, new { name = "New" })).ExpectAsync(HttpStatusCode.OK);
        Assert.Equal("New", renamed["name"]!.GetValue<string>());
        Assert.Equal(orgId, renamed["organization"]!["id"]!.GetValue<long>());

        var cleared = await (await app.Admin().PatchJsonAsync(url, new { organizationId = (long?)null })).ExpectAsync(HttpStatusCode.OK);
        Assert.Null(cleared["organization"]);
    }

    [Fact]
    public async Task Patch_WithEmptyName_Is400_AndUnknownContact_Is404()
    {
        var created = await CreateAsync("Keep");
        await (await app.Admin().PatchJsonAsync($"/api/v1/contacts/{created["id"]}", new { name = "" })).ExpectProblemAsync(HttpStatusCode.BadRequest, "name");
        await (await app.Admin().PatchJsonAsync($"/api/v1/contacts/{created["id"]}", new { organizationId = 999_999 })).ExpectProblemAsync(HttpStatusCode.BadRequest, "organizationId");
        await (await app.Admin().PatchJsonAsync("/api/v1/contacts/987654", new { name = "X" })).ExpectProblemAsync(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task AddIdentity_NormalisesAndAnswers201()
    {
        var created = await CreateAsync("Dee");
        var email = $"{Unique("dee")}@example.com";

        var identity = await (await app.Admin().PostJsonAsync($"/api/v1/contacts/{created["id"]}/identities", new { kind = "email", value = email.ToUpperInvariant() }))
            .ExpectAsync(HttpStatusCode.Created);

        Assert.Equal(email, identity["value"]!.GetValue<string>());
        var contact = await (await app.Admin().GetAsync($"/api/v1/contacts/{created["id"]}")).ExpectAsync(HttpStatusCode.OK);
        Assert.Equal(email, contact["identities"]![0]!["value"]!.GetValue<string>());
    }

    [Fact]
    public async Task AddIdentity_HeldByAnotherContact_Is409NamingValue()
    {
        var phone = "+1 555 " + Random.Shared.Next(1_000_000, 9_999_999);
        await CreateAsync("Holder", new { kind = "phone", value = phone });
        var other = await CreateAsync("Other");

        var response = await app.Admin().PostJsonAsync($"/api/v1/contacts/{other["id"]}/identities", new { kind = "phone", value = phone.Replace(" ", "-") });

        await response.ExpectProblemAsync(HttpStatusCode.Conflict, "value");
    }

    [Fact]
    public async Task AddIdentity_InvalidValue_Is400_AndUnknownContact_Is404()
    {
        var created = await CreateAsync("Val");
        await (await app.Admin().PostJsonAsync($"/api/v1/contacts/{created["id"]}/identities", new { kind = "email", value = "nope" })).ExpectProblemAsync(HttpStatusCode.BadRequest, "value");
        await (await app.Admin().PostJsonAsync($"/api/v1/contacts/{created["id"]}/identities", new { value = "x@example.com" })).ExpectProblemAsync(HttpStatusCode.BadRequest, "kind");
        await (await app.Admin().PostJsonAsync("/api/v1/contacts/987654/identities", new { kind = "email", value = $"{Unique("u")}@example.com" })).ExpectProblemAsync(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task RemoveIdentity_FreesTheValueForAnotherContact()
    {
        var email = $"{Unique("free")}@example.com";
        var first = await CreateAsync("First", new { kind = "email", value = email });
        var identityId = first["identities"]![0]!["id"]!.GetValue<long>();

        await (await app.Admin().DeleteAsync($"/api/v1/contacts/{first["id"]}/identities/{identityId}")).ExpectAsync(HttpStatusCode.NoContent);

        var contact = await (await app.Admin().GetAsync($"/api/v1/contacts/{first["id"]}")).ExpectAsync(HttpStatusCode.OK);
        Assert.Empty(contact["identities"]!.AsArray());
        await CreateAsync("Second", new { kind = "email", value = email });
    }

    [Fact]
    public async Task RemoveIdentity_NotOnThatContact_Is404()
    {
        var a = await CreateAsync("A", new { kind = "email", value = $"{Unique("a")}@example.com" });
        var b = await CreateAsync("B");
        var identityId = a["identities"]![0]!["id"]!.GetValue<long>();

        await (await app.Admin().DeleteAsync($"/api/v1/contacts/{b["id"]}/identities/{identityId}")).ExpectProblemAsync(HttpStatusCode.NotFound);
        await (await app.Admin().DeleteAsync($"/api/v1/contacts/{a["id"]}/identities/987654")).ExpectProblemAsync(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task PlainAgents_MayWorkWithContacts()
    {
        var (agent, _) = await app.AgentAsync();
        await (await agent.PostJsonAsync("/api/v1/contacts", new { name = "By agent" })).ExpectAsync(HttpStatusCode.Created);
        await (await agent.GetAsync("/api/v1/contacts")).ExpectAsync(HttpStatusCode.OK);
    }

    [Theory]
    [InlineData("GET", "/api/v1/contacts")]
    [InlineData("POST", "/api/v1/contacts")]
    [InlineData("GET", "/api/v1/contacts/1")]
    [InlineData("PATCH", "/api/v1/contacts/1")]
    [InlineData("POST", "/api/v1/contacts/1/identities")]
    [InlineData("DELETE", "/api/v1/contacts/1/identities/1")]
    [InlineData("POST", "/api/v1/contacts/1/merge")]
    public async Task ContactEndpoints_RefuseCustomersAndAnonymousCallers(string method, string url) =>
        await Access.AssertStaffOnlyAsync(app, method, url);
}
