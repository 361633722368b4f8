using System.Security.Claims;
using Frontdesk.Data;
using Frontdesk.Identity;
using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.AspNetCore.Components.Server;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Frontdesk.Web.Account;

/// <summary>
/// A circuit outlives the request that opened it: every minute, it checks that its account still signs in as
/// it did (not deactivated, same security stamp, same roles). When not, the workspace sends the tab to sign-in.
/// </summary>
public sealed class RevalidatingAuthState(ILoggerFactory logs, IDbContextFactory<FrontdeskDbContext> databases, IOptions<IdentityOptions> identity)
    : RevalidatingServerAuthenticationStateProvider(logs)
{
    protected override TimeSpan RevalidationInterval => TimeSpan.FromMinutes(1);

    protected override Task<bool> ValidateAuthenticationStateAsync(AuthenticationState state, CancellationToken ct) =>
        StillSignsInAsync(state.User, ct);

    public async Task<bool> StillSignsInAsync(ClaimsPrincipal user, CancellationToken ct)
    {
        if (!long.TryParse(user.FindFirstValue(ClaimTypes.NameIdentifier), out var userId))
        {
            return false;
        }

        await using var db = await databases.CreateDbContextAsync(ct);
        var fresh = await PrincipalFactory.CreateAsync(db, userId, IdentityConstants.ApplicationScheme, ct);
        if (fresh is null)
        {
            return false;
        }

        var stamp = await db.Users.AsNoTracking().Where(u => u.Id == userId).Select(u => u.SecurityStamp).FirstOrDefaultAsync(ct);
        var stampClaim = user.FindFirstValue(identity.Value.ClaimsIdentity.SecurityStampClaimType);
        return stamp == stampClaim && Roles(fresh).SetEquals(Roles(user));
    }

    private static HashSet<string> Roles(ClaimsPrincipal principal) => principal.FindAll(ClaimTypes.Role).Select(c => c.Value).ToHashSet();
}
