using Frontdesk.Api;
using Frontdesk.Data;
using Frontdesk.Domain.Common;
using Frontdesk.Domain.Tickets;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace Frontdesk.Settings;

public sealed record CreateCategoryRequest(string? Name, long? ParentId);

/// <summary>Adds a category at the root or under a parent; siblings have distinct names.</summary>
public static class CreateCategory
{
    public static async Task<Results<Created<CategoryDto>, ProblemHttpResult>> HandleAsync(
        CreateCategoryRequest request, FrontdeskDbContext db, IDatabaseWriter writer, CancellationToken ct)
    {
        var errors = new ValidationErrors();
        var name = errors.RequireText("name", request.Name, Categories.NameLength);
        if (errors.Any)
        {
            return errors.ToProblem();
        }

        var created = await writer.WriteAsync<long>(async (w, ct) =>
        {
            if (request.ParentId is { } parentId)
            {
                var all = await w.Categories.AsNoTracking().ToListAsync(ct);
                if (all.All(c => c.Id != parentId))
                {
                    return Error.Invalid("parentId", $"Category {parentId} does not exist.");
                }

                if (Categories.Ancestry(parentId, all).Count >= Categories.MaxDepth)
                {
                    return Error.Invalid("parentId", $"Categories nest at most {Categories.MaxDepth} deep.");
                }
            }

            if (await Categories.FindSiblingAsync(w, name!, request.ParentId, null, ct) is { } taken)
            {
                return taken;
            }

            var category = new Category(name!, request.ParentId);
            w.Categories.Add(category);
            var conflict = await w.SaveOrConflictAsync(Error.Conflict($"Another category took the name '{name}' at the same moment.", "name"), ct);
            return conflict is null ? category.Id : conflict;
        }, ct);

        if (!created.IsSuccess)
        {
            return created.Error!.ToProblem();
        }

        var dto = (await Categories.FindDtoAsync(db, created.Value, ct))!;
        return TypedResults.Created($"/api/v1/categories/{dto.Id}", dto);
    }
}
