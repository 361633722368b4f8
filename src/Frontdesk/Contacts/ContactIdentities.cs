using Frontdesk.Api;
using Frontdesk.Data;
using Frontdesk.Domain.Common;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace Frontdesk.Contacts;

/// <summary>Adds an identity to a contact, or removes one. An identity another contact holds is a conflict: merge instead.</summary>
public static class ContactIdentities
{
    public static async Task<Results<Created<IdentityDto>, ProblemHttpResult>> AddAsync(
        long id, IdentityInput request, IDatabaseWriter writer, TimeProvider clock, CancellationToken ct)
    {
        var errors = new ValidationErrors();
        var identity = ContactInputs.Check(errors, "", request);
        if (errors.Any)
        {
            return errors.ToProblem();
        }

        var added = await writer.WriteAsync<IdentityDto>(async (w, ct) =>
        {
            var contact = await w.Contacts.Include(c => c.Identities).FirstOrDefaultAsync(c => c.Id == id, ct);
            if (contact is null)
            {
                return Error.NotFound("Contact", id, "id");
            }

            if (contact.MergedIntoId is { } target)
            {
                return Error.Conflict($"Contact {id} was merged into contact {target}; add the identity there.", "id");
            }

            if (contact.Identities.Count >= ContactInputs.MaxIdentities)
            {
                return Error.Conflict($"A contact has at most {ContactInputs.MaxIdentities} identities.", "id");
            }

            if (await ContactInputs.FindTakenAsync(w, [identity!], id, ct) is { } taken)
            {
                return taken;
            }

            var created = contact.AddIdentity(identity!.Kind, identity.Value, clock.GetUtcNow());
            var conflict = await w.SaveOrConflictAsync(Error.Conflict($"Another contact took '{identity.Value}' at the same moment.", "value"), ct);
            return conflict is null ? new IdentityDto(created.Id, created.Kind, created.Value) : conflict;
        }, ct);

        return added.IsSuccess
            ? TypedResults.Created($"/api/v1/contacts/{id}/identities/{added.Value.Id}", added.Value)
            : added.Error!.ToProblem();
    }

    public static async Task<Results<NoContent, ProblemHttpResult>> RemoveAsync(
        long id, long identityId, IDatabaseWriter writer, TimeProvider clock, CancellationToken ct)
    {
        var removed = await writer.WriteAsync<bool>(async (w, ct) =>
        {
            var contact = await w.Contacts.FirstOrDefaultAsync(c => c.Id == id, ct);
            if (contact is null)
            {
                return Error.NotFound("Contact", id, "id");
            }

            var identity = await w.ContactIdentities.FirstOrDefaultAsync(i => i.Id == identityId && i.ContactId == id, ct);
            if (identity is null)
            {
                return Error.NotFound("Identity", identityId, "identityId");
            }

            w.ContactIdentities.Remove(identity);
            contact.Update(null, null, setOrganization: false, clock.GetUtcNow());
            await w.SaveChangesAsync(ct);
            return true;
        }, ct);

        return removed.IsSuccess ? TypedResults.NoContent() : removed.Error!.ToProblem();
    }
}
