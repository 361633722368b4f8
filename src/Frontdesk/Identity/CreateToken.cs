using System.Globalization;
using System.Security.Claims;
using Frontdesk.Api;
using Frontdesk.Data;
using Frontdesk.Domain.Common;
using Frontdesk.Domain.Contacts;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace Frontdesk.Identity;

public sealed record CreateTokenRequest(string? Name, DateTimeOffset? ExpiresAt, long? ContactId, long? AgentId);

/// <summary>
/// Creates an API token for the caller and shows its secret once; only its SHA-256 is kept. Admins may
/// name a contact or an agent instead: a contact's token is how the portal and integrations act as that
/// customer (the contact gets a sign-in account for it when it has none).
/// </summary>
public static class CreateToken
{
    public const int NameLength = 100;

    public static async Task<Results<Created<CreatedTokenDto>, ProblemHttpResult>> HandleAsync(
        CreateTokenRequest request, ClaimsPrincipal user, IDatabaseWriter writer, HttpContext http, TimeProvider clock, CancellationToken ct)
    {
        var errors = new ValidationErrors();
        var name = errors.RequireText("name", request.Name, NameLength);
        var now = clock.GetUtcNow();
        if (request.ExpiresAt is { } expires && expires <= now)
        {
            errors.Add("expiresAt", "'expiresAt' must be in the future.");
        }

        if (request.ContactId is not null && request.AgentId is not null)
        {
            errors.Add("agentId", "Name a contact or an agent, not both.");
        }

        if (errors.Any)
        {
            return errors.ToProblem();
        }

        if ((request.ContactId is not null || request.AgentId is not null) && !user.IsInRole(Roles.Admin))
        {
            return new Error(ErrorKind.Forbidden, "Only admins create tokens for other people.", request.ContactId is not null ? "contactId" : "agentId").ToProblem();
        }

        if (!long.TryParse(user.FindFirstValue(ClaimTypes.NameIdentifier), NumberStyles.None, CultureInfo.InvariantCulture, out var callerId))
        {
            return Problems.Forbidden();
        }

        var secret = ApiTokens.NewSecret();
        var created = await writer.WriteAsync<CreatedTokenDto>(async (w, ct) =>
        {
            var owner = await OwnerAsync(w, request, callerId, http.RequestServices, ct);
            if (!owner.IsSuccess)
            {
                return owner.Error!;
            }

            var token = new ApiToken
            {
                Name = name!,
                Prefix = ApiTokens.PrefixOf(secret),
                Hash = ApiTokens.Hash(secret),
                UserId = owner.Value.Id,
                CreatedAt = clock.GetUtcNow(),
                ExpiresAt = request.ExpiresAt?.ToUniversalTime(),
            };
            w.ApiTokens.Add(token);
            await w.SaveChangesAsync(ct);
            return new CreatedTokenDto(token.Id, token.Name, token.Prefix, token.CreatedAt, token.ExpiresAt, owner.Value.AgentId, owner.Value.ContactId, secret);
        }, ct);

        return created.IsSuccess
            ? TypedResults.Created($"/api/v1/tokens/{created.Value.Id}", created.Value)
            : created.Error!.ToProblem();
    }

    private static async Task<Result<AppUser>> OwnerAsync(FrontdeskDbContext w, CreateTokenRequest request, long callerId, IServiceProvider services, CancellationToken ct)
    {
        if (request.ContactId is { } contactId)
        {
            var contact = await w.Contacts.Include(c => c.Identities).FirstOrDefaultAsync(c => c.Id == contactId, ct);
            if (contact is null)
            {
                return Error.Invalid("contactId", $"Contact {contactId} does not exist.");
            }

            if (contact.MergedIntoId is { } target)
            {
                return Error.Conflict($"Contact {contactId} was merged into contact {target}; create the token for that one.", "contactId");
            }

            using var accounts = Accounts.In(w, services);
            var email = contact.Identities.Where(i => i.Kind == IdentityKind.Email).OrderBy(i => i.Id).Select(i => i.Value).FirstOrDefault();
            return await Accounts.ForContactAsync(accounts, w, contact.Id, email, ct);
        }

        if (request.AgentId is { } agentId)
        {
            var agent = await w.Agents.FirstOrDefaultAsync(a => a.Id == agentId, ct);
            if (agent is null)
            {
                return Error.Invalid("agentId", $"Agent {agentId} does not exist.");
            }

            if (!agent.IsActive)
            {
                return Error.Conflict($"Agent {agentId} is deactivated; a token for them would not work.", "agentId");
            }

            using var accounts = Accounts.In(w, services);
            return await Accounts.ForAgentAsync(accounts, w, agent.Id, agent.Email, ct);
        }

        var caller = await w.Users.FirstOrDefaultAsync(u => u.Id == callerId, ct);
        return caller is null ? new Error(ErrorKind.Forbidden, "The caller has no account.") : caller;
    }
}
