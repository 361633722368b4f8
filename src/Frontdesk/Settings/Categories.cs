using Frontdesk.Api;
using Frontdesk.Data;
using Frontdesk.Domain.Common;
using Frontdesk.Domain.Tickets;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace Frontdesk.Settings;

/// <summary>Reads the category tree: all categories ordered by their path, or one.</summary>
public static class Categories
{
    public const int NameLength = 100;
    public const int MaxDepth = 10;

    public static async Task<Ok<List<CategoryDto>>> ListAsync(FrontdeskDbContext db, CancellationToken ct)
    {
        var all = await db.Categories.AsNoTracking().ToListAsync(ct);
        return TypedResults.Ok(all.Select(c => ToDto(c, all)).OrderBy(c => c.Path, StringComparer.OrdinalIgnoreCase).ToList());
    }

    public static async Task<Results<Ok<CategoryDto>, ProblemHttpResult>> GetAsync(long id, FrontdeskDbContext db, CancellationToken ct)
    {
        var dto = await FindDtoAsync(db, id, ct);
        return dto is null ? Problems.NotFound("Category", id) : TypedResults.Ok(dto);
    }

    public static async Task<CategoryDto?> FindDtoAsync(FrontdeskDbContext db, long id, CancellationToken ct)
    {
        var all = await db.Categories.AsNoTracking().ToListAsync(ct);
        var category = all.FirstOrDefault(c => c.Id == id);
        return category is null ? null : ToDto(category, all);
    }

    /// <summary>The ids from <paramref name="id"/> up to its root (itself first).</summary>
    public static List<long> Ancestry(long id, IReadOnlyCollection<Category> all)
    {
        var chain = new List<long>();
        for (long? at = id; at is { } current && !chain.Contains(current); at = all.FirstOrDefault(c => c.Id == current)?.ParentId)
        {
            chain.Add(current);
        }

        return chain;
    }

    /// <summary>Inside a write: a conflict when a sibling under the same parent has this name (in any letter case).</summary>
    public static async Task<Error?> FindSiblingAsync(FrontdeskDbContext w, string name, long? parentId, long? exceptId, CancellationToken ct)
    {
        var pattern = LikePatterns.Exactly(name.ToLowerInvariant());
        var other = await w.Categories
            .Where(c => c.ParentId == parentId && c.Id != exceptId && EF.Functions.Like(c.Name.ToLower(), pattern, LikePatterns.Escape))
            .Select(c => (long?)c.Id)
            .FirstOrDefaultAsync(ct);
        return other is { } id ? Error.Conflict($"Category {id} under the same parent is already called '{name}'.", "name") : null;
    }

    private static CategoryDto ToDto(Category c, IReadOnlyCollection<Category> all)
    {
        var names = Ancestry(c.Id, all).Select(id => all.First(x => x.Id == id).Name).Reverse();
        return new CategoryDto(c.Id, c.Name, c.ParentId, string.Join(" › ", names));
    }
}
