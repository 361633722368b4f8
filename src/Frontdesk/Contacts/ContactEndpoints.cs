using Frontdesk.Identity;

namespace Frontdesk.Contacts;

public static class ContactEndpoints
{
    /// <summary>The contact directory is for staff; customers see themselves through the portal, not here.</summary>
    public static RouteGroupBuilder MapContacts(this IEndpointRouteBuilder app)
    {
        var contacts = app.MapGroup("/api/v1/contacts").WithTags("Contacts").RequireAuthorization(Policies.Agent);

        contacts.MapGet("/", ListContacts.HandleAsync).WithName("ListContacts");
        contacts.MapPost("/", CreateContact.HandleAsync).WithName("CreateContact");
        contacts.MapGet("/{id:long}", GetContact.HandleAsync).WithName("GetContact");
        contacts.MapPatch("/{id:long}", UpdateContact.HandleAsync).WithName("UpdateContact");
        contacts.MapPost("/{id:long}/identities", ContactIdentities.AddAsync).WithName("AddContactIdentity");
        contacts.MapDelete("/{id:long}/identities/{identityId:long}", ContactIdentities.RemoveAsync).WithName("RemoveContactIdentity");
        contacts.MapPost("/{id:long}/merge", MergeContacts.HandleAsync).WithName("MergeContacts");
        contacts.MapGet("/{id:long}/tickets", ContactTickets.HandleAsync).WithName("ListContactTickets");
        return contacts;
    }
}
