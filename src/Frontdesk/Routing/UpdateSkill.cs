using Frontdesk.Api;
using Frontdesk.Data;
using Frontdesk.Domain.Common;
using Frontdesk.Domain.Routing;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace Frontdesk.Routing;

/// <summary>Absent fields stay; the skill as it ends up must still fit its kind.</summary>
public sealed record UpdateSkillRequest(Optional<string?> Name, Optional<SkillKind?> Kind, Optional<long?> CategoryId, Optional<string?> Value);

/// <summary>
/// Renames a skill or changes what it stands for. Tickets waiting in skills-based teams may need something else now,
/// so their queues get a turn in the same write.
/// </summary>
public static class UpdateSkill
{
    public static async Task<Results<Ok<SkillDto>, ProblemHttpResult>> HandleAsync(
        long id, UpdateSkillRequest request, FrontdeskDbContext db, IDatabaseWriter writer, TicketRouter router, TimeProvider clock, CancellationToken ct)
    {
        var current = await db.Skills.AsNoTracking().FirstOrDefaultAsync(s => s.Id == id, ct);
        if (current is null)
        {
            return Problems.NotFound("Skill", id);
        }

        var errors = new ValidationErrors();
        var name = request.Name.IsSet ? errors.RequireText("name", request.Name.Value, Skill.NameLength) : current.Name;
        if (request.Kind is { IsSet: true, Value: null })
        {
            errors.Add("kind", "'kind' cannot be null: category, language or product.");
        }

        var kind = request.Kind.Value ?? current.Kind;

        // Changing the kind drops what the old kind matched unless the request says what the new one matches.
        var categoryId = request.CategoryId.IsSet ? request.CategoryId.Value : kind == current.Kind ? current.CategoryId : null;
        var value = request.Value.IsSet ? request.Value.Value : kind == current.Kind ? current.Value : null;
        await SkillInputs.CheckMatchAsync(db, errors, kind, categoryId, value, ct);
        if (errors.Any)
        {
            return errors.ToProblem();
        }

        var updated = await writer.WriteAsync<SkillDto>(async (w, ct) =>
        {
            var skill = await w.Skills.FirstOrDefaultAsync(s => s.Id == id, ct);
            if (skill is null)
            {
                return Error.NotFound("Skill", id, "id");
            }

            var matched = (skill.Kind, skill.CategoryId, skill.Value);
            skill.Rename(name!);
            skill.Set(kind, categoryId, value);
            if (await SkillInputs.FindTakenAsync(w, skill, ct) is { } taken)
            {
                return taken;
            }

            if (matched != (skill.Kind, skill.CategoryId, skill.Value))
            {
                var teams = await SkillInputs.SkillsBasedTeamsAsync(w, ct);
                await router.DrainAsync(w, teams, $"Skill '{skill.Name}' changed.", clock.GetUtcNow(), ct);
            }

            var conflict = await w.SaveOrConflictAsync(Error.Conflict($"Another skill took the name '{name}' or the same {kind.ToString().ToLowerInvariant()} at the same moment.", "name"), ct);
            return conflict is null ? SkillDto.From(skill) : conflict;
        }, ct);

        return updated.IsSuccess ? TypedResults.Ok(updated.Value) : updated.Error!.ToProblem();
    }
}
