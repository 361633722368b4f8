using System.Globalization;
using Frontdesk.Api;
using Frontdesk.Data;
using Frontdesk.Domain.Common;
using Frontdesk.Tickets;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace Frontdesk.Contacts;

/// <summary>after is the ticket id the previous page ended at (newest first).</summary>
public sealed record ContactTicketsQuery(long? After, int? Limit);

/// <summary>
/// A contact's tickets from every channel, newest first, a page at a time. A contact merged away shows the tickets
/// of the contact it was merged into, which now holds them.
/// </summary>
public static class ContactTickets
{
    public const int DefaultLimit = 50;
    public const int MaxLimit = 200;

    public static async Task<Results<Ok<Page<TicketDto>>, ProblemHttpResult>> HandleAsync(
        long id, [AsParameters] ContactTicketsQuery query, FrontdeskDbContext db, CancellationToken ct)
    {
        var limit = query.Limit ?? DefaultLimit;
        if (limit is < 1 or > MaxLimit)
        {
            return Problems.Invalid("limit", $"'limit' must be between 1 and {MaxLimit}.");
        }

        var contact = await db.Contacts.AsNoTracking().Where(c => c.Id == id).Select(c => new { c.Id, c.MergedIntoId }).FirstOrDefaultAsync(ct);
        if (contact is null)
        {
            return Error.NotFound("Contact", id, "id").ToProblem();
        }

        var requesterId = contact.MergedIntoId ?? contact.Id;
        var tickets = db.Tickets.Where(t => t.RequesterId == requesterId);
        if (query.After is { } after)
        {
            tickets = tickets.Where(t => t.Id < after);
        }

        var items = await tickets.OrderByDescending(t => t.Id).Take(limit + 1).ToDtosAsync(db, ct);
        items = items.OrderByDescending(t => t.Id).ToList();
        string? next = null;
        if (items.Count > limit)
        {
            items.RemoveRange(limit, items.Count - limit);
            next = items[^1].Id.ToString(CultureInfo.InvariantCulture);
        }

        return TypedResults.Ok(new Page<TicketDto>(items, next));
    }
}
