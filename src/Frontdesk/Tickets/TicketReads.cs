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

        // Tags come in a second query by ticket id. Projected in the first, they become a LEFT JOIN on a subquery
        // that SQLite materialises for every ticket in the database (about a second per page at 1M tickets).
        var ids = rows.Select(r => r.Ticket.Id).ToList();
        var tags = (await db.Tickets.AsNoTracking()
                .Where(t => ids.Contains(t.Id))
                .SelectMany(t => t.Tags, (t, x) => new { TicketId = t.Id, x.Id, x.Name })
                .ToListAsync(ct))
            .OrderBy(x => x.Id)
            .ToLookup(x => x.TicketId, x => x.Name);
        var kinds = await TicketInputs.CustomFieldKindsAsync(db, ct);
        return rows
            .Select(r => TicketDto.From(r.Ticket, new PersonRef(r.Ticket.RequesterId, r.RequesterName ?? "", r.RequesterEmail), tags[r.Ticket.Id].ToList(), kinds))
            .ToList();
    }

    public static async Task<TicketDto?> FindDtoAsync(FrontdeskDbContext db, long id, CancellationToken ct) =>
        (await db.Tickets.Where(t => t.Id == id).ToDtosAsync(db, ct)).FirstOrDefault();

    /// <summary>The ids whose history shows under a ticket: itself and every ticket merged into it.</summary>
    public static IQueryable<long> WithMergedIds(FrontdeskDbContext db, long id) =>
        db.Tickets.Where(t => t.Id == id || t.MergedIntoId == id).Select(t => t.Id);
}
