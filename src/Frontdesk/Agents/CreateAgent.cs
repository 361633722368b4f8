using Frontdesk.Api;
using Frontdesk.Data;
using Frontdesk.Domain.Agents;
using Frontdesk.Domain.Common;
using Frontdesk.Domain.Contacts;
using Frontdesk.Domain.Routing;
using Frontdesk.Identity;
using Frontdesk.Routing;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;

namespace Frontdesk.Agents;

/// <summary>A new agent is offline with a capacity of <see cref="Agent.DefaultCapacity"/> unless the request says otherwise.</summary>
public sealed record CreateAgentRequest(
    string? Name,
    string? Email,
    AgentRole? Role,
    string? Password,
    List<long>? TeamIds,
    AgentAvailability? Availability,
    int? Capacity,
    List<long>? SkillIds);

/// <summary>
/// Adds an agent and the account they sign in with, created through Identity's UserManager (the password,
/// when given, checked against Identity's rules and hashed by its hasher). Without a password the agent
/// can still be given API tokens, or a password later.
/// </summary>
public static class CreateAgent
{
    public static async Task<Results<Created<AgentDto>, ProblemHttpResult>> HandleAsync(
        CreateAgentRequest request,
        FrontdeskDbContext db,
        IDatabaseWriter writer,
        UserManager<AppUser> users,
        TicketRouter router,
        HttpContext http,
        TimeProvider clock,
        CancellationToken ct)
    {
        var errors = new ValidationErrors();
        var name = errors.RequireText("name", request.Name, Limits.NameLength);
        var email = request.Email is null ? null : ContactIdentity.Normalize(IdentityKind.Email, request.Email);
        if (email is null)
        {
            errors.Add("email", request.Email is null ? "'email' is required." : $"'{request.Email}' is not an email address.");
        }

        var passwordHash = request.Password is null ? null : await Accounts.HashPasswordAsync(users, errors, "password", request.Password);
        var teamIds = await AgentReads.CheckTeamsAsync(db, errors, request.TeamIds, ct);
        var skillIds = await AgentReads.CheckSkillsAsync(db, errors, request.SkillIds, ct);
        if (request.Capacity is not null)
        {
            AgentReads.CheckCapacity(errors, request.Capacity);
        }

        if (errors.Any)
        {
            return errors.ToProblem();
        }

        var created = await writer.WriteAsync<long>(async (w, ct) =>
        {
            if (await w.Agents.AnyAsync(a => a.Email == email, ct))
            {
                return Error.Conflict($"An agent with the email '{email}' already exists.", "email");
            }

            var agent = new Agent(name!, email!, request.Role ?? AgentRole.Agent, clock.GetUtcNow());
            agent.SetTeams(await w.Teams.Where(t => teamIds.Contains(t.Id)).ToListAsync(ct));
            agent.SetSkills(await w.Skills.Where(s => skillIds.Contains(s.Id)).ToListAsync(ct));
            agent.SetAvailability(request.Availability ?? AgentAvailability.Offline);
            agent.SetCapacity(request.Capacity ?? Agent.DefaultCapacity);
            w.Agents.Add(agent);
            if (await w.SaveOrConflictAsync(Error.Conflict($"An agent with the email '{email}' already exists.", "email"), ct) is { } conflict)
            {
                return conflict;
            }

            using var accounts = Accounts.In(w, http.RequestServices);
            var account = new AppUser { UserName = email, Email = email, EmailConfirmed = true, AgentId = agent.Id, PasswordHash = passwordHash };
            var result = await accounts.CreateAsync(account);
            if (!result.Succeeded)
            {
                var detail = string.Join(" ", result.Errors.Select(e => e.Description));
                return result.Errors.Any(e => e.Code is nameof(IdentityErrorDescriber.DuplicateUserName) or nameof(IdentityErrorDescriber.DuplicateEmail))
                    ? Error.Conflict(detail, "email")
                    : Error.Invalid("email", detail);
            }

            var (teams, cause) = AgentRoom.OfNew(agent);
            await router.DrainAsync(w, teams, cause, clock.GetUtcNow(), ct);
            return agent.Id;
        }, ct);

        if (!created.IsSuccess)
        {
            return created.Error!.ToProblem();
        }

        var dto = (await AgentReads.FindDtoAsync(db, created.Value, ct))!;
        return TypedResults.Created($"/api/v1/agents/{dto.Id}", dto);
    }
}
