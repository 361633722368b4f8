using Frontdesk.Identity;
using Frontdesk.Tickets;

namespace Frontdesk.Routing;

/// <summary>Named for tickets so they do not shadow ASP.NET Core's own AddRouting.</summary>
public static class RoutingEndpoints
{
    public static IServiceCollection AddTicketRouting(this IServiceCollection services)
    {
        services.AddSingleton<TicketRouter>();
        services.AddSingleton<ITicketStep, RoutingStep>();
        return services;
    }

    /// <summary>Staff see skills and team queues; only admins define skills.</summary>
    public static IEndpointRouteBuilder MapTicketRouting(this IEndpointRouteBuilder app)
    {
        var skills = app.MapGroup("/api/v1/skills").WithTags("Skills").RequireAuthorization(Policies.Agent);
        skills.MapGet("/", ListSkills.HandleAsync).WithName("ListSkills");
        skills.MapGet("/{id:long}", ListSkills.GetAsync).WithName("GetSkill");
        skills.MapPost("/", CreateSkill.HandleAsync).WithName("CreateSkill").RequireAuthorization(Policies.Admin);
        skills.MapPatch("/{id:long}", UpdateSkill.HandleAsync).WithName("UpdateSkill").RequireAuthorization(Policies.Admin);
        skills.MapDelete("/{id:long}", DeleteSkill.HandleAsync).WithName("DeleteSkill").RequireAuthorization(Policies.Admin);

        app.MapGet("/api/v1/teams/{id:long}/queue", GetTeamQueue.HandleAsync).WithTags("Teams").WithName("GetTeamQueue").RequireAuthorization(Policies.Agent);
        return app;
    }
}
