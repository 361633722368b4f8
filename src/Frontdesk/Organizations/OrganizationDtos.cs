using Frontdesk.Data;
using Frontdesk.Domain.Contacts;
using Microsoft.EntityFrameworkCore;

namespace Frontdesk.Organizations;

public sealed record OrganizationDto(long Id, string Name, OrganizationTier Tier, bool SharesTickets, IReadOnlyList<string> Domains, DateTimeOffset CreatedAt);

public static class OrganizationReads
{
    public static async Task<List<OrganizationDto>> ToDtosAsync(this IQueryable<Organization> organizations, CancellationToken ct)
    {
        var rows = await organizations.Include(o => o.Domains).AsNoTracking().ToListAsync(ct);
        return rows
            .OrderBy(o => o.Id)
            .Select(o => new OrganizationDto(o.Id, o.Name, o.Tier, o.SharesTickets, o.Domains.Select(d => d.Domain).Order(StringComparer.Ordinal).ToList(), o.CreatedAt))
            .ToList();
    }

    public static async Task<OrganizationDto?> FindDtoAsync(FrontdeskDbContext db, long id, CancellationToken ct) =>
        (await db.Organizations.Where(o => o.Id == id).ToDtosAsync(ct)).FirstOrDefault();
}
