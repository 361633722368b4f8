using Frontdesk.Identity;

namespace Frontdesk.Agents;

public static class AgentEndpoints
{
    /// <summary>Staff see the agents and set their own availability; only admins add, change or deactivate them.</summary>
    public static RouteGroupBuilder MapAgents(this IEndpointRouteBuilder app)
    {
        var agents = app.MapGroup("/api/v1/agents").WithTags("Agents").RequireAuthorization(Policies.Agent);

        agents.MapGet("/", ListAgents.HandleAsync).WithName("ListAgents");
        agents.MapGet("/me", ListAgents.MeAsync).WithName("GetCurrentAgent");
        agents.MapPut("/me/availability", SetAvailability.HandleAsync).WithName("SetMyAvailability");
        agents.MapGet("/{id:long}", ListAgents.GetAsync).WithName("GetAgent");
        agents.MapPost("/", CreateAgent.HandleAsync).WithName("CreateAgent").RequireAuthorization(Policies.Admin);
        agents.MapPatch("/{id:long}", UpdateAgent.HandleAsync).WithName("UpdateAgent").RequireAuthorization(Policies.Admin);
        agents.MapDelete("/{id:long}", DeactivateAgent.HandleAsync).WithName("DeactivateAgent").RequireAuthorization(Policies.Admin);
        return agents;
    }
}
