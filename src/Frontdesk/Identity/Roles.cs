using System.Security.Claims;
using Frontdesk.Domain.Common;

namespace Frontdesk.Identity;

public static class Roles
{
    public const string Admin = "Admin";
    public const string Agent = "Agent";
    public const string Customer = "Customer";
}

public static class Policies
{
    /// <summary>Staff: agents and admins.</summary>
    public const string Agent = "agent";
    public const string Admin = "admin";
}

public static class FrontdeskClaims
{
    public const string AgentId = "frontdesk:agent";
    public const string ContactId = "frontdesk:contact";

    /// <summary>The organization whose shared tickets a customer may see (only set when it shares).</summary>
    public const string SharedOrganizationId = "frontdesk:shared_org";
}

/// <summary>The caller as the features see it: who they are and what they may see.</summary>
public static class CallerExtensions
{
    public static bool IsStaff(this ClaimsPrincipal user) => user.IsInRole(Roles.Agent) || user.IsInRole(Roles.Admin);

    public static long? AgentId(this ClaimsPrincipal user) => ReadLong(user, FrontdeskClaims.AgentId);

    public static long? ContactId(this ClaimsPrincipal user) => ReadLong(user, FrontdeskClaims.ContactId);

    public static long? SharedOrganizationId(this ClaimsPrincipal user) => ReadLong(user, FrontdeskClaims.SharedOrganizationId);

    public static Actor Actor(this ClaimsPrincipal user)
    {
        var name = user.FindFirstValue(ClaimTypes.Name) ?? "unknown";
        if (user.AgentId() is { } agentId)
        {
            return Domain.Common.Actor.Agent(agentId, name);
        }

        if (user.ContactId() is { } contactId)
        {
            return Domain.Common.Actor.Contact(contactId, name);
        }

        return Domain.Common.Actor.System;
    }

    private static long? ReadLong(ClaimsPrincipal user, string type) =>
        long.TryParse(user.FindFirstValue(type), out var v) ? v : null;
}
