using Frontdesk.Data;
using Frontdesk.Domain.Contacts;
using Microsoft.EntityFrameworkCore;

namespace Frontdesk.Contacts;

public sealed record IdentityDto(long Id, IdentityKind Kind, string Value);

public sealed record OrganizationRef(long Id, string Name, OrganizationTier Tier);

/// <summary>A contact as the API shows it; <see cref="MergedIntoId"/> points at the contact that now holds everything.</summary>
public sealed record ContactDto(
    long Id,
    string Name,
    OrganizationRef? Organization,
    IReadOnlyList<IdentityDto> Identities,
    long? MergedIntoId,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt);

/// <summary>Reads contacts into their API shape: identities in one query, organizations in one more.</summary>
public static class ContactReads
{
    public static async Task<List<ContactDto>> ToDtosAsync(this IQueryable<Contact> contacts, FrontdeskDbContext db, CancellationToken ct)
    {
        var rows = await contacts.Include(c => c.Identities).AsNoTracking().ToListAsync(ct);
        var organizationIds = rows.Where(c => c.OrganizationId is not null).Select(c => c.OrganizationId!.Value).Distinct().ToList();
        var organizations = organizationIds.Count == 0
            ? []
            : await db.Organizations.AsNoTracking()
                .Where(o => organizationIds.Contains(o.Id))
                .ToDictionaryAsync(o => o.Id, o => new OrganizationRef(o.Id, o.Name, o.Tier), ct);

        return rows
            .OrderBy(c => c.Id)
            .Select(c => new ContactDto(
                c.Id,
                c.Name,
                c.OrganizationId is { } orgId ? organizations.GetValueOrDefault(orgId) : null,
                c.Identities.OrderBy(i => i.Id).Select(i => new IdentityDto(i.Id, i.Kind, i.Value)).ToList(),
                c.MergedIntoId,
                c.CreatedAt,
                c.UpdatedAt))
            .ToList();
    }

    public static async Task<ContactDto?> FindDtoAsync(FrontdeskDbContext db, long id, CancellationToken ct) =>
        (await db.Contacts.Where(c => c.Id == id).ToDtosAsync(db, ct)).FirstOrDefault();
}
