using Frontdesk.Api;
using Frontdesk.Data;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace Frontdesk.Routing;

/// <summary>All skills by kind and name, or one.</summary>
public static class ListSkills
{
    public static async Task<Ok<List<SkillDto>>> HandleAsync(FrontdeskDbContext db, CancellationToken ct)
    {
        var skills = await db.Skills.AsNoTracking().ToListAsync(ct);
        return TypedResults.Ok(skills.OrderBy(s => s.Kind).ThenBy(s => s.Name, StringComparer.OrdinalIgnoreCase).Select(SkillDto.From).ToList());
    }

    public static async Task<Results<Ok<SkillDto>, ProblemHttpResult>> GetAsync(long id, FrontdeskDbContext db, CancellationToken ct)
    {
        var skill = await db.Skills.AsNoTracking().FirstOrDefaultAsync(s => s.Id == id, ct);
        return skill is null ? Problems.NotFound("Skill", id) : TypedResults.Ok(SkillDto.From(skill));
    }
}
