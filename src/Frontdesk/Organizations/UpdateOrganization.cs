using Frontdesk.Api;
using Frontdesk.Data;
using Frontdesk.Domain.Common;
using Frontdesk.Domain.Contacts;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace Frontdesk.Organizations;

/// <summary>Absent fields stay; domains, when given, replace the list.</summary>
public sealed record UpdateOrganizationRequest(
    Optional<string?> Name,
    Optional<OrganizationTier?> Tier,
    Optional<bool?> SharesTickets,
    Optional<List<string?>?> Domains);

public static class UpdateOrganization
{
    public static async Task<Results<Ok<OrganizationDto>, ProblemHttpResult>> HandleAsync(
        long id, UpdateOrganizationRequest request, FrontdeskDbContext db, IDatabaseWriter writer, CancellationToken ct)
    {
        var errors = new ValidationErrors();
        string? name = null;
        if (request.Name.IsSet)
        {
            name = errors.RequireText("name", request.Name.Value, Limits.NameLength);
        }

        if (request.Tier is { IsSet: true, Value: null })
        {
            errors.Add("tier", "'tier' cannot be null: standard, premium or vip.");
        }

        if (request.SharesTickets is { IsSet: true, Value: null })
        {
            errors.Add("sharesTickets", "'sharesTickets' cannot be null.");
        }

        var domains = OrganizationInputs.CheckDomains(errors, request.Domains.Value);
        if (errors.Any)
        {
            return errors.ToProblem();
        }

        var updated = await writer.WriteAsync<long>(async (w, ct) =>
        {
            var organization = await w.Organizations.Include(o => o.Domains).FirstOrDefaultAsync(o => o.Id == id, ct);
            if (organization is null)
            {
                return Error.NotFound("Organization", id, "id");
            }

            if (name is not null && await OrganizationInputs.FindNameTakenAsync(w, name, id, ct) is { } nameTaken)
            {
                return nameTaken;
            }

            if (await OrganizationInputs.FindDomainTakenAsync(w, domains, id, ct) is { } domainTaken)
            {
                return domainTaken;
            }

            organization.Update(name, request.Tier.Value, request.SharesTickets.Value);
            if (request.Domains.IsSet)
            {
                organization.SetDomains(domains.Select(d => d.Domain));
            }

            var conflict = await w.SaveOrConflictAsync(Error.Conflict("Another organization took this name or a domain at the same moment.", "name"), ct);
            return conflict is null ? organization.Id : conflict;
        }, ct);

        return updated.IsSuccess
            ? TypedResults.Ok((await OrganizationReads.FindDtoAsync(db, id, ct))!)
            : updated.Error!.ToProblem();
    }
}
