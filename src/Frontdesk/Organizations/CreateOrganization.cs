using Frontdesk.Api;
using Frontdesk.Data;
using Frontdesk.Domain.Common;
using Frontdesk.Domain.Contacts;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Frontdesk.Organizations;

public sealed record CreateOrganizationRequest(string? Name, OrganizationTier? Tier, bool? SharesTickets, List<string?>? Domains);

/// <summary>Adds an organization; its name and each of its email domains belong to no other organization.</summary>
public static class CreateOrganization
{
    public static async Task<Results<Created<OrganizationDto>, ProblemHttpResult>> HandleAsync(
        CreateOrganizationRequest request, FrontdeskDbContext db, IDatabaseWriter writer, TimeProvider clock, CancellationToken ct)
    {
        var errors = new ValidationErrors();
        var name = errors.RequireText("name", request.Name, Limits.NameLength);
        var domains = OrganizationInputs.CheckDomains(errors, request.Domains);
        if (errors.Any)
        {
            return errors.ToProblem();
        }

        var created = await writer.WriteAsync<long>(async (w, ct) =>
        {
            if (await OrganizationInputs.FindNameTakenAsync(w, name!, null, ct) is { } nameTaken)
            {
                return nameTaken;
            }

            if (await OrganizationInputs.FindDomainTakenAsync(w, domains, null, ct) is { } domainTaken)
            {
                return domainTaken;
            }

            var organization = new Organization(name!, request.Tier ?? OrganizationTier.Standard, request.SharesTickets ?? false, clock.GetUtcNow());
            organization.SetDomains(domains.Select(d => d.Domain));
            w.Organizations.Add(organization);
            var conflict = await w.SaveOrConflictAsync(Error.Conflict("Another organization took this name or a domain at the same moment.", "name"), ct);
            return conflict is null ? organization.Id : conflict;
        }, ct);

        if (!created.IsSuccess)
        {
            return created.Error!.ToProblem();
        }

        var dto = (await OrganizationReads.FindDtoAsync(db, created.Value, ct))!;
        return TypedResults.Created($"/api/v1/organizations/{dto.Id}", dto);
    }
}
