using Frontdesk.Api;
using Frontdesk.Data;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Frontdesk.Teams;

/// <summary>All teams by name with their members, or one team.</summary>
public static class ListTeams
{
    public static async Task<Ok<List<TeamDto>>> HandleAsync(FrontdeskDbContext db, CancellationToken ct) =>
        TypedResults.Ok(await db.Teams.ToDtosAsync(db, ct));

    public static async Task<Results<Ok<TeamDto>, ProblemHttpResult>> GetAsync(long id, FrontdeskDbContext db, CancellationToken ct)
    {
        var dto = await TeamReads.FindDtoAsync(db, id, ct);
        return dto is null ? Problems.NotFound("Team", id) : TypedResults.Ok(dto);
    }
}
