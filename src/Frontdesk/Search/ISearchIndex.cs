using System.Security.Claims;
using Frontdesk.Identity;

namespace Frontdesk.Search;

/// <summary>
/// The database's own full-text engine: SQLite FTS5 or PostgreSQL tsvector/GIN, chosen by provider. It finds and
/// ranks; the caller decides what the results look like and re-checks every ticket against TicketAccess.
/// All words must match, case-insensitively; on a ticket they may be spread over its subject and one message.
/// </summary>
public interface ISearchIndex
{
    /// <summary>
    /// Subject and message matches on tickets the caller may see, best first. A customer's matches come from
    /// public messages only: the words of an internal note never make a ticket match for them.
    /// </summary>
    Task<IReadOnlyList<TicketHit>> FindTicketsAsync(SearchText text, SearchScope scope, int take, CancellationToken ct);

    /// <summary>Contacts by name or identity (email, phone, handle), best first; the last word may be a prefix.</summary>
    Task<IReadOnlyList<long>> FindContactsAsync(SearchText text, int take, CancellationToken ct);

    /// <summary>Organizations by name or email domain, best first; the last word may be a prefix.</summary>
    Task<IReadOnlyList<long>> FindOrganizationsAsync(SearchText text, int take, CancellationToken ct);
}

/// <summary>One match on a ticket: its subject (no message) or one of its messages. Higher scores are better.</summary>
public readonly record struct TicketHit(long TicketId, long? MessageId, double Score);

/// <summary>
/// Who is searching, read from the same claims TicketAccess.VisibleTo reads: staff see every ticket; a customer
/// sees the tickets they requested and, when their organization shares tickets, the organization's.
/// </summary>
public sealed record SearchScope(ClaimsPrincipal User, bool IsStaff, long ContactId, long? SharedOrganizationId)
{
    public static SearchScope For(ClaimsPrincipal user) =>
        new(user, user.IsStaff(), user.ContactId() ?? -1, user.SharedOrganizationId());
}
