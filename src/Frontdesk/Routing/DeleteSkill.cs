using Frontdesk.Api;
using Frontdesk.Data;
using Frontdesk.Domain.Common;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace Frontdesk.Routing;

/// <summary>
/// Deletes a skill: agents lose it and tickets stop needing it, so tickets that waited only for it in skills-based
/// teams are assigned in the same write.
/// </summary>
public static class DeleteSkill
{
    public static async Task<Results<NoContent, ProblemHttpResult>> HandleAsync(long id, IDatabaseWriter writer, TicketRouter router, TimeProvider clock, CancellationToken ct)
    {
        var deleted = await writer.WriteAsync<bool>(async (w, ct) =>
        {
            var skill = await w.Skills.FirstOrDefaultAsync(s => s.Id == id, ct);
            if (skill is null)
            {
                return Error.NotFound("Skill", id, "id");
            }

            w.Skills.Remove(skill);
            var teams = await SkillInputs.SkillsBasedTeamsAsync(w, ct);
            await router.DrainAsync(w, teams, $"Skill '{skill.Name}' was deleted.", clock.GetUtcNow(), ct);
            return true;
        }, ct);

        return deleted.IsSuccess ? TypedResults.NoContent() : deleted.Error!.ToProblem();
    }
}
