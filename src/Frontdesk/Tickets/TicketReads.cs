using Frontdesk.Data;
using Frontdesk.Domain.Contacts;
using Frontdesk.Domain.Tickets;
using Microsoft.EntityFrameworkCore;

namespace Frontdesk.Tickets;

/// <summary>Reads tickets into their API shape in one query, however many are asked for.</summary>
public static class TicketReads
{
    public static async Task<List<TicketDto>> ToDtosAsync(this IQueryable<Ticket> tickets, FrontdeskDbContext db, CancellationToken ct)
    {
        var rows = await tickets
            .Select(t => new
            {
                Ticket = t,
                Tags = t.Tags.Select(x => x.Name).ToList(),
                RequesterName = db.Contacts.Where(c => c.Id == t.RequesterId).Select(c => c.Name).FirstOrDefault(),
                RequesterEmail = db.ContactIdentities
                    .Where(i => i.ContactId == t.RequesterId && i.Kind == IdentityKind.Email)
                    .OrderBy(i => i.Id)
                    .Select(i => i.Value)
                    .FirstOrDefault(),
            })
            .AsNoTracking()
            .ToListAsync(ct);
        if (rows.Count == 0)
        {
            return [];
        }

        var kinds = await TicketInputs.CustomFieldKindsAsync(db, ct);
        return rows
            .Select(r => TicketDto.From(r.Ticket, new PersonRef(r.Ticket.RequesterId, r.RequesterName ?? "", r.RequesterEmail), r.Tags, kinds))
            .ToList();
    }

    public static async Task<TicketDto?> FindDtoAsync(FrontdeskDbContext db, long id, CancellationToken ct) =>
        (await db.Tickets.Where(t => t.Id == id).ToDtosAsync(db, ct)).FirstOrDefault();

    /// <summary>The ids whose history shows under a ticket: itself and every ticket merged into it.</summary>
    public static IQueryable<long> WithMergedIds(FrontdeskDbContext db, long id) =>
        db.Tickets.Where(t => t.Id == id || t.MergedIntoId == id).Select(t => t.Id);
}
