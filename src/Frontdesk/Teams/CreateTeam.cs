using Frontdesk.Api;
using Frontdesk.Data;
using Frontdesk.Domain.Agents;
using Frontdesk.Domain.Common;
using Frontdesk.Domain.Routing;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Frontdesk.Teams;

/// <summary>assignment defaults to manual; loadWeights to new 1, open 1, pending 0.5, onHold 0.5.</summary>
public sealed record CreateTeamRequest(string? Name, string? Description, List<long>? MemberIds, AssignmentStrategy? Assignment, LoadWeightsInput? LoadWeights);

public static class CreateTeam
{
    public static async Task<Results<Created<TeamDto>, ProblemHttpResult>> HandleAsync(
        CreateTeamRequest request, FrontdeskDbContext db, IDatabaseWriter writer, CancellationToken ct)
    {
        var errors = new ValidationErrors();
        var name = errors.RequireText("name", request.Name, TeamInputs.NameLength);
        if (request.Description is { Length: > TeamInputs.DescriptionLength })
        {
            errors.Add("description", $"'description' is longer than {TeamInputs.DescriptionLength} characters.");
        }

        var memberIds = await TeamInputs.CheckMembersAsync(db, errors, request.MemberIds, ct);
        var weights = request.LoadWeights is null ? null : TeamInputs.CheckWeights(errors, request.LoadWeights);
        if (errors.Any)
        {
            return errors.ToProblem();
        }

        var created = await writer.WriteAsync<long>(async (w, ct) =>
        {
            if (await TeamInputs.FindNameTakenAsync(w, name!, null, ct) is { } taken)
            {
                return taken;
            }

            var team = new Team(name!, string.IsNullOrWhiteSpace(request.Description) ? null : request.Description.Trim());
            team.SetAssignment(request.Assignment ?? AssignmentStrategy.Manual);
            team.SetLoadWeights(weights);
            w.Teams.Add(team);
            await TeamInputs.SetMembersAsync(w, team, memberIds, ct);
            var conflict = await w.SaveOrConflictAsync(Error.Conflict($"Another team took the name '{name}' at the same moment.", "name"), ct);
            return conflict is null ? team.Id : conflict;
        }, ct);

        if (!created.IsSuccess)
        {
            return created.Error!.ToProblem();
        }

        var dto = (await TeamReads.FindDtoAsync(db, created.Value, ct))!;
        return TypedResults.Created($"/api/v1/teams/{dto.Id}", dto);
    }
}
