using Microsoft.EntityFrameworkCore;

namespace Frontdesk.Data;

/// <summary>Hands out public ticket numbers (#1001, #1002, …); gaps are possible, duplicates never.</summary>
public static class TicketNumbers
{
    public const long First = 1001;
    public const string CounterName = "ticket_number";
    public const string PostgresSequence = "ticket_numbers";

    public static async Task<long> NextAsync(FrontdeskDbContext db, CancellationToken ct)
    {
        if (db is PostgresFrontdeskDbContext)
        {
            // A sequence never blocks concurrent transactions.
            return (await db.Database.SqlQuery<long>($"SELECT nextval('ticket_numbers') AS \"Value\"").ToListAsync(ct))[0];
        }

        // SQLite writes are serialised by the group-commit writer, so a counter row is safe and cheap.
        return (await db.Database.SqlQuery<long>($"UPDATE counters SET value = value + 1 WHERE name = 'ticket_number' RETURNING value AS \"Value\"").ToListAsync(ct))[0];
    }
}
