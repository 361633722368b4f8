using Frontdesk.Api;
using Frontdesk.Data;
using Frontdesk.Domain.Common;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace Frontdesk.Teams;

/// <summary>Absent fields stay; memberIds, when given, replace the members; description null clears it.</summary>
public sealed record UpdateTeamRequest(Optional<string?> Name, Optional<string?> Description, Optional<List<long>?> MemberIds);

public static class UpdateTeam
{
    public static async Task<Results<Ok<TeamDto>, ProblemHttpResult>> HandleAsync(
        long id, UpdateTeamRequest request, FrontdeskDbContext db, IDatabaseWriter writer, CancellationToken ct)
    {
        var errors = new ValidationErrors();
        string? name = null;
        if (request.Name.IsSet)
        {
            name = errors.RequireText("name", request.Name.Value, TeamInputs.NameLength);
        }

        if (request.Description.Value is { Length: > TeamInputs.DescriptionLength })
        {
            errors.Add("description", $"'description' is longer than {TeamInputs.DescriptionLength} characters.");
        }

        var memberIds = request.MemberIds.IsSet ? await TeamInputs.CheckMembersAsync(db, errors, request.MemberIds.Value, ct) : null;
        if (errors.Any)
        {
            return errors.ToProblem();
        }

        var updated = await writer.WriteAsync<long>(async (w, ct) =>
        {
            var team = await w.Teams.FirstOrDefaultAsync(t => t.Id == id, ct);
            if (team is null)
            {
                return Error.NotFound("Team", id, "id");
            }

            if (name is not null && await TeamInputs.FindNameTakenAsync(w, name, id, ct) is { } taken)
            {
                return taken;
            }

            // Team.Update keeps the description on null, so clearing stores an empty one (shown as null).
            var description = request.Description.IsSet ? request.Description.Value?.Trim() ?? "" : null;
            team.Update(name, description);
            if (memberIds is not null)
            {
                await TeamInputs.SetMembersAsync(w, team, memberIds, ct);
            }

            var conflict = await w.SaveOrConflictAsync(Error.Conflict($"Another team took the name '{name}' at the same moment.", "name"), ct);
            return conflict is null ? team.Id : conflict;
        }, ct);

        return updated.IsSuccess
            ? TypedResults.Ok((await TeamReads.FindDtoAsync(db, id, ct))!)
            : updated.Error!.ToProblem();
    }
}
