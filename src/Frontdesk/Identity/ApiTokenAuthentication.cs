using System.Security.Claims;
using System.Security.Cryptography;
using System.Text;
using System.Text.Encodings.Web;
using Frontdesk.Data;
using Frontdesk.Domain.Agents;
using Microsoft.AspNetCore.Authentication;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Caching.Memory;
using Microsoft.Extensions.Options;

namespace Frontdesk.Identity;

/// <summary>Makes and checks API tokens: "fd_" + 32 random bytes (base64url); stored as SHA-256.</summary>
public static class ApiTokens
{
    public const string Scheme = "Bearer";

    public static string NewSecret() => "fd_" + Base64Url(RandomNumberGenerator.GetBytes(32));

    /// <summary>The secret is random with 256 bits of entropy, so a fast hash is enough (no password stretching needed).</summary>
    public static string Hash(string secret) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(secret)));

    public static string PrefixOf(string secret) => secret[..Math.Min(10, secret.Length)];

    /// <summary>Where <see cref="ApiTokenAuthenticationHandler"/> keeps the sign-in a token hash resolved to.</summary>
    public static string CacheKey(string hash) => "token:" + hash;

    /// <summary>
    /// Drops the cached sign-ins of these users' tokens, so a revocation, a deactivation or a merge applies to
    /// the very next request on this node (other nodes see it when their short cache lapses).
    /// </summary>
    public static async Task ForgetUsersAsync(FrontdeskDbContext db, IMemoryCache cache, IReadOnlyCollection<long> userIds, CancellationToken ct)
    {
        if (userIds.Count == 0)
        {
            return;
        }

        var hashes = await db.ApiTokens.AsNoTracking().Where(t => userIds.Contains(t.UserId)).Select(t => t.Hash).ToListAsync(ct);
        foreach (var hash in hashes)
        {
            cache.Remove(CacheKey(hash));
        }
    }

    private static string Base64Url(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}

/// <summary>Authenticates "Authorization: Bearer fd_…" against hashed tokens; the resulting principal carries the role and ids.</summary>
public sealed class ApiTokenAuthenticationHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> options,
    ILoggerFactory logger,
    UrlEncoder encoder,
    FrontdeskDbContext db,
    IMemoryCache cache,
    TimeProvider clock) : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    // A short cache keeps token checks off the database on busy API clients; revocation takes effect within it.
    private static readonly TimeSpan CacheFor = TimeSpan.FromSeconds(10);

    protected override async Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        string? header = Request.Headers.Authorization;
        if (header is null || !header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase))
        {
            return AuthenticateResult.NoResult();
        }

        var secret = header["Bearer ".Length..].Trim();
        if (secret.Length is 0 or > 200)
        {
            return AuthenticateResult.Fail("Malformed token.");
        }

        var hash = ApiTokens.Hash(secret);
        var principal = await cache.GetOrCreateAsync(ApiTokens.CacheKey(hash), async entry =>
        {
            entry.AbsoluteExpirationRelativeToNow = CacheFor;
            return await LoadPrincipalAsync(hash);
        });

        return principal is null
            ? AuthenticateResult.Fail("Unknown, expired or revoked token.")
            : AuthenticateResult.Success(new AuthenticationTicket(principal, Scheme.Name));
    }

    private async Task<ClaimsPrincipal?> LoadPrincipalAsync(string hash)
    {
        var now = clock.GetUtcNow();
        var token = await db.ApiTokens.AsNoTracking().FirstOrDefaultAsync(t => t.Hash == hash);
        if (token is null || token.RevokedAt is not null || (token.ExpiresAt is { } exp && exp <= now))
        {
            return null;
        }

        return await PrincipalFactory.CreateAsync(db, token.UserId, Scheme.Name, CancellationToken.None);
    }
}

/// <summary>Builds the claims for a user: role from the linked agent or contact, and the ids features need.</summary>
public static class PrincipalFactory
{
    public static async Task<ClaimsPrincipal?> CreateAsync(FrontdeskDbContext db, long userId, string scheme, CancellationToken ct)
    {
        var user = await db.Users.AsNoTracking().FirstOrDefaultAsync(u => u.Id == userId, ct);
        if (user is null)
        {
            return null;
        }

        var claims = new List<Claim> { new(ClaimTypes.NameIdentifier, user.Id.ToString()) };
        if (user.AgentId is { } agentId)
        {
            var agent = await db.Agents.AsNoTracking().FirstOrDefaultAsync(a => a.Id == agentId, ct);
            if (agent is null || !agent.IsActive)
            {
                return null;
            }

            claims.Add(new(ClaimTypes.Name, agent.Name));
            claims.Add(new(FrontdeskClaims.AgentId, agent.Id.ToString()));
            claims.Add(new(ClaimTypes.Role, Roles.Agent));
            if (agent.Role == AgentRole.Admin)
            {
                claims.Add(new(ClaimTypes.Role, Roles.Admin));
            }
        }
        else if (user.ContactId is { } contactId)
        {
            var contact = await db.Contacts.AsNoTracking()
                .Where(c => c.Id == contactId && c.MergedIntoId == null)
                .Select(c => new { c.Id, c.Name, c.OrganizationId })
                .FirstOrDefaultAsync(ct);
            if (contact is null)
            {
                return null;
            }

            claims.Add(new(ClaimTypes.Name, contact.Name));
            claims.Add(new(FrontdeskClaims.ContactId, contact.Id.ToString()));
            claims.Add(new(ClaimTypes.Role, Roles.Customer));
            if (contact.OrganizationId is { } orgId && await db.Organizations.AnyAsync(o => o.Id == orgId && o.SharesTickets, ct))
            {
                claims.Add(new(FrontdeskClaims.SharedOrganizationId, orgId.ToString()));
            }
        }
        else
        {
            return null;
        }

        return new ClaimsPrincipal(new ClaimsIdentity(claims, scheme, ClaimTypes.Name, ClaimTypes.Role));
    }
}
