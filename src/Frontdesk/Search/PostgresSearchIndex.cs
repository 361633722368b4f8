using Frontdesk.Data;
using Frontdesk.Tickets;
using Microsoft.EntityFrameworkCore;

namespace Frontdesk.Search;

/// <summary>
/// PostgreSQL full-text search over the GIN expression indexes of the Search migration. Each index is on
/// <c>to_tsvector('simple', column)</c>, so every query here must spell the same expression with the same
/// literal configuration for the planner to use it; nothing needs keeping in step on writes. The permission rule
/// is TicketAccess.VisibleTo itself, composed into the query. Names of people and organizations are looked up
/// while typing, so there the last word also matches as a prefix.
/// </summary>
public sealed class PostgresSearchIndex(FrontdeskDbContext db) : ISearchIndex
{
    /// <summary>ts_rank reads each row's text again, so it ranks at most this many of the newest matches.</summary>
    private const int RankWindow = 1_000;

    public async Task<IReadOnlyList<TicketHit>> FindTicketsAsync(SearchText text, SearchScope scope, int take, CancellationToken ct)
    {
        if (text.IsEmpty)
        {
            return [];
        }

        var query = text.ToTsQuery();
        var visible = db.Tickets.VisibleTo(scope.User);
        var subjects = await visible
            .Where(t => EF.Functions.ToTsVector("simple", t.Subject).Matches(EF.Functions.ToTsQuery("simple", query)))
            .OrderByDescending(t => t.Id)
            .Take(RankWindow)
            .Select(t => new { t.Id, Rank = EF.Functions.ToTsVector("simple", t.Subject).Rank(EF.Functions.ToTsQuery("simple", query)) })
            .OrderByDescending(h => h.Rank)
            .Take(take)
            .ToListAsync(ct);

        // A customer's messages: public ones on tickets they may see. A note's words never make a ticket match.
        var messages = db.Messages.AsQueryable();
        if (!scope.IsStaff)
        {
            messages = messages.Where(m => !m.IsInternal && visible.Any(t => t.Id == m.TicketId));
        }

        var bodies = await messages
            .Where(m => EF.Functions.ToTsVector("simple", m.BodyText).Matches(EF.Functions.ToTsQuery("simple", query)))
            .OrderByDescending(m => m.Id)
            .Take(RankWindow)
            .Select(m => new { m.TicketId, m.Id, Rank = EF.Functions.ToTsVector("simple", m.BodyText).Rank(EF.Functions.ToTsQuery("simple", query)) })
            .OrderByDescending(h => h.Rank)
            .Take(take)
            .ToListAsync(ct);

        if (text.Words.Count > 1)
        {
            // Words spread over the subject and a message: among the newest tickets whose subject has some of the
            // words, the messages that hold the rest. Ranked by what the message itself contributes.
            var any = text.AnyWordToTsQuery();
            var spread = await visible
                .Where(t => EF.Functions.ToTsVector("simple", t.Subject).Matches(EF.Functions.ToTsQuery("simple", any)))
                .OrderByDescending(t => t.Id)
                .Take(RankWindow)
                .Join(messages, t => t.Id, m => m.TicketId, (t, m) => new { t.Subject, Message = m })
                .Where(x => EF.Functions.ToTsVector("simple", x.Message.BodyText).Matches(EF.Functions.ToTsQuery("simple", any))
                    && EF.Functions.ToTsVector("simple", x.Subject + " " + x.Message.BodyText).Matches(EF.Functions.ToTsQuery("simple", query)))
                .Select(x => new { x.Message.TicketId, x.Message.Id, Rank = EF.Functions.ToTsVector("simple", x.Message.BodyText).Rank(EF.Functions.ToTsQuery("simple", any)) })
                .OrderByDescending(h => h.Rank)
                .Take(take)
                .ToListAsync(ct);
            bodies = bodies.Concat(spread).DistinctBy(b => b.Id).ToList();
        }

        return subjects.Select(s => new TicketHit(s.Id, null, s.Rank * 2.0))
            .Concat(bodies.Select(b => new TicketHit(b.TicketId, b.Id, b.Rank)))
            .ToList();
    }

    public async Task<IReadOnlyList<long>> FindContactsAsync(SearchText text, int take, CancellationToken ct)
    {
        if (text.IsEmpty)
        {
            return [];
        }

        var query = text.ToTsQuery(prefix: true);
        var byName = await db.Contacts
            .Where(c => EF.Functions.ToTsVector("simple", c.Name).Matches(EF.Functions.ToTsQuery("simple", query)))
            .OrderByDescending(c => c.Id)
            .Take(RankWindow)
            .Select(c => new { c.Id, Rank = EF.Functions.ToTsVector("simple", c.Name).Rank(EF.Functions.ToTsQuery("simple", query)) })
            .OrderByDescending(h => h.Rank)
            .Take(take)
            .ToListAsync(ct);
        var byIdentity = await db.ContactIdentities
            .Where(i => EF.Functions.ToTsVector("simple", i.Value).Matches(EF.Functions.ToTsQuery("simple", query)))
            .OrderByDescending(i => i.Id)
            .Take(RankWindow)
            .Select(i => new { Id = i.ContactId, Rank = EF.Functions.ToTsVector("simple", i.Value).Rank(EF.Functions.ToTsQuery("simple", query)) })
            .OrderByDescending(h => h.Rank)
            .Take(take)
            .ToListAsync(ct);
        return Best(byName.Select(h => (h.Id, h.Rank)).Concat(byIdentity.Select(h => (h.Id, h.Rank))), take);
    }

    public async Task<IReadOnlyList<long>> FindOrganizationsAsync(SearchText text, int take, CancellationToken ct)
    {
        if (text.IsEmpty)
        {
            return [];
        }

        var query = text.ToTsQuery(prefix: true);
        var byName = await db.Organizations
            .Where(o => EF.Functions.ToTsVector("simple", o.Name).Matches(EF.Functions.ToTsQuery("simple", query)))
            .OrderByDescending(o => o.Id)
            .Take(RankWindow)
            .Select(o => new { o.Id, Rank = EF.Functions.ToTsVector("simple", o.Name).Rank(EF.Functions.ToTsQuery("simple", query)) })
            .OrderByDescending(h => h.Rank)
            .Take(take)
            .ToListAsync(ct);
        var byDomain = await db.OrganizationDomains
            .Where(d => EF.Functions.ToTsVector("simple", d.Domain).Matches(EF.Functions.ToTsQuery("simple", query)))
            .OrderByDescending(d => d.Id)
            .Take(RankWindow)
            .Select(d => new { Id = d.OrganizationId, Rank = EF.Functions.ToTsVector("simple", d.Domain).Rank(EF.Functions.ToTsQuery("simple", query)) })
            .OrderByDescending(h => h.Rank)
            .Take(take)
            .ToListAsync(ct);
        return Best(byName.Select(h => (h.Id, h.Rank)).Concat(byDomain.Select(h => (h.Id, h.Rank))), take);
    }

    private static List<long> Best(IEnumerable<(long Id, float Rank)> hits, int take) =>
        hits.GroupBy(h => h.Id)
            .Select(g => (Id: g.Key, Rank: g.Sum(h => h.Rank)))
            .OrderByDescending(h => h.Rank)
            .ThenByDescending(h => h.Id)
            .Take(take)
            .Select(h => h.Id)
            .ToList();
}
