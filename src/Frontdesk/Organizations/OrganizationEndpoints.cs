using Frontdesk.Identity;

namespace Frontdesk.Organizations;

public static class OrganizationEndpoints
{
    /// <summary>Staff read organizations; only admins change them.</summary>
    public static RouteGroupBuilder MapOrganizations(this IEndpointRouteBuilder app)
    {
        var organizations = app.MapGroup("/api/v1/organizations").WithTags("Organizations").RequireAuthorization(Policies.Agent);

        organizations.MapGet("/", ListOrganizations.HandleAsync).WithName("ListOrganizations");
        organizations.MapGet("/{id:long}", ListOrganizations.GetAsync).WithName("GetOrganization");
        organizations.MapPost("/", CreateOrganization.HandleAsync).WithName("CreateOrganization").RequireAuthorization(Policies.Admin);
        organizations.MapPatch("/{id:long}", UpdateOrganization.HandleAsync).WithName("UpdateOrganization").RequireAuthorization(Policies.Admin);
        organizations.MapDelete("/{id:long}", DeleteOrganization.HandleAsync).WithName("DeleteOrganization").RequireAuthorization(Policies.Admin);
        return organizations;
    }
}
