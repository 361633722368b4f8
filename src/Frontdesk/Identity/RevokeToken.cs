using System.Security.Claims;
using Frontdesk.Api;
using Frontdesk.Data;
using Frontdesk.Domain.Common;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Caching.Memory;

namespace Frontdesk.Identity;

/// <summary>
/// Revokes a token (kept, marked revoked, for the record). The token's cached sign-in is dropped after the
/// commit, so its very next request on this node is refused; other nodes refuse it within their short cache.
/// </summary>
public static class RevokeToken
{
    public static async Task<Results<NoContent, ProblemHttpResult>> HandleAsync(
        long id, ClaimsPrincipal user, FrontdeskDbContext db, IDatabaseWriter writer, IMemoryCache cache, TimeProvider clock, CancellationToken ct)
    {
        if (await TokenGate.FindAsync(db, user, id, ct) is null)
        {
            return Problems.NotFound("Token", id);
        }

        var revoked = await writer.WriteAsync<string>(async (w, ct) =>
        {
            var token = await w.ApiTokens.FirstOrDefaultAsync(t => t.Id == id, ct);
            if (token is null)
            {
                return Error.NotFound("Token", id, "id");
            }

            token.RevokedAt ??= clock.GetUtcNow();
            await w.SaveChangesAsync(ct);
            return token.Hash;
        }, ct);

        if (!revoked.IsSuccess)
        {
            return revoked.Error!.ToProblem();
        }

        cache.Remove(ApiTokens.CacheKey(revoked.Value));
        return TypedResults.NoContent();
    }
}
