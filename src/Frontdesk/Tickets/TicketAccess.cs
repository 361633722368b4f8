using System.Security.Claims;
using Frontdesk.Domain.Tickets;
using Frontdesk.Identity;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Authorization.Infrastructure;

namespace Frontdesk.Tickets;

/// <summary>What a caller may do with a ticket.</summary>
public static class TicketOperations
{
    public static readonly OperationAuthorizationRequirement Read = new() { Name = nameof(Read) };
    public static readonly OperationAuthorizationRequirement Reply = new() { Name = nameof(Reply) };
    public static readonly OperationAuthorizationRequirement Note = new() { Name = nameof(Note) };
    public static readonly OperationAuthorizationRequirement Update = new() { Name = nameof(Update) };
    public static readonly OperationAuthorizationRequirement ReadHistory = new() { Name = nameof(ReadHistory) };
}

/// <summary>
/// Staff may do everything with every ticket. A customer may read and reply to their own tickets, and to
/// their organization's when it shares tickets; nothing else.
/// </summary>
public sealed class TicketAuthorizationHandler : AuthorizationHandler<OperationAuthorizationRequirement, Ticket>
{
    protected override Task HandleRequirementAsync(AuthorizationHandlerContext context, OperationAuthorizationRequirement requirement, Ticket ticket)
    {
        var user = context.User;
        if (user.IsStaff())
        {
            context.Succeed(requirement);
        }
        else if (TicketAccess.CustomerCanSee(user, ticket.RequesterId, ticket.OrganizationId)
                 && (requirement == TicketOperations.Read || requirement == TicketOperations.Reply))
        {
            context.Succeed(requirement);
        }

        return Task.CompletedTask;
    }
}

public static class TicketAccess
{
    public static bool CustomerCanSee(ClaimsPrincipal user, long requesterId, long? organizationId) =>
        (user.ContactId() is { } contactId && contactId == requesterId)
        || (user.SharedOrganizationId() is { } orgId && orgId == organizationId);

    /// <summary>The tickets a caller may list or search: the same rule as the handler, as a query filter.</summary>
    public static IQueryable<Ticket> VisibleTo(this IQueryable<Ticket> tickets, ClaimsPrincipal user)
    {
        if (user.IsStaff())
        {
            return tickets;
        }

        var contactId = user.ContactId() ?? -1;
        var orgId = user.SharedOrganizationId();
        return orgId is null
            ? tickets.Where(t => t.RequesterId == contactId)
            : tickets.Where(t => t.RequesterId == contactId || t.OrganizationId == orgId);
    }
}
