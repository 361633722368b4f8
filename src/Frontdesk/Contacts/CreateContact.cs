using Frontdesk.Api;
using Frontdesk.Data;
using Frontdesk.Domain.Common;
using Frontdesk.Domain.Contacts;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Frontdesk.Contacts;

public sealed record CreateContactRequest(string? Name, List<IdentityInput?>? Identities, long? OrganizationId);

/// <summary>
/// Adds a contact with its identities, normalised and unique across contacts. Without an organization, the
/// one owning the first email's domain takes the contact, as it would for an inbound email.
/// </summary>
public static class CreateContact
{
    public static async Task<Results<Created<ContactDto>, ProblemHttpResult>> HandleAsync(
        CreateContactRequest request, FrontdeskDbContext db, IDatabaseWriter writer, TimeProvider clock, CancellationToken ct)
    {
        var errors = new ValidationErrors();
        var name = errors.RequireText("name", request.Name, Limits.NameLength);
        var identities = ContactInputs.CheckIdentities(errors, request.Identities);
        await ContactInputs.CheckOrganizationAsync(db, errors, request.OrganizationId, ct);
        if (errors.Any)
        {
            return errors.ToProblem();
        }

        var created = await writer.WriteAsync<long>(async (w, ct) =>
        {
            if (await ContactInputs.FindTakenAsync(w, identities, ownerId: null, ct) is { } taken)
            {
                return taken;
            }

            var now = clock.GetUtcNow();
            var organizationId = request.OrganizationId ?? await ContactInputs.OrganizationByEmailAsync(w, identities, ct);
            var contact = new Contact(name!, organizationId, now);
            foreach (var identity in identities)
            {
                contact.AddIdentity(identity.Kind, identity.Value, now);
            }

            w.Contacts.Add(contact);
            var conflict = await w.SaveOrConflictAsync(Error.Conflict("Another contact took one of these identities at the same moment.", "identities"), ct);
            return conflict is null ? contact.Id : conflict;
        }, ct);

        if (!created.IsSuccess)
        {
            return created.Error!.ToProblem();
        }

        var dto = (await ContactReads.FindDtoAsync(db, created.Value, ct))!;
        return TypedResults.Created($"/api/v1/contacts/{dto.Id}", dto);
    }
}
