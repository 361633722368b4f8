using Frontdesk.Api;
using Frontdesk.Data;
using Frontdesk.Domain.Common;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace Frontdesk.Settings;

/// <summary>Absent fields stay; parentId null moves the category to the root.</summary>
public sealed record UpdateCategoryRequest(Optional<string?> Name, Optional<long?> ParentId);

/// <summary>Renames or moves a category; a category never ends up under itself or one of its descendants.</summary>
public static class UpdateCategory
{
    public static async Task<Results<Ok<CategoryDto>, ProblemHttpResult>> HandleAsync(
        long id, UpdateCategoryRequest request, FrontdeskDbContext db, IDatabaseWriter writer, CancellationToken ct)
    {
        var errors = new ValidationErrors();
        string? name = null;
        if (request.Name.IsSet)
        {
            name = errors.RequireText("name", request.Name.Value, Categories.NameLength);
        }

        if (errors.Any)
        {
            return errors.ToProblem();
        }

        var updated = await writer.WriteAsync<long>(async (w, ct) =>
        {
            var category = await w.Categories.FirstOrDefaultAsync(c => c.Id == id, ct);
            if (category is null)
            {
                return Error.NotFound("Category", id, "id");
            }

            var parentId = request.ParentId.IsSet ? request.ParentId.Value : category.ParentId;
            if (request.ParentId.Value is { } newParent)
            {
                var all = await w.Categories.AsNoTracking().ToListAsync(ct);
                if (all.All(c => c.Id != newParent))
                {
                    return Error.Invalid("parentId", $"Category {newParent} does not exist.");
                }

                var ancestry = Categories.Ancestry(newParent, all);
                if (ancestry.Contains(id))
                {
                    return Error.Invalid("parentId", newParent == id
                        ? "A category cannot be its own parent."
                        : $"Category {newParent} is inside category {id}; moving {id} under it would make a cycle.");
                }

                if (ancestry.Count + Height(id, all) > Categories.MaxDepth)
                {
                    return Error.Invalid("parentId", $"Categories nest at most {Categories.MaxDepth} deep.");
                }
            }

            if (await Categories.FindSiblingAsync(w, name ?? category.Name, parentId, id, ct) is { } taken)
            {
                return taken;
            }

            if (name is not null)
            {
                category.Rename(name);
            }

            category.MoveUnder(parentId);
            var conflict = await w.SaveOrConflictAsync(Error.Conflict("Another category took this name at the same moment.", "name"), ct);
            return conflict is null ? category.Id : conflict;
        }, ct);

        return updated.IsSuccess
            ? TypedResults.Ok((await Categories.FindDtoAsync(db, id, ct))!)
            : updated.Error!.ToProblem();
    }

    /// <summary>Levels from this category down to its deepest descendant (1 for a leaf).</summary>
    private static int Height(long id, IReadOnlyCollection<Domain.Tickets.Category> all)
    {
        var children = all.Where(c => c.ParentId == id).ToList();
        return 1 + (children.Count == 0 ? 0 : children.Max(c => Height(c.Id, all)));
    }
}
