using Frontdesk.Api;
using Frontdesk.Data;
using Frontdesk.Domain.Common;
using Frontdesk.Domain.Routing;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Frontdesk.Routing;

/// <summary>categoryId for a category skill; value (a language tag, or a product name) for the others.</summary>
public sealed record CreateSkillRequest(string? Name, SkillKind? Kind, long? CategoryId, string? Value);

/// <summary>
/// Defines a skill. From now on tickets of its category, language or product need it in skills-based teams, so
/// give it to the agents who have it (PATCH /agents/{id} skillIds) before tickets start waiting for it.
/// </summary>
public static class CreateSkill
{
    public static async Task<Results<Created<SkillDto>, ProblemHttpResult>> HandleAsync(
        CreateSkillRequest request, FrontdeskDbContext db, IDatabaseWriter writer, CancellationToken ct)
    {
        var errors = new ValidationErrors();
        var name = errors.RequireText("name", request.Name, Skill.NameLength);
        if (request.Kind is not { } kind)
        {
            errors.Add("kind", "'kind' is required: category, language or product.");
        }
        else
        {
            await SkillInputs.CheckMatchAsync(db, errors, kind, request.CategoryId, request.Value, ct);
        }

        if (errors.Any)
        {
            return errors.ToProblem();
        }

        var created = await writer.WriteAsync<SkillDto>(async (w, ct) =>
        {
            var skill = new Skill(name!, request.Kind!.Value, request.CategoryId, request.Value);
            if (await SkillInputs.FindTakenAsync(w, skill, ct) is { } taken)
            {
                return taken;
            }

            w.Skills.Add(skill);
            var conflict = await w.SaveOrConflictAsync(Error.Conflict($"Another skill took the name '{name}' or the same {skill.Kind.ToString().ToLowerInvariant()} at the same moment.", "name"), ct);
            return conflict is null ? SkillDto.From(skill) : conflict;
        }, ct);

        return created.IsSuccess
            ? TypedResults.Created($"/api/v1/skills/{created.Value.Id}", created.Value)
            : created.Error!.ToProblem();
    }
}
