using System.Net;
using System.Text.Json.Nodes;
using Frontdesk.Identity;
using Frontdesk.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Frontdesk.Tests.Identity;

public sealed class SignInTests(FrontdeskFactory app) : IClassFixture<FrontdeskFactory>
{
    private const string Password = "Correct-Horse-42";

    /// <summary>An agent created through the API with a password; returns their email and id.</summary>
    private async Task<(string Email, long Id)> AgentWithPasswordAsync(string role = "agent")
    {
        var email = $"{Guid.NewGuid():N}@staff.test";
        var agent = await (await app.Admin().PostJsonAsync("/api/v1/agents", new { name = "Pat Agent", email, role, password = Password })).ExpectAsync(HttpStatusCode.Created);
        return (email, agent["id"]!.GetValue<long>());
    }

    [Fact]
    public async Task Login_WithTheRightPassword_SetsACookieThatSignsInLaterRequests()
    {
        var (email, id) = await AgentWithPasswordAsync();
        var browser = app.Anonymous();

        var response = await browser.PostJsonAsync("/api/v1/auth/login", new { email = email.ToUpperInvariant(), password = Password });

        var caller = await response.ExpectAsync(HttpStatusCode.OK);
        Assert.Equal("agent", caller["kind"]!.GetValue<string>());
        Assert.Equal(id, caller["agentId"]!.GetValue<long>());
        Assert.Contains(response.Headers.GetValues("Set-Cookie"), c => c.StartsWith("frontdesk=", StringComparison.Ordinal) && c.Contains("httponly", StringComparison.OrdinalIgnoreCase));
        var me = await (await browser.GetAsync("/api/v1/auth/me")).ExpectAsync(HttpStatusCode.OK);
        Assert.Equal(email, me["email"]!.GetValue<string>());
        await (await browser.GetAsync("/api/v1/agents/me")).ExpectAsync(HttpStatusCode.OK);
    }

    [Fact]
    public async Task Login_StoresOnlyIdentitysPasswordHash()
    {
        var (email, _) = await AgentWithPasswordAsync();

        var hash = await app.WithDbAsync(db => db.Users.Where(u => u.Email == email).Select(u => u.PasswordHash).SingleAsync());

        Assert.NotNull(hash);
        Assert.DoesNotContain(Password, hash);
        Assert.StartsWith("AQAAAA", hash); // ASP.NET Core Identity's v3 (PBKDF2) format marker
    }

    [Fact]
    public async Task Login_WithAWrongPasswordOrUnknownEmail_Is401WithTheSameAnswer()
    {
        var (email, _) = await AgentWithPasswordAsync();

        var wrong = await (await app.Anonymous().PostJsonAsync("/api/v1/auth/login", new { email, password = "not the password" })).ExpectProblemAsync(HttpStatusCode.Unauthorized);
        var unknown = await (await app.Anonymous().PostJsonAsync("/api/v1/auth/login", new { email = $"{Guid.NewGuid():N}@nobody.test", password = Password })).ExpectProblemAsync(HttpStatusCode.Unauthorized);

        Assert.Equal(wrong["detail"]!.GetValue<string>(), unknown["detail"]!.GetValue<string>());
    }

    [Fact]
    public async Task Login_WithMissingFields_Is400NamingThem()
    {
        var problem = await (await app.Anonymous().PostJsonAsync("/api/v1/auth/login", new { email = "not-an-email" })).ExpectProblemAsync(HttpStatusCode.BadRequest, "email");
        Assert.True(problem["errors"]!.AsObject().ContainsKey("password"));
    }

    [Fact]
    public async Task Login_RepeatedFailures_LockTheAccountEvenForTheRightPassword()
    {
        var (email, _) = await AgentWithPasswordAsync();
        for (var i = 0; i < 10; i++)
        {
            await (await app.Anonymous().PostJsonAsync("/api/v1/auth/login", new { email, password = "guess " + i })).ExpectProblemAsync(HttpStatusCode.Unauthorized);
        }

        var problem = await (await app.Anonymous().PostJsonAsync("/api/v1/auth/login", new { email, password = Password })).ExpectProblemAsync(HttpStatusCode.Unauthorized);

        Assert.Contains("locked", problem["detail"]!.GetValue<string>());
    }

    [Fact]
    public async Task Login_AsDeactivatedAgent_Is401()
    {
        var (email, id) = await AgentWithPasswordAsync();
        await (await app.Admin().DeleteAsync($"/api/v1/agents/{id}")).ExpectAsync(HttpStatusCode.NoContent);

        await (await app.Anonymous().PostJsonAsync("/api/v1/auth/login", new { email, password = Password })).ExpectProblemAsync(HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task Logout_EndsTheCookieSession()
    {
        var (email, _) = await AgentWithPasswordAsync();
        var browser = app.Anonymous();
        await (await browser.PostJsonAsync("/api/v1/auth/login", new { email, password = Password })).ExpectAsync(HttpStatusCode.OK);

        await (await browser.PostAsync("/api/v1/auth/logout", null)).ExpectAsync(HttpStatusCode.NoContent);

        Assert.Equal(HttpStatusCode.Unauthorized, (await browser.GetAsync("/api/v1/auth/me")).StatusCode);
    }

    [Fact]
    public async Task CookieSession_OutlivesIdentitysPeriodicSecurityStampCheck()
    {
        var (email, _) = await AgentWithPasswordAsync();
        var browser = app.Anonymous();
        await (await browser.PostJsonAsync("/api/v1/auth/login", new { email, password = Password })).ExpectAsync(HttpStatusCode.OK);

        app.Clock.Advance(TimeSpan.FromMinutes(31));

        await (await browser.GetAsync("/api/v1/auth/me")).ExpectAsync(HttpStatusCode.OK);
    }

    [Fact]
    public async Task CookieSession_OfADeactivatedAgent_EndsAtTheNextSecurityStampCheck()
    {
        var (email, id) = await AgentWithPasswordAsync();
        var browser = app.Anonymous();
        await (await browser.PostJsonAsync("/api/v1/auth/login", new { email, password = Password })).ExpectAsync(HttpStatusCode.OK);

        await (await app.Admin().DeleteAsync($"/api/v1/agents/{id}")).ExpectAsync(HttpStatusCode.NoContent);
        app.Clock.Advance(TimeSpan.FromMinutes(31));

        Assert.Equal(HttpStatusCode.Unauthorized, (await browser.GetAsync("/api/v1/auth/me")).StatusCode);
    }

    [Fact]
    public async Task Me_WithAToken_DescribesAgentOrCustomer()
    {
        var (agent, agentId) = await app.AgentAsync("Ada");
        var email = $"{Guid.NewGuid():N}@customers.test";
        var (customer, contactId) = await app.CustomerAsync(email);

        var a = await (await agent.GetAsync("/api/v1/auth/me")).ExpectAsync(HttpStatusCode.OK);
        var c = await (await customer.GetAsync("/api/v1/auth/me")).ExpectAsync(HttpStatusCode.OK);

        Assert.Equal(("agent", agentId, "Ada"), (a["kind"]!.GetValue<string>(), a["agentId"]!.GetValue<long>(), a["name"]!.GetValue<string>()));
        Assert.Equal(["agent"], a["roles"]!.AsArray().Select(r => r!.GetValue<string>()).ToArray());
        Assert.Equal(("customer", contactId, email), (c["kind"]!.GetValue<string>(), c["contactId"]!.GetValue<long>(), c["email"]!.GetValue<string>()));
    }

    [Fact]
    public async Task Me_Anonymous_Is401()
    {
        Assert.Equal(HttpStatusCode.Unauthorized, (await app.Anonymous().GetAsync("/api/v1/auth/me")).StatusCode);
    }
}
