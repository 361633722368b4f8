using Frontdesk.Api;
using Frontdesk.Data;
using Frontdesk.Domain.Common;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace Frontdesk.Contacts;

/// <summary>Absent fields stay; organizationId null takes the contact out of its organization.</summary>
public sealed record UpdateContactRequest(Optional<string?> Name, Optional<long?> OrganizationId);

/// <summary>Renames a contact or moves it to another organization. A merged contact is read-only: edit its target.</summary>
public static class UpdateContact
{
    public static async Task<Results<Ok<ContactDto>, ProblemHttpResult>> HandleAsync(
        long id, UpdateContactRequest request, FrontdeskDbContext db, IDatabaseWriter writer, TimeProvider clock, CancellationToken ct)
    {
        var errors = new ValidationErrors();
        string? name = null;
        if (request.Name.IsSet)
        {
            name = errors.RequireText("name", request.Name.Value, Limits.NameLength);
        }

        await ContactInputs.CheckOrganizationAsync(db, errors, request.OrganizationId.Value, ct);
        if (errors.Any)
        {
            return errors.ToProblem();
        }

        var updated = await writer.WriteAsync<long>(async (w, ct) =>
        {
            var contact = await w.Contacts.FirstOrDefaultAsync(c => c.Id == id, ct);
            if (contact is null)
            {
                return Error.NotFound("Contact", id, "id");
            }

            if (contact.MergedIntoId is { } target)
            {
                return Error.Conflict($"Contact {id} was merged into contact {target}; change that one instead.", "id");
            }

            contact.Update(name, request.OrganizationId.Value, request.OrganizationId.IsSet, clock.GetUtcNow());
            await w.SaveChangesAsync(ct);
            return contact.Id;
        }, ct);

        return updated.IsSuccess
            ? TypedResults.Ok((await ContactReads.FindDtoAsync(db, id, ct))!)
            : updated.Error!.ToProblem();
    }
}
