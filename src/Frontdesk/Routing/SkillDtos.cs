using System.Text.RegularExpressions;
using Frontdesk.Api;
using Frontdesk.Data;
using Frontdesk.Domain.Common;
using Frontdesk.Domain.Routing;
using Microsoft.EntityFrameworkCore;

namespace Frontdesk.Routing;

/// <summary>A skill and what it stands for: a category (categoryId), a language tag or a product (value).</summary>
public sealed record SkillDto(long Id, string Name, SkillKind Kind, long? CategoryId, string? Value)
{
    public static SkillDto From(Skill s) => new(s.Id, s.Name, s.Kind, s.CategoryId, s.Value);
}

public static partial class SkillInputs
{
    /// <summary>
    /// Checks that what a skill stands for fits its kind: a category skill names an existing category and no value;
    /// a language skill a language tag; a product skill a product name. Records an error naming the field otherwise.
    /// </summary>
    public static async Task CheckMatchAsync(FrontdeskDbContext db, ValidationErrors errors, SkillKind kind, long? categoryId, string? value, CancellationToken ct)
    {
        switch (kind)
        {
            case SkillKind.Category:
                if (categoryId is not { } id)
                {
                    errors.Add("categoryId", "A category skill needs 'categoryId'.");
                }
                else if (!await db.Categories.AnyAsync(c => c.Id == id, ct))
                {
                    errors.Add("categoryId", $"Category {id} does not exist.");
                }

                if (value is not null)
                {
                    errors.Add("value", "A category skill has no 'value'; it stands for its category.");
                }

                break;
            case SkillKind.Language:
                if (string.IsNullOrWhiteSpace(value) || !LanguageTag().IsMatch(value.Trim()))
                {
                    errors.Add("value", "A language skill needs 'value', a language tag such as 'de' or 'pt-BR'.");
                }

                break;
            default:
                if (string.IsNullOrWhiteSpace(value) || value.Length > Skill.ValueLength)
                {
                    errors.Add("value", $"A product skill needs 'value', the product's name as the '{TicketRouter.ProductField}' field holds it (at most {Skill.ValueLength} characters).");
                }

                break;
        }

        if (kind != SkillKind.Category && categoryId is not null)
        {
            errors.Add("categoryId", "Only a category skill has a 'categoryId'.");
        }
    }

    /// <summary>Inside a write: a conflict when another skill has this name, or already stands for the same thing.</summary>
    public static async Task<Error?> FindTakenAsync(FrontdeskDbContext w, Skill skill, CancellationToken ct)
    {
        var pattern = LikePatterns.Exactly(skill.Name.ToLowerInvariant());
        var others = w.Skills.Where(s => s.Id != skill.Id);
        if (await others.Where(s => EF.Functions.Like(s.Name.ToLower(), pattern, LikePatterns.Escape)).Select(s => (long?)s.Id).FirstOrDefaultAsync(ct) is { } named)
        {
            return Error.Conflict($"Skill {named} is already called '{skill.Name}'.", "name");
        }

        var same = skill.Kind == SkillKind.Category
            ? await others.Where(s => s.CategoryId == skill.CategoryId).Select(s => (long?)s.Id).FirstOrDefaultAsync(ct)
            : await others.Where(s => s.Kind == skill.Kind && s.Value == skill.Value).Select(s => (long?)s.Id).FirstOrDefaultAsync(ct);
        return same is { } id
            ? Error.Conflict($"Skill {id} already stands for this {skill.Kind.ToString().ToLowerInvariant()}.", skill.Kind == SkillKind.Category ? "categoryId" : "value")
            : null;
    }

    /// <summary>Inside a write: the skills-based teams, whose queues may move when what skills mean changes.</summary>
    public static Task<List<long>> SkillsBasedTeamsAsync(FrontdeskDbContext w, CancellationToken ct) =>
        w.Teams.Where(t => t.Assignment == AssignmentStrategy.SkillsBased).Select(t => t.Id).ToListAsync(ct);

    [GeneratedRegex("^[A-Za-z]{2,3}(-[A-Za-z0-9]{1,8}){0,3}$")]
    private static partial Regex LanguageTag();
}
