using System.Globalization;
using Frontdesk.Api;
using Frontdesk.Data;
using Frontdesk.Domain.Contacts;
using Frontdesk.Tickets;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace Frontdesk.Contacts;

/// <summary>q matches part of the name or of any identity (a phone number also by its digits alone); after is the id the previous page ended at.</summary>
public sealed record ContactQuery(string? Q, long? OrganizationId, long? After, int? Limit);

/// <summary>Lists contacts that were not merged away, by id, a page at a time.</summary>
public static class ListContacts
{
    public const int DefaultLimit = 50;
    public const int MaxLimit = 200;

    public static async Task<Results<Ok<Page<ContactDto>>, ProblemHttpResult>> HandleAsync(
        [AsParameters] ContactQuery query, FrontdeskDbContext db, CancellationToken ct)
    {
        var errors = new ValidationErrors();
        var limit = query.Limit ?? DefaultLimit;
        if (limit is < 1 or > MaxLimit)
        {
            errors.Add("limit", $"'limit' must be between 1 and {MaxLimit}.");
        }

        if (query.Q is { Length: > 200 })
        {
            errors.Add("q", "'q' is longer than 200 characters.");
        }

        if (errors.Any)
        {
            return errors.ToProblem();
        }

        var contacts = db.Contacts.Where(c => c.MergedIntoId == null);
        if (!string.IsNullOrWhiteSpace(query.Q))
        {
            // Identity values are stored lower-case; names are compared lower-cased, so both providers match alike.
            var term = query.Q.Trim().ToLowerInvariant();
            var like = LikePatterns.Containing(term);
            var digits = PhoneDigits(term);
            contacts = digits is null
                ? contacts.Where(c => EF.Functions.Like(c.Name.ToLower(), like, LikePatterns.Escape) || c.Identities.Any(i => EF.Functions.Like(i.Value, like, LikePatterns.Escape)))
                : contacts.Where(c => EF.Functions.Like(c.Name.ToLower(), like, LikePatterns.Escape)
                    || c.Identities.Any(i => EF.Functions.Like(i.Value, like, LikePatterns.Escape) || (i.Kind == IdentityKind.Phone && EF.Functions.Like(i.Value, LikePatterns.Containing(digits), LikePatterns.Escape))));
        }

        if (query.OrganizationId is { } organizationId)
        {
            contacts = contacts.Where(c => c.OrganizationId == organizationId);
        }

        if (query.After is { } after)
        {
            contacts = contacts.Where(c => c.Id > after);
        }

        var items = await contacts.OrderBy(c => c.Id).Take(limit + 1).ToDtosAsync(db, ct);
        string? next = null;
        if (items.Count > limit)
        {
            items.RemoveRange(limit, items.Count - limit);
            next = items[^1].Id.ToString(CultureInfo.InvariantCulture);
        }

        return TypedResults.Ok(new Page<ContactDto>(items, next));
    }

    /// <summary>"(555) 010-99" → "55501099": phone identities are stored as digits, so search them by digits.</summary>
    private static string? PhoneDigits(string term)
    {
        var digits = new string(term.Where(char.IsAsciiDigit).ToArray());
        return digits.Length >= 3 && digits.Length != term.Length && term.All(c => char.IsAsciiDigit(c) || c is '+' or ' ' or '-' or '(' or ')' or '.')
            ? digits
            : null;
    }
}
