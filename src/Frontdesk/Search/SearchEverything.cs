using System.Security.Claims;
using System.Text.Json.Serialization;
using Frontdesk.Api;
using Frontdesk.Data;
using Frontdesk.Domain.Contacts;
using Frontdesk.Domain.Tickets;
using Frontdesk.Tickets;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace Frontdesk.Search;

public sealed record SearchQuery(string? Q, int? Limit);

/// <summary>A matching ticket; the snippet is from its best matching message (null when only the subject matched).</summary>
public sealed record TicketResult(long Id, long Number, string Subject, TicketStatus Status, string? Snippet, double Rank);

public sealed record ContactResult(long Id, string Name, string? Email);

public sealed record OrganizationResult(long Id, string Name);

/// <summary>Results by kind; customers get tickets only, so the other groups are left out of their answer.</summary>
public sealed record SearchResults(
    IReadOnlyList<TicketResult> Tickets,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] IReadOnlyList<ContactResult>? Contacts,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] IReadOnlyList<OrganizationResult>? Organizations);

/// <summary>
/// Searches tickets (subject and messages), contacts (name, emails, phones) and organizations at once. The index
/// finds and ranks; every ticket it returns is checked again against TicketAccess.VisibleTo before it is shown.
/// A query that is exactly a ticket number, an email address or a phone number also finds that ticket or
/// contact directly.
/// </summary>
public static class SearchEverything
{
    public const int DefaultLimit = 20;
    public const int MaxLimit = 100;

    /// <summary>Hits asked of the index per kind of text: several may fall on one ticket.</summary>
    private const int HitsPerResult = 4;

    public static async Task<Results<Ok<SearchResults>, ProblemHttpResult>> HandleAsync(
        [AsParameters] SearchQuery query, ClaimsPrincipal user, FrontdeskDbContext db, ISearchIndex index, CancellationToken ct)
    {
        var errors = new ValidationErrors();
        if (string.IsNullOrWhiteSpace(query.Q))
        {
            errors.Add("q", "'q' is required: the words to search for.");
        }
        else if (query.Q.Length > SearchText.MaxLength)
        {
            errors.Add("q", $"'q' is longer than {SearchText.MaxLength} characters.");
        }

        var limit = query.Limit ?? DefaultLimit;
        if (limit is < 1 or > MaxLimit)
        {
            errors.Add("limit", $"'limit' must be between 1 and {MaxLimit}.");
        }

        if (errors.Any)
        {
            return errors.ToProblem();
        }

        var text = SearchText.Parse(query.Q!);
        var scope = SearchScope.For(user);
        var tickets = await TicketsAsync(db, index, text, scope, limit, ct);
        if (!scope.IsStaff)
        {
            return TypedResults.Ok(new SearchResults(tickets, null, null));
        }

        var contacts = await ContactsAsync(db, index, text, limit, ct);
        var organizations = await OrganizationsAsync(db, index, text, limit, ct);
        return TypedResults.Ok(new SearchResults(tickets, contacts, organizations));
    }

    private static async Task<List<TicketResult>> TicketsAsync(FrontdeskDbContext db, ISearchIndex index, SearchText text, SearchScope scope, int limit, CancellationToken ct)
    {
        var hits = await index.FindTicketsAsync(text, scope, limit * HitsPerResult, ct);

        // A ticket's score adds up its matches: the more of its texts match (and the better), the higher it ranks.
        var ranked = hits
            .GroupBy(h => h.TicketId)
            .Select(g => (TicketId: g.Key, Score: g.Sum(h => h.Score), BestMessage: g.Where(h => h.MessageId is not null).OrderByDescending(h => h.Score).Select(h => h.MessageId).FirstOrDefault()))
            .OrderByDescending(r => r.Score)
            .ThenByDescending(r => r.TicketId)
            .ToList();

        if (text.TicketNumber is { } number)
        {
            var byNumber = await db.Tickets.VisibleTo(scope.User).Where(t => t.Number == number).Select(t => (long?)t.Id).FirstOrDefaultAsync(ct);
            if (byNumber is { } id)
            {
                ranked.RemoveAll(r => r.TicketId == id);
                ranked.Insert(0, (id, (ranked.Count > 0 ? ranked[0].Score : 0) + 1, null));
            }
        }

        ranked = ranked.Take(limit).ToList();
        var ids = ranked.Select(r => r.TicketId).ToList();
        var rows = await db.Tickets.VisibleTo(scope.User)
            .Where(t => ids.Contains(t.Id))
            .Select(t => new { t.Id, t.Number, t.Subject, t.Status })
            .ToDictionaryAsync(t => t.Id, ct);
        var snippets = await SnippetsAsync(db, text, scope, ranked.Where(r => rows.ContainsKey(r.TicketId)).Select(r => r.BestMessage).OfType<long>().ToList(), ct);

        return ranked
            .Where(r => rows.ContainsKey(r.TicketId))
            .Select(r =>
            {
                var t = rows[r.TicketId];
                var snippet = r.BestMessage is { } m ? snippets.GetValueOrDefault(m) : null;
                return new TicketResult(t.Id, t.Number, t.Subject, t.Status, snippet, r.Score);
            })
            .ToList();
    }

    /// <summary>Excerpts of the best matching messages; never of a note for a customer, whatever the index said.</summary>
    private static async Task<Dictionary<long, string>> SnippetsAsync(FrontdeskDbContext db, SearchText text, SearchScope scope, List<long> messageIds, CancellationToken ct)
    {
        if (messageIds.Count == 0)
        {
            return [];
        }

        var bodies = await db.Messages
            .Where(m => messageIds.Contains(m.Id) && (scope.IsStaff || !m.IsInternal))
            .Select(m => new { m.Id, m.BodyText })
            .ToListAsync(ct);
        return bodies.ToDictionary(m => m.Id, m => Snippet.Around(m.BodyText, text));
    }

    private static async Task<List<ContactResult>> ContactsAsync(FrontdeskDbContext db, ISearchIndex index, SearchText text, int limit, CancellationToken ct)
    {
        var ids = new List<long>();
        foreach (var (kind, value) in new[] { (IdentityKind.Email, text.Email), (IdentityKind.Phone, text.Phone) })
        {
            if (value is not null)
            {
                ids.AddRange(await db.ContactIdentities.Where(i => i.Kind == kind && i.Value == value).Select(i => i.ContactId).ToListAsync(ct));
            }
        }

        ids.AddRange(await index.FindContactsAsync(text, limit, ct));

        ids = ids.Distinct().ToList();
        var rows = await db.Contacts
            .Where(c => ids.Contains(c.Id) && c.MergedIntoId == null)
            .Select(c => new
            {
                c.Id,
                c.Name,
                Email = db.ContactIdentities.Where(i => i.ContactId == c.Id && i.Kind == IdentityKind.Email).OrderBy(i => i.Id).Select(i => i.Value).FirstOrDefault(),
            })
            .ToDictionaryAsync(c => c.Id, ct);
        return ids.Where(rows.ContainsKey).Take(limit).Select(id => new ContactResult(id, rows[id].Name, rows[id].Email)).ToList();
    }

    private static async Task<List<OrganizationResult>> OrganizationsAsync(FrontdeskDbContext db, ISearchIndex index, SearchText text, int limit, CancellationToken ct)
    {
        var ids = await index.FindOrganizationsAsync(text, limit, ct);
        var names = await db.Organizations.Where(o => ids.Contains(o.Id)).ToDictionaryAsync(o => o.Id, o => o.Name, ct);
        return ids.Where(names.ContainsKey).Select(id => new OrganizationResult(id, names[id])).ToList();
    }
}
