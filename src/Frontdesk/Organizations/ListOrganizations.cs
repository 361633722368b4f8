using System.Globalization;
using Frontdesk.Api;
using Frontdesk.Data;
using Frontdesk.Domain.Contacts;
using Frontdesk.Tickets;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace Frontdesk.Organizations;

/// <summary>q matches part of the name or a whole domain; after is the id the previous page ended at.</summary>
public sealed record OrganizationQuery(string? Q, OrganizationTier? Tier, long? After, int? Limit);

public static class ListOrganizations
{
    public const int DefaultLimit = 50;
    public const int MaxLimit = 200;

    public static async Task<Results<Ok<Page<OrganizationDto>>, ProblemHttpResult>> HandleAsync(
        [AsParameters] OrganizationQuery query, FrontdeskDbContext db, CancellationToken ct)
    {
        var limit = query.Limit ?? DefaultLimit;
        if (limit is < 1 or > MaxLimit)
        {
            return Problems.Invalid("limit", $"'limit' must be between 1 and {MaxLimit}.");
        }

        var organizations = db.Organizations.AsQueryable();
        if (!string.IsNullOrWhiteSpace(query.Q))
        {
            var term = query.Q.Trim().ToLowerInvariant();
            var like = LikePatterns.Containing(term);
            organizations = organizations.Where(o => EF.Functions.Like(o.Name.ToLower(), like, LikePatterns.Escape) || o.Domains.Any(d => d.Domain == term));
        }

        if (query.Tier is { } tier)
        {
            organizations = organizations.Where(o => o.Tier == tier);
        }

        if (query.After is { } after)
        {
            organizations = organizations.Where(o => o.Id > after);
        }

        var items = await organizations.OrderBy(o => o.Id).Take(limit + 1).ToDtosAsync(ct);
        string? next = null;
        if (items.Count > limit)
        {
            items.RemoveRange(limit, items.Count - limit);
            next = items[^1].Id.ToString(CultureInfo.InvariantCulture);
        }

        return TypedResults.Ok(new Page<OrganizationDto>(items, next));
    }

    public static async Task<Results<Ok<OrganizationDto>, ProblemHttpResult>> GetAsync(long id, FrontdeskDbContext db, CancellationToken ct)
    {
        var dto = await OrganizationReads.FindDtoAsync(db, id, ct);
        return dto is null ? Problems.NotFound("Organization", id) : TypedResults.Ok(dto);
    }
}
