using System.Net.Http.Json;
using System.Security.Claims;
using Frontdesk.Identity;
using Frontdesk.Tests.Infrastructure;
using Frontdesk.Web.Account;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Frontdesk.Tests.Identity;

/// <summary>An open workspace tab re-checks its account: deactivation, a new security stamp or a changed role ends it.</summary>
public sealed class CircuitRevalidationTests(FrontdeskFactory app) : IClassFixture<FrontdeskFactory>
{
    [Fact]
    public async Task SignedInAgent_StaysValid_UntilDeactivated()
    {
        var (_, agentId) = await app.AgentAsync("Vera Valid");
        var user = await CookiePrincipalAsync(agentId);
        Assert.True(await CheckAsync(user));

        var response = await app.Admin().PatchAsJsonAsync($"/api/v1/agents/{agentId}", new { isActive = false });
        response.EnsureSuccessStatusCode();
        Assert.False(await CheckAsync(user));
    }

    [Fact]
    public async Task NewSecurityStamp_EndsTheCircuit()
    {
        var (_, agentId) = await app.AgentAsync("Sam Stamp");
        var user = await CookiePrincipalAsync(agentId);
        await app.WithDbAsync(db => db.Users.Where(u => u.AgentId == agentId).ExecuteUpdateAsync(s => s.SetProperty(u => u.SecurityStamp, "changed")));
        Assert.False(await CheckAsync(user));
    }

    [Fact]
    public async Task PromotionToAdmin_AsksForAFreshSignIn()
    {
        var (_, agentId) = await app.AgentAsync("Pat Promoted");
        var user = await CookiePrincipalAsync(agentId);
        var response = await app.Admin().PatchAsJsonAsync($"/api/v1/agents/{agentId}", new { role = "admin" });
        response.EnsureSuccessStatusCode();
        Assert.False(await CheckAsync(user));
    }

    private async Task<bool> CheckAsync(ClaimsPrincipal user)
    {
        await using var scope = app.Services.CreateAsyncScope();
        var check = ActivatorUtilities.CreateInstance<RevalidatingAuthState>(scope.ServiceProvider);
        return await check.StillSignsInAsync(user, CancellationToken.None);
    }

    /// <summary>The principal a cookie sign-in carries: the account's claims plus its security stamp.</summary>
    private Task<ClaimsPrincipal> CookiePrincipalAsync(long agentId) => app.WithDbAsync(async db =>
    {
        var account = await db.Users.AsNoTracking().SingleAsync(u => u.AgentId == agentId);
        var principal = (await PrincipalFactory.CreateAsync(db, account.Id, IdentityConstants.ApplicationScheme, CancellationToken.None))!;
        var stampType = app.Services.GetRequiredService<IOptions<IdentityOptions>>().Value.ClaimsIdentity.SecurityStampClaimType;
        ((ClaimsIdentity)principal.Identity!).AddClaim(new Claim(stampType, account.SecurityStamp!));
        return principal;
    });
}
