using Frontdesk.Api;
using Frontdesk.Data;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace Frontdesk.Automation;

/// <summary>All rules in the order they run (inactive ones too), or one rule.</summary>
public static class ListRules
{
    public static async Task<Ok<List<RuleDto>>> HandleAsync(FrontdeskDbContext db, CancellationToken ct)
    {
        var rules = await db.Rules.AsNoTracking().OrderBy(r => r.Position).ThenBy(r => r.Id).ToListAsync(ct);
        return TypedResults.Ok(rules.Select(RuleDto.From).ToList());
    }

    public static async Task<Results<Ok<RuleDto>, ProblemHttpResult>> GetAsync(long id, FrontdeskDbContext db, CancellationToken ct)
    {
        var rule = await db.Rules.AsNoTracking().FirstOrDefaultAsync(r => r.Id == id, ct);
        return rule is null ? Problems.NotFound("Rule", id) : TypedResults.Ok(RuleDto.From(rule));
    }
}
