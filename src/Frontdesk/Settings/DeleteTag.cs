using System.Security.Claims;
using Frontdesk.Api;
using Frontdesk.Data;
using Frontdesk.Domain.Common;
using Frontdesk.Domain.Tickets;
using Frontdesk.Identity;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace Frontdesk.Settings;

/// <summary>Deletes a tag, taking it off every ticket first, each with a tag_removed history entry.</summary>
public static class DeleteTag
{
    public const string Reason = "Tag deleted";

    /// <summary>The name is the rest of the path, so tags with a slash (area/billing) need no escaping.</summary>
    public static async Task<Results<NoContent, ProblemHttpResult>> HandleAsync(
        string name, ClaimsPrincipal user, IDatabaseWriter writer, TimeProvider clock, CancellationToken ct)
    {
        var normalized = Tag.Normalize(Uri.UnescapeDataString(name));
        var actor = user.Actor();
        var deleted = await writer.WriteAsync<bool>(async (w, ct) =>
        {
            var tag = await w.Tags.FirstOrDefaultAsync(t => t.Name == normalized, ct);
            if (tag is null)
            {
                return Error.NotFound("Tag", $"'{normalized}'", "name");
            }

            var now = clock.GetUtcNow();
            foreach (var ticket in await w.Tickets.Include(t => t.Tags).Where(t => t.Tags.Any(x => x.Id == tag.Id)).ToListAsync(ct))
            {
                ticket.RemoveTag(normalized, actor, now, Reason);
            }

            w.Tags.Remove(tag);
            await w.SaveChangesAsync(ct);
            return true;
        }, ct);

        return deleted.IsSuccess ? TypedResults.NoContent() : deleted.Error!.ToProblem();
    }
}
