using System.Security.Claims;
using Frontdesk.Api;
using Frontdesk.Data;
using Frontdesk.Domain.Common;
using Frontdesk.Domain.Tickets;
using Frontdesk.Identity;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace Frontdesk.Settings;

public sealed record CreateTagRequest(string? Name);

/// <summary>Creates a tag ahead of its first use (tickets also create tags as they use them).</summary>
public static class CreateTag
{
    public static async Task<Results<Created<TagDto>, ProblemHttpResult>> HandleAsync(CreateTagRequest request, IDatabaseWriter writer, CancellationToken ct)
    {
        if (string.IsNullOrWhiteSpace(request.Name))
        {
            return Problems.Invalid("name", "'name' is required.");
        }

        if (!Tag.IsValid(request.Name))
        {
            return Problems.Invalid("name", $"'{request.Name}' is not a valid tag: use 1–64 letters, digits or - _ . : / without spaces.");
        }

        var name = Tag.Normalize(request.Name);
        var created = await writer.WriteAsync<TagDto>(async (w, ct) =>
        {
            var exists = Error.Conflict($"The tag '{name}' already exists.", "name");
            if (await w.Tags.AnyAsync(t => t.Name == name, ct))
            {
                return exists;
            }

            w.Tags.Add(new Tag(name));
            return await w.SaveOrConflictAsync(exists, ct) is { } conflict ? conflict : new TagDto(name, 0);
        }, ct);

        return created.IsSuccess
            ? TypedResults.Created($"/api/v1/tags/{Uri.EscapeDataString(name)}", created.Value)
            : created.Error!.ToProblem();
    }
}
