using System.Globalization;
using System.Linq.Expressions;
using System.Security.Claims;
using System.Text;
using Frontdesk.Api;
using Frontdesk.Data;
using Frontdesk.Domain.Tickets;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Frontdesk.Tickets;

/// <summary>Filters for the ticket list; repeat a parameter to match any of several values (status=new&amp;status=open).</summary>
public sealed record TicketQuery(
    string[]? Status,
    string[]? Priority,
    string[]? Type,
    long? CategoryId,
    long? AssigneeId,
    bool? Unassigned,
    long? TeamId,
    long? RequesterId,
    long? OrganizationId,
    string? Tag,
    DateTimeOffset? CreatedAfter,
    DateTimeOffset? CreatedBefore,
    DateTimeOffset? UpdatedAfter,
    DateTimeOffset? UpdatedBefore,
    string? Sort,
    string? Cursor,
    int? Limit);

/// <summary>
/// Lists tickets with keyset (cursor) pagination: each page continues after the last row of the previous
/// one, so deep pages cost the same as the first and rows never repeat or go missing while others change.
/// Sort by created, updated, number, priority or due (prefix "-" for descending); due dates sort with
/// tickets without one last.
/// </summary>
public static class ListTickets
{
    public const int DefaultLimit = 50;
    public const int MaxLimit = 200;

    private static readonly string[] SortKeys = ["created", "updated", "number", "priority", "due"];

    public static async Task<Results<Ok<Page<TicketDto>>, ProblemHttpResult>> HandleAsync(
        [AsParameters] TicketQuery query, ClaimsPrincipal user, FrontdeskDbContext db, CancellationToken ct)
    {
        var errors = new ValidationErrors();
        var limit = query.Limit ?? DefaultLimit;
        if (limit is < 1 or > MaxLimit)
        {
            errors.Add("limit", $"'limit' must be between 1 and {MaxLimit}.");
        }

        var sort = string.IsNullOrWhiteSpace(query.Sort) ? "-created" : query.Sort.Trim().ToLowerInvariant();
        var descending = sort.StartsWith('-');
        var key = sort.TrimStart('-', '+');
        if (!SortKeys.Contains(key))
        {
            errors.Add("sort", $"'sort' must be one of {string.Join(", ", SortKeys)}, optionally prefixed with '-'.");
        }

        Cursor? cursor = null;
        if (!string.IsNullOrEmpty(query.Cursor))
        {
            cursor = Cursor.Parse(query.Cursor, sort);
            if (cursor is null)
            {
                errors.Add("cursor", "'cursor' is not a cursor from this list with this sort.");
            }
        }

        var statuses = ParseEnums<TicketStatus>(errors, "status", query.Status);
        var priorities = ParseEnums<TicketPriority>(errors, "priority", query.Priority);
        var types = ParseEnums<TicketType>(errors, "type", query.Type);
        if (errors.Any)
        {
            return errors.ToProblem();
        }

        var tickets = Filter(db.Tickets.VisibleTo(user), query, statuses, priorities, types);
        var page = key == "due"
            ? await DuePageAsync(tickets, descending, cursor, limit, sort, db, ct)
            : await KeysetPageAsync(tickets, key, descending, cursor, limit, sort, db, ct);
        return TypedResults.Ok(page);
    }

    /// <summary>Enum values in query strings, case-insensitive, each parameter repeatable or comma-separated.</summary>
    private static List<T> ParseEnums<T>(ValidationErrors errors, string field, string[]? values)
        where T : struct, Enum
    {
        var result = new List<T>();
        foreach (var value in (values ?? []).SelectMany(v => v.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)))
        {
            if (Enum.TryParse<T>(value, ignoreCase: true, out var parsed) && Enum.IsDefined(parsed) && !char.IsAsciiDigit(value[0]))
            {
                result.Add(parsed);
            }
            else
            {
                errors.Add(field, $"'{value}' is not a {field}; use one of {string.Join(", ", Enum.GetNames<T>().Select(n => char.ToLowerInvariant(n[0]) + n[1..]))}.");
            }
        }

        return result;
    }

    private static IQueryable<Ticket> Filter(IQueryable<Ticket> q, TicketQuery f, List<TicketStatus> statuses, List<TicketPriority> priorities, List<TicketType> types)
    {
        if (statuses.Count > 0)
        {
            q = q.Where(t => statuses.Contains(t.Status));
        }

        if (priorities.Count > 0)
        {
            q = q.Where(t => priorities.Contains(t.Priority));
        }

        if (types.Count > 0)
        {
            q = q.Where(t => types.Contains(t.Type));
        }

        if (f.CategoryId is { } category)
        {
            q = q.Where(t => t.CategoryId == category);
        }

        if (f.AssigneeId is { } assignee)
        {
            q = q.Where(t => t.AssigneeId == assignee);
        }

        if (f.Unassigned == true)
        {
            q = q.Where(t => t.AssigneeId == null);
        }

        if (f.TeamId is { } team)
        {
            q = q.Where(t => t.TeamId == team);
        }

        if (f.RequesterId is { } requester)
        {
            q = q.Where(t => t.RequesterId == requester);
        }

        if (f.OrganizationId is { } organization)
        {
            q = q.Where(t => t.OrganizationId == organization);
        }

        if (!string.IsNullOrWhiteSpace(f.Tag))
        {
            var tag = Tag.Normalize(f.Tag);
            q = q.Where(t => t.Tags.Any(x => x.Name == tag));
        }

        if (f.CreatedAfter is { } ca)
        {
            var v = ca.ToUniversalTime();
            q = q.Where(t => t.CreatedAt >= v);
        }

        if (f.CreatedBefore is { } cb)
        {
            var v = cb.ToUniversalTime();
            q = q.Where(t => t.CreatedAt < v);
        }

        if (f.UpdatedAfter is { } ua)
        {
            var v = ua.ToUniversalTime();
            q = q.Where(t => t.UpdatedAt >= v);
        }

        if (f.UpdatedBefore is { } ub)
        {
            var v = ub.ToUniversalTime();
            q = q.Where(t => t.UpdatedAt < v);
        }

        return q;
    }

    private static async Task<Page<TicketDto>> KeysetPageAsync(
        IQueryable<Ticket> q, string key, bool descending, Cursor? cursor, int limit, string sort, FrontdeskDbContext db, CancellationToken ct)
    {
        switch (key)
        {
            case "created":
                return await PageByAsync(q, t => t.CreatedAt, d => d.CreatedAt.UtcTicks, FromTicks);
            case "updated":
                return await PageByAsync(q, t => t.UpdatedAt, d => d.UpdatedAt.UtcTicks, FromTicks);
            case "priority":
                return await PageByAsync(q, t => t.Priority, d => (long)d.Priority, s => (TicketPriority)int.Parse(s, CultureInfo.InvariantCulture));
            default:
                return await PageByAsync(q, t => t.Number, d => d.Number, s => long.Parse(s, CultureInfo.InvariantCulture));
        }

        async Task<Page<TicketDto>> PageByAsync<TKey>(IQueryable<Ticket> source, Expression<Func<Ticket, TKey>> keyOf, Func<TicketDto, long> keyOfDto, Func<string, TKey> read)
        {
            if (cursor is { } c)
            {
                source = source.Where(After(keyOf, read(c.Key), c.Id, descending));
            }

            var ordered = descending
                ? source.OrderByDescending(keyOf).ThenByDescending(t => t.Id)
                : source.OrderBy(keyOf).ThenBy(t => t.Id);
            var items = await ordered.Take(limit + 1).ToDtosAsync(db, ct);
            return Finish(items, limit, last => new Cursor(sort, keyOfDto(last).ToString(CultureInfo.InvariantCulture), last.Id, Phase: 0));
        }
    }

    private static DateTimeOffset FromTicks(string s) => new(long.Parse(s, CultureInfo.InvariantCulture), TimeSpan.Zero);

    /// <summary>Due dates first (ascending or descending), then the tickets without a due date by id.</summary>
    private static async Task<Page<TicketDto>> DuePageAsync(
        IQueryable<Ticket> q, bool descending, Cursor? cursor, int limit, string sort, FrontdeskDbContext db, CancellationToken ct)
    {
        var items = new List<TicketDto>();
        if (cursor is null or { Phase: 0 })
        {
            var dated = q.Where(t => t.DueAt != null);
            if (cursor is { } c)
            {
                var due = (DateTimeOffset?)FromTicks(c.Key);
                dated = dated.Where(After<DateTimeOffset?>(t => t.DueAt, due, c.Id, descending));
            }

            var ordered = descending
                ? dated.OrderByDescending(t => t.DueAt).ThenByDescending(t => t.Id)
                : dated.OrderBy(t => t.DueAt).ThenBy(t => t.Id);
            items.AddRange(await ordered.Take(limit + 1).ToDtosAsync(db, ct));
        }

        if (items.Count <= limit)
        {
            var undated = q.Where(t => t.DueAt == null);
            if (cursor is { Phase: 1 } c)
            {
                undated = undated.Where(t => t.Id > c.Id);
            }

            items.AddRange(await undated.OrderBy(t => t.Id).Take(limit + 1 - items.Count).ToDtosAsync(db, ct));
        }

        return Finish(items, limit, last => last.DueAt is { } d
            ? new Cursor(sort, d.UtcTicks.ToString(CultureInfo.InvariantCulture), last.Id, Phase: 0)
            : new Cursor(sort, "", last.Id, Phase: 1));
    }

    private static Page<TicketDto> Finish(List<TicketDto> items, int limit, Func<TicketDto, Cursor> cursorAfter)
    {
        if (items.Count <= limit)
        {
            return new Page<TicketDto>(items, null);
        }

        items.RemoveRange(limit, items.Count - limit);
        return new Page<TicketDto>(items, cursorAfter(items[^1]).Encode());
    }

    /// <summary>Builds "key after (value, id)" in the sort's direction, which the (key, id) indexes answer directly.</summary>
    private static Expression<Func<Ticket, bool>> After<TKey>(Expression<Func<Ticket, TKey>> keyOf, TKey value, long id, bool descending)
    {
        var t = keyOf.Parameters[0];
        Expression key = keyOf.Body;
        Expression constant = Expression.Constant(value, typeof(TKey));
        if (typeof(TKey).IsEnum)
        {
            key = Expression.Convert(key, typeof(int));
            constant = Expression.Convert(constant, typeof(int));
        }

        var idMember = Expression.Property(t, nameof(Ticket.Id));
        var idConstant = Expression.Constant(id);
        var beyond = descending ? Expression.LessThan(key, constant) : Expression.GreaterThan(key, constant);
        var tie = Expression.AndAlso(Expression.Equal(key, constant), descending ? Expression.LessThan(idMember, idConstant) : Expression.GreaterThan(idMember, idConstant));
        return Expression.Lambda<Func<Ticket, bool>>(Expression.OrElse(beyond, tie), t);
    }

    /// <summary>Where a page ended: opaque to clients, tied to the sort it was made for.</summary>
    private sealed record Cursor(string Sort, string Key, long Id, int Phase)
    {
        public string Encode() =>
            Convert.ToBase64String(Encoding.UTF8.GetBytes($"{Sort}|{Key}|{Id}|{Phase}")).TrimEnd('=').Replace('+', '-').Replace('/', '_');

        public static Cursor? Parse(string text, string sort)
        {
            try
            {
                var padded = text.Replace('-', '+').Replace('_', '/');
                padded += new string('=', (4 - padded.Length % 4) % 4);
                var parts = Encoding.UTF8.GetString(Convert.FromBase64String(padded)).Split('|');
                if (parts.Length != 4 || parts[0] != sort
                    || !long.TryParse(parts[2], NumberStyles.None, CultureInfo.InvariantCulture, out var id)
                    || !int.TryParse(parts[3], NumberStyles.None, CultureInfo.InvariantCulture, out var phase) || phase is < 0 or > 1
                    || (phase == 0 && !long.TryParse(parts[1], NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out _)))
                {
                    return null;
                }

                return new Cursor(parts[0], parts[1], id, phase);
            }
            catch (FormatException)
            {
                return null;
            }
        }
    }
}
