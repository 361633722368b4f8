using System.Net;
using System.Text.Json.Nodes;
using Frontdesk.Identity;
using Frontdesk.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Frontdesk.Tests.Identity;

public sealed class TokenTests(FrontdeskFactory app) : IClassFixture<FrontdeskFactory>
{
    private static async Task<JsonObject> CreateAsync(HttpClient client, object body) =>
        await (await client.PostJsonAsync("/api/v1/tokens", body)).ExpectAsync(HttpStatusCode.Created);

    [Fact]
    public async Task Create_ReturnsTheSecretOnce_WhichSignsInAsTheCaller()
    {
        var (agent, agentId) = await app.AgentAsync();

        var created = await CreateAsync(agent, new { name = "CI" });

        var secret = created["token"]!.GetValue<string>();
        Assert.StartsWith("fd_", secret);
        Assert.Equal(secret[..10], created["prefix"]!.GetValue<string>());
        var me = await (await app.WithToken(secret).GetAsync("/api/v1/auth/me")).ExpectAsync(HttpStatusCode.OK);
        Assert.Equal(agentId, me["agentId"]!.GetValue<long>());

        var stored = await app.WithDbAsync(db => db.ApiTokens.SingleAsync(t => t.Id == created["id"]!.GetValue<long>()));
        Assert.Equal(ApiTokens.Hash(secret), stored.Hash);
        Assert.DoesNotContain(secret, stored.Hash);
    }

    [Fact]
    public async Task List_ShowsOwnTokensWithoutSecrets()
    {
        var (agent, _) = await app.AgentAsync();
        var (other, _) = await app.AgentAsync();
        var created = await CreateAsync(agent, new { name = "Mine", expiresAt = app.Clock.GetUtcNow().AddDays(30) });
        await CreateAsync(other, new { name = "Theirs" });

        var response = await agent.GetAsync("/api/v1/tokens");
        var text = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.DoesNotContain(created["token"]!.GetValue<string>(), text);
        var names = JsonNode.Parse(text)!.AsArray().Select(t => t!["name"]!.GetValue<string>()).ToList();
        Assert.Contains("Mine", names);
        Assert.DoesNotContain("Theirs", names);
        Assert.All(JsonNode.Parse(text)!.AsArray(), t => Assert.False(t!.AsObject().ContainsKey("token")));
    }

    [Fact]
    public async Task Revoke_RefusesTheTokenOnItsVeryNextRequest()
    {
        var (agent, _) = await app.AgentAsync();
        var created = await CreateAsync(agent, new { name = "Short-lived" });
        var client = app.WithToken(created["token"]!.GetValue<string>());
        await (await client.GetAsync("/api/v1/auth/me")).ExpectAsync(HttpStatusCode.OK); // now cached

        await (await agent.DeleteAsync($"/api/v1/tokens/{created["id"]}")).ExpectAsync(HttpStatusCode.NoContent);

        Assert.Equal(HttpStatusCode.Unauthorized, (await client.GetAsync("/api/v1/auth/me")).StatusCode);
        var listed = await (await agent.GetAsync($"/api/v1/tokens/{created["id"]}")).ExpectAsync(HttpStatusCode.OK);
        Assert.NotNull(listed["revokedAt"]);
    }

    [Fact]
    public async Task Revoke_SomeoneElsesToken_Is404_UnlessAdmin()
    {
        var (owner, _) = await app.AgentAsync();
        var (stranger, _) = await app.AgentAsync();
        var created = await CreateAsync(owner, new { name = "Private" });

        await (await stranger.DeleteAsync($"/api/v1/tokens/{created["id"]}")).ExpectProblemAsync(HttpStatusCode.NotFound);
        await (await stranger.GetAsync($"/api/v1/tokens/{created["id"]}")).ExpectProblemAsync(HttpStatusCode.NotFound);
        await (await app.Admin().DeleteAsync($"/api/v1/tokens/{created["id"]}")).ExpectAsync(HttpStatusCode.NoContent);
        await (await app.Admin().DeleteAsync("/api/v1/tokens/987654")).ExpectProblemAsync(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Create_WithoutNameOrWithPastExpiry_Is400NamingTheField()
    {
        var (agent, _) = await app.AgentAsync();
        await (await agent.PostJsonAsync("/api/v1/tokens", new { })).ExpectProblemAsync(HttpStatusCode.BadRequest, "name");
        await (await agent.PostJsonAsync("/api/v1/tokens", new { name = "Old", expiresAt = app.Clock.GetUtcNow().AddMinutes(-1) })).ExpectProblemAsync(HttpStatusCode.BadRequest, "expiresAt");
    }

    [Fact]
    public async Task Token_PastItsExpiry_Is401()
    {
        var (agent, _) = await app.AgentAsync();
        var created = await CreateAsync(agent, new { name = "Hour", expiresAt = app.Clock.GetUtcNow().AddHours(1) });

        app.Clock.Advance(TimeSpan.FromHours(2));

        Assert.Equal(HttpStatusCode.Unauthorized, (await app.WithToken(created["token"]!.GetValue<string>()).GetAsync("/api/v1/auth/me")).StatusCode);
    }

    [Fact]
    public async Task Admin_MintsACustomerToken_ThatActsAsThatCustomer()
    {
        var email = $"{Guid.NewGuid():N}@portal.test";
        var contact = await (await app.Admin().PostJsonAsync("/api/v1/contacts", new { name = "Portal User", identities = new[] { new { kind = "email", value = email } } }))
            .ExpectAsync(HttpStatusCode.Created);
        var contactId = contact["id"]!.GetValue<long>();

        var created = await CreateAsync(app.Admin(), new { name = "Portal", contactId });
        var customer = app.WithToken(created["token"]!.GetValue<string>());

        Assert.Equal(contactId, created["contactId"]!.GetValue<long>());
        var me = await (await customer.GetAsync("/api/v1/auth/me")).ExpectAsync(HttpStatusCode.OK);
        Assert.Equal(("customer", contactId), (me["kind"]!.GetValue<string>(), me["contactId"]!.GetValue<long>()));
        Assert.Equal(HttpStatusCode.Forbidden, (await customer.GetAsync("/api/v1/contacts")).StatusCode);
        var ticket = await (await customer.PostJsonAsync("/api/v1/tickets", new { subject = "From the portal", body = "Hello" })).ExpectAsync(HttpStatusCode.Created);
        Assert.Equal(contactId, ticket["requester"]!["id"]!.GetValue<long>());

        var listed = await (await app.Admin().GetAsync($"/api/v1/tokens?contactId={contactId}")).ExpectArrayAsync();
        Assert.Contains(listed, t => t!["name"]!.GetValue<string>() == "Portal");
    }

    [Fact]
    public async Task Admin_MintsATokenForAnAgentWithoutPassword()
    {
        var email = $"{Guid.NewGuid():N}@staff.test";
        var agent = await (await app.Admin().PostJsonAsync("/api/v1/agents", new { name = "Bot", email })).ExpectAsync(HttpStatusCode.Created);

        var created = await CreateAsync(app.Admin(), new { name = "Bot key", agentId = agent["id"] });

        var me = await (await app.WithToken(created["token"]!.GetValue<string>()).GetAsync("/api/v1/auth/me")).ExpectAsync(HttpStatusCode.OK);
        Assert.Equal(agent["id"]!.GetValue<long>(), me["agentId"]!.GetValue<long>());
    }

    [Fact]
    public async Task NonAdmins_CannotMintOrListTokensForOthers()
    {
        var (agent, _) = await app.AgentAsync();
        var (customer, contactId) = await app.CustomerAsync($"{Guid.NewGuid():N}@customers.test");

        await (await agent.PostJsonAsync("/api/v1/tokens", new { name = "Sneaky", contactId })).ExpectProblemAsync(HttpStatusCode.Forbidden);
        await (await customer.PostJsonAsync("/api/v1/tokens", new { name = "Sneaky", agentId = 1 })).ExpectProblemAsync(HttpStatusCode.Forbidden);
        await (await agent.GetAsync($"/api/v1/tokens?contactId={contactId}")).ExpectProblemAsync(HttpStatusCode.Forbidden);
    }

    [Fact]
    public async Task Customers_MayMintTheirOwnTokens()
    {
        var (customer, contactId) = await app.CustomerAsync($"{Guid.NewGuid():N}@customers.test");

        var created = await CreateAsync(customer, new { name = "My integration" });

        var me = await (await app.WithToken(created["token"]!.GetValue<string>()).GetAsync("/api/v1/auth/me")).ExpectAsync(HttpStatusCode.OK);
        Assert.Equal(contactId, me["contactId"]!.GetValue<long>());
    }

    [Fact]
    public async Task Admin_NamingUnknownOrBothPeople_Is400NamingTheField()
    {
        await (await app.Admin().PostJsonAsync("/api/v1/tokens", new { name = "X", contactId = 987654 })).ExpectProblemAsync(HttpStatusCode.BadRequest, "contactId");
        await (await app.Admin().PostJsonAsync("/api/v1/tokens", new { name = "X", agentId = 987654 })).ExpectProblemAsync(HttpStatusCode.BadRequest, "agentId");
        await (await app.Admin().PostJsonAsync("/api/v1/tokens", new { name = "X", agentId = 1, contactId = 1 })).ExpectProblemAsync(HttpStatusCode.BadRequest, "agentId");
    }

    [Theory]
    [InlineData("GET", "/api/v1/tokens")]
    [InlineData("POST", "/api/v1/tokens")]
    [InlineData("DELETE", "/api/v1/tokens/1")]
    [InlineData("POST", "/api/v1/auth/logout")]
    public async Task TokenEndpoints_Anonymous_Is401(string method, string url) =>
        Assert.Equal(HttpStatusCode.Unauthorized, await Access.StatusAsync(app.Anonymous(), method, url));
}
