using System.Globalization;
using System.Security.Claims;
using Frontdesk.Api;
using Frontdesk.Data;
using Frontdesk.Domain.Common;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace Frontdesk.Identity;

/// <summary>Admins may look at another person's tokens by naming the contact or the agent.</summary>
public sealed record TokenQuery(long? ContactId, long? AgentId);

/// <summary>The caller's tokens, newest first, revoked ones included (with when); never a secret.</summary>
public static class ListTokens
{
    public static async Task<Results<Ok<List<TokenDto>>, ProblemHttpResult>> HandleAsync(
        [AsParameters] TokenQuery query, ClaimsPrincipal user, FrontdeskDbContext db, CancellationToken ct)
    {
        if ((query.ContactId is not null || query.AgentId is not null) && !user.IsInRole(Roles.Admin))
        {
            return new Error(ErrorKind.Forbidden, "Only admins see other people's tokens.", query.ContactId is not null ? "contactId" : "agentId").ToProblem();
        }

        var callerId = CallerId(user);
        var owners = query switch
        {
            { ContactId: { } contactId } => db.Users.Where(u => u.ContactId == contactId),
            { AgentId: { } agentId } => db.Users.Where(u => u.AgentId == agentId),
            _ => db.Users.Where(u => u.Id == callerId),
        };

        var rows = await db.ApiTokens.AsNoTracking()
            .Join(owners.AsNoTracking(), t => t.UserId, u => u.Id, (t, u) => new { Token = t, Owner = u })
            .ToListAsync(ct);
        return TypedResults.Ok(rows.OrderByDescending(r => r.Token.Id).Select(r => TokenDto.From(r.Token, r.Owner)).ToList());
    }

    public static async Task<Results<Ok<TokenDto>, ProblemHttpResult>> GetAsync(long id, ClaimsPrincipal user, FrontdeskDbContext db, CancellationToken ct)
    {
        var row = await TokenGate.FindAsync(db, user, id, ct);
        return row is null ? Problems.NotFound("Token", id) : TypedResults.Ok(TokenDto.From(row.Value.Token, row.Value.Owner));
    }

    public static long CallerId(ClaimsPrincipal user) =>
        long.TryParse(user.FindFirstValue(ClaimTypes.NameIdentifier), NumberStyles.None, CultureInfo.InvariantCulture, out var id) ? id : -1;
}

/// <summary>Callers reach their own tokens; admins reach everyone's. Others' tokens look absent, not forbidden.</summary>
public static class TokenGate
{
    public static async Task<(ApiToken Token, AppUser Owner)?> FindAsync(FrontdeskDbContext db, ClaimsPrincipal user, long id, CancellationToken ct)
    {
        var callerId = ListTokens.CallerId(user);
        var admin = user.IsInRole(Roles.Admin);
        var row = await db.ApiTokens.AsNoTracking()
            .Where(t => t.Id == id && (admin || t.UserId == callerId))
            .Join(db.Users.AsNoTracking(), t => t.UserId, u => u.Id, (t, u) => new { Token = t, Owner = u })
            .FirstOrDefaultAsync(ct);
        return row is null ? null : (row.Token, row.Owner);
    }
}
