using Frontdesk.Api;
using Frontdesk.Data;
using Frontdesk.Domain.Common;
using Frontdesk.Domain.Routing;
using Frontdesk.Routing;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace Frontdesk.Teams;

/// <summary>
/// Absent fields stay; memberIds, when given, replace the members; description null clears it; loadWeights null goes
/// back to the defaults.
/// </summary>
public sealed record UpdateTeamRequest(
    Optional<string?> Name,
    Optional<string?> Description,
    Optional<List<long>?> MemberIds,
    Optional<AssignmentStrategy?> Assignment,
    Optional<LoadWeightsInput?> LoadWeights);

/// <summary>
/// Changes a team. Switching to an automatic strategy, new weights or new members give the team's waiting tickets to
/// whoever can take them, in the same write.
/// </summary>
public static class UpdateTeam
{
    public static async Task<Results<Ok<TeamDto>, ProblemHttpResult>> HandleAsync(
        long id, UpdateTeamRequest request, FrontdeskDbContext db, IDatabaseWriter writer, TicketRouter router, TimeProvider clock, CancellationToken ct)
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
        if (request.Assignment is { IsSet: true, Value: null })
        {
            errors.Add("assignment", "'assignment' cannot be null: manual, roundRobin, leastLoaded or skillsBased.");
        }

        var weights = request.LoadWeights.Value is { } input ? TeamInputs.CheckWeights(errors, input) : null;
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
            var (assignment, loadWeights) = (team.Assignment, team.LoadWeights);
            if (request.Assignment.Value is { } strategy)
            {
                team.SetAssignment(strategy);
            }

            if (request.LoadWeights.IsSet)
            {
                team.SetLoadWeights(weights);
            }

            var joined = false;
            if (memberIds is not null)
            {
                var before = await w.Agents.Where(a => a.Teams.Any(t => t.Id == id)).Select(a => a.Id).ToListAsync(ct);
                joined = memberIds.Except(before).Any();
                await TeamInputs.SetMembersAsync(w, team, memberIds, ct);
            }

            // Saving first locks the team's row, the order routing takes its locks in.
            if (await w.SaveOrConflictAsync(Error.Conflict($"Another team took the name '{name}' at the same moment.", "name"), ct) is { } conflict)
            {
                return conflict;
            }

            var cause = team.Assignment == AssignmentStrategy.Manual ? null
                : team.Assignment != assignment ? $"{team.Name} now assigns {team.Assignment.DisplayName().ToLowerInvariant()}."
                : team.LoadWeights != loadWeights ? $"{team.Name} weighs load differently now."
                : joined ? $"New members joined {team.Name}."
                : null;
            if (cause is not null)
            {
                await router.DrainAsync(w, [team.Id], cause, clock.GetUtcNow(), ct);
            }

            return team.Id;
        }, ct);

        return updated.IsSuccess
            ? TypedResults.Ok((await TeamReads.FindDtoAsync(db, id, ct))!)
            : updated.Error!.ToProblem();
    }
}
