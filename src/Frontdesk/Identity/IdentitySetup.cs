using System.Security.Claims;
using Frontdesk.Data;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;

namespace Frontdesk.Identity;

public static class IdentitySetup
{
    /// <summary>Bearer tokens for the API, Identity cookies for people in a browser; everything requires a signed-in caller unless it says otherwise.</summary>
    public static IServiceCollection AddFrontdeskIdentity(this IServiceCollection services)
    {
        services.AddMemoryCache();
        services.AddAuthentication(o =>
            {
                o.DefaultScheme = "frontdesk";
                o.DefaultChallengeScheme = "frontdesk";
            })
            .AddPolicyScheme("frontdesk", "Bearer token or cookie", o =>
                o.ForwardDefaultSelector = http =>
                    http.Request.Headers.Authorization.ToString().StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase)
                        ? ApiTokens.Scheme
                        : IdentityConstants.ApplicationScheme)
            .AddScheme<AuthenticationSchemeOptions, ApiTokenAuthenticationHandler>(ApiTokens.Scheme, null)
            .AddIdentityCookies(c => c.ApplicationCookie?.Configure(o =>
            {
                o.Cookie.Name = "frontdesk";
                o.Cookie.HttpOnly = true;
                o.Cookie.SameSite = SameSiteMode.Lax;
                o.SlidingExpiration = true;
                o.ExpireTimeSpan = TimeSpan.FromDays(14);
                o.LoginPath = "/login";
                o.AccessDeniedPath = "/denied";

                // The API answers 401/403 rather than redirecting to a sign-in page.
                o.Events.OnRedirectToLogin = ctx => Deny(ctx, StatusCodes.Status401Unauthorized);
                o.Events.OnRedirectToAccessDenied = ctx => Deny(ctx, StatusCodes.Status403Forbidden);
            }));

        services.AddIdentityCore<AppUser>(o =>
            {
                o.User.RequireUniqueEmail = false;
                o.Password.RequiredLength = 10;
                o.Password.RequireNonAlphanumeric = false;
                o.Lockout.MaxFailedAccessAttempts = 10;
            })
            .AddEntityFrameworkStores<FrontdeskDbContext>()
            .AddSignInManager()
            .AddClaimsPrincipalFactory<FrontdeskClaimsFactory>();

        services.AddAuthorizationBuilder()
            .SetFallbackPolicy(new AuthorizationPolicyBuilder().RequireAuthenticatedUser().Build())
            .AddPolicy(Policies.Agent, p => p.RequireRole(Roles.Agent, Roles.Admin))
            .AddPolicy(Policies.Admin, p => p.RequireRole(Roles.Admin));
        return services;
    }

    private static Task Deny(RedirectContext<Microsoft.AspNetCore.Authentication.Cookies.CookieAuthenticationOptions> ctx, int status)
    {
        if (ctx.Request.Path.StartsWithSegments("/api"))
        {
            ctx.Response.StatusCode = status;
        }
        else
        {
            ctx.Response.Redirect(ctx.RedirectUri);
        }

        return Task.CompletedTask;
    }
}

/// <summary>
/// Cookie sign-ins carry the same claims as API tokens, plus the security stamp: Identity re-checks it
/// periodically and ends the session when it is missing or changed (password reset, deactivation).
/// </summary>
public sealed class FrontdeskClaimsFactory(FrontdeskDbContext db, IOptions<IdentityOptions> options) : IUserClaimsPrincipalFactory<AppUser>
{
    public async Task<ClaimsPrincipal> CreateAsync(AppUser user)
    {
        var principal = await PrincipalFactory.CreateAsync(db, user.Id, IdentityConstants.ApplicationScheme, CancellationToken.None);
        if (principal is null)
        {
            return new ClaimsPrincipal(new ClaimsIdentity());
        }

        if (user.SecurityStamp is not null && principal.Identity is ClaimsIdentity identity)
        {
            identity.AddClaim(new Claim(options.Value.ClaimsIdentity.SecurityStampClaimType, user.SecurityStamp));
        }

        return principal;
    }
}
