using Frontdesk.Api;
using Frontdesk.Data;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Frontdesk.Contacts;

/// <summary>One contact with its identities and organization; a merged contact still answers, pointing at its target.</summary>
public static class GetContact
{
    public static async Task<Results<Ok<ContactDto>, ProblemHttpResult>> HandleAsync(long id, FrontdeskDbContext db, CancellationToken ct)
    {
        var dto = await ContactReads.FindDtoAsync(db, id, ct);
        return dto is null ? Problems.NotFound("Contact", id) : TypedResults.Ok(dto);
    }
}
