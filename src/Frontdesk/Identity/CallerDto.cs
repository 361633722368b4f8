using System.Security.Claims;
using Frontdesk.Data;
using Frontdesk.Domain.Contacts;
using Microsoft.EntityFrameworkCore;

namespace Frontdesk.Identity;

public enum CallerKind
{
    Agent,
    Customer,
}

/// <summary>Who is calling: an agent (with their roles) or a customer (with their contact and organization).</summary>
public sealed record CallerDto(CallerKind Kind, long? AgentId, long? ContactId, string Name, string? Email, IReadOnlyList<string> Roles, long? OrganizationId)
{
    public static async Task<CallerDto?> LoadAsync(FrontdeskDbContext db, ClaimsPrincipal user, CancellationToken ct)
    {
        var roles = user.FindAll(ClaimTypes.Role).Select(c => c.Value.ToLowerInvariant()).ToList();
        if (user.AgentId() is { } agentId)
        {
            var agent = await db.Agents.AsNoTracking().FirstOrDefaultAsync(a => a.Id == agentId, ct);
            return agent is null ? null : new CallerDto(CallerKind.Agent, agent.Id, null, agent.Name, agent.Email, roles, null);
        }

        if (user.ContactId() is { } contactId)
        {
            var contact = await db.Contacts.AsNoTracking().Include(c => c.Identities).FirstOrDefaultAsync(c => c.Id == contactId, ct);
            var email = contact?.Identities.Where(i => i.Kind == IdentityKind.Email).OrderBy(i => i.Id).Select(i => i.Value).FirstOrDefault();
            return contact is null ? null : new CallerDto(CallerKind.Customer, null, contact.Id, contact.Name, email, roles, contact.OrganizationId);
        }

        return null;
    }
}
