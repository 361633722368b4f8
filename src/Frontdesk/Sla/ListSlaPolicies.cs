using Frontdesk.Api;
using Frontdesk.Data;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace Frontdesk.Sla;

/// <summary>All SLA policies in the order they are tried, or one.</summary>
public static class ListSlaPolicies
{
    public static async Task<Ok<List<SlaPolicyDto>>> HandleAsync(FrontdeskDbContext db, CancellationToken ct)
    {
        var policies = await db.SlaPolicies.AsNoTracking().OrderBy(p => p.Position).ThenBy(p => p.Id).ToListAsync(ct);
        return TypedResults.Ok(policies.Select(SlaPolicyDto.From).ToList());
    }

    public static async Task<Results<Ok<SlaPolicyDto>, ProblemHttpResult>> GetAsync(long id, FrontdeskDbContext db, CancellationToken ct) =>
        await db.SlaPolicies.AsNoTracking().FirstOrDefaultAsync(p => p.Id == id, ct) is { } policy
            ? TypedResults.Ok(SlaPolicyDto.From(policy))
            : Problems.NotFound("SLA policy", id);
}
