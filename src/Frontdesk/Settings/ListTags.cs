using System.Security.Claims;
using Frontdesk.Api;
using Frontdesk.Data;
using Frontdesk.Domain.Common;
using Frontdesk.Domain.Tickets;
using Frontdesk.Identity;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace Frontdesk.Settings;

/// <summary>Tags with how many tickets carry each; q keeps those whose name starts with it (for autocomplete).</summary>
public static class ListTags
{
    public static async Task<Ok<List<TagDto>>> HandleAsync(string? q, FrontdeskDbContext db, CancellationToken ct)
    {
        var tags = db.Tags.AsQueryable();
        if (!string.IsNullOrWhiteSpace(q))
        {
            var prefix = LikePatterns.Exactly(Tag.Normalize(q)) + "%";
            tags = tags.Where(t => EF.Functions.Like(t.Name, prefix, LikePatterns.Escape));
        }

        var rows = await tags
            .OrderBy(t => t.Name)
            .Select(t => new TagDto(t.Name, db.Tickets.Count(x => x.Tags.Any(y => y.Id == t.Id))))
            .ToListAsync(ct);
        return TypedResults.Ok(rows);
    }
}
