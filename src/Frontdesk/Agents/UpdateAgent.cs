using System.Security.Claims;
using Frontdesk.Api;
using Frontdesk.Data;
using Frontdesk.Domain.Agents;
using Frontdesk.Domain.Common;
using Frontdesk.Domain.Routing;
using Frontdesk.Identity;
using Frontdesk.Routing;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Caching.Memory;

namespace Frontdesk.Agents;

/// <summary>
/// Absent fields stay; teamIds and skillIds, when given, replace the agent's teams and skills. The email is the
/// agent's identity and does not change. capacity: the most unsolved tickets routing gives them (0 takes none).
/// </summary>
public sealed record UpdateAgentRequest(
    Optional<string?> Name,
    Optional<AgentRole?> Role,
    Optional<bool?> IsActive,
    Optional<List<long>?> TeamIds,
    Optional<string?> Password,
    Optional<AgentAvailability?> Availability,
    Optional<int?> Capacity,
    Optional<List<long>?> SkillIds);

/// <summary>
/// Changes an agent. A change of role, activity or password renews the account's security stamp (cookie
/// sessions end at their next check) and drops cached token sign-ins, so it applies to the next API call.
/// Admins cannot demote or deactivate themselves, which leaves at least one admin. A change that lets the agent
/// take more tickets (online, more capacity, new skills or teams, active again) gives their teams' queues a turn.
/// </summary>
public static class UpdateAgent
{
    public static async Task<Results<Ok<AgentDto>, ProblemHttpResult>> HandleAsync(
        long id,
        UpdateAgentRequest request,
        ClaimsPrincipal user,
        FrontdeskDbContext db,
        IDatabaseWriter writer,
        UserManager<AppUser> users,
        IMemoryCache cache,
        TicketRouter router,
        TimeProvider clock,
        HttpContext http,
        CancellationToken ct)
    {
        var errors = new ValidationErrors();
        string? name = null;
        if (request.Name.IsSet)
        {
            name = errors.RequireText("name", request.Name.Value, Limits.NameLength);
        }

        if (request.Role is { IsSet: true, Value: null })
        {
            errors.Add("role", "'role' cannot be null: agent or admin.");
        }

        if (request.IsActive is { IsSet: true, Value: null })
        {
            errors.Add("isActive", "'isActive' cannot be null.");
        }

        var passwordHash = request.Password.IsSet ? await Accounts.HashPasswordAsync(users, errors, "password", request.Password.Value) : null;
        if (request.Availability is { IsSet: true, Value: null })
        {
            errors.Add("availability", "'availability' cannot be null: online, away or offline.");
        }

        if (request.Capacity.IsSet)
        {
            AgentReads.CheckCapacity(errors, request.Capacity.Value);
        }

        var teamIds = request.TeamIds.IsSet ? await AgentReads.CheckTeamsAsync(db, errors, request.TeamIds.Value, ct) : null;
        var skillIds = request.SkillIds.IsSet ? await AgentReads.CheckSkillsAsync(db, errors, request.SkillIds.Value, ct) : null;
        if (errors.Any)
        {
            return errors.ToProblem();
        }

        if (id == user.AgentId() && (request.Role.Value == AgentRole.Agent || request.IsActive.Value == false))
        {
            return Error.Conflict("You cannot demote or deactivate yourself; another admin can.", request.IsActive.Value == false ? "isActive" : "role").ToProblem();
        }

        var updated = await writer.WriteAsync<bool>(async (w, ct) =>
        {
            var agent = await w.Agents.Include(a => a.Teams).Include(a => a.Skills).AsSplitQuery().FirstOrDefaultAsync(a => a.Id == id, ct);
            if (agent is null)
            {
                return Error.NotFound("Agent", id, "id");
            }

            var (role, active) = (agent.Role, agent.IsActive);
            var before = AgentRoom.Of(agent);
            agent.Update(name, request.Role.Value, request.IsActive.Value);
            if (teamIds is not null)
            {
                agent.SetTeams(await w.Teams.Where(t => teamIds.Contains(t.Id)).ToListAsync(ct));
            }

            if (skillIds is not null)
            {
                agent.SetSkills(await w.Skills.Where(s => skillIds.Contains(s.Id)).ToListAsync(ct));
            }

            if (request.Availability.Value is { } availability)
            {
                agent.SetAvailability(availability);
            }

            if (request.Capacity.Value is { } capacity)
            {
                agent.SetCapacity(capacity);
            }

            var (teams, cause) = before.Gained(agent);
            await router.DrainAsync(w, teams, cause, clock.GetUtcNow(), ct);
            var accessChanged = role != agent.Role || active != agent.IsActive || passwordHash is not null;
            if (accessChanged)
            {
                using var accounts = Accounts.In(w, http.RequestServices);
                var account = await Accounts.ForAgentAsync(accounts, w, agent.Id, agent.Email, ct);
                if (passwordHash is not null)
                {
                    account.PasswordHash = passwordHash;
                }

                await accounts.UpdateSecurityStampAsync(account);
            }

            return accessChanged;
        }, ct);

        if (!updated.IsSuccess)
        {
            return updated.Error!.ToProblem();
        }

        if (updated.Value)
        {
            await ApiTokens.ForgetUsersAsync(db, cache, await db.Users.Where(u => u.AgentId == id).Select(u => u.Id).ToListAsync(ct), ct);
        }

        return TypedResults.Ok((await AgentReads.FindDtoAsync(db, id, ct))!);
    }
}
