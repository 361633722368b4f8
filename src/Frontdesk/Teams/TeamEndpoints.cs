using Frontdesk.Identity;

namespace Frontdesk.Teams;

public static class TeamEndpoints
{
    /// <summary>Staff see teams and their members; only admins change them.</summary>
    public static RouteGroupBuilder MapTeams(this IEndpointRouteBuilder app)
    {
        var teams = app.MapGroup("/api/v1/teams").WithTags("Teams").RequireAuthorization(Policies.Agent);

        teams.MapGet("/", ListTeams.HandleAsync).WithName("ListTeams");
        teams.MapGet("/{id:long}", ListTeams.GetAsync).WithName("GetTeam");
        teams.MapPost("/", CreateTeam.HandleAsync).WithName("CreateTeam").RequireAuthorization(Policies.Admin);
        teams.MapPatch("/{id:long}", UpdateTeam.HandleAsync).WithName("UpdateTeam").RequireAuthorization(Policies.Admin);
        teams.MapDelete("/{id:long}", DeleteTeam.HandleAsync).WithName("DeleteTeam").RequireAuthorization(Policies.Admin);
        teams.MapPost("/{id:long}/members", TeamMembers.AddAsync).WithName("AddTeamMember").RequireAuthorization(Policies.Admin);
        teams.MapDelete("/{id:long}/members/{agentId:long}", TeamMembers.RemoveAsync).WithName("RemoveTeamMember").RequireAuthorization(Policies.Admin);
        return teams;
    }
}
