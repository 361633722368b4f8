using System.Collections.Frozen;
using Frontdesk.Domain.Contacts;
using Frontdesk.Domain.Tickets;

namespace Frontdesk.Domain.Automation;

/// <summary>Data beyond the ticket's own columns that some conditions read; loaded only when an active rule needs it.</summary>
[Flags]
public enum FactNeeds
{
    None = 0,
    Tags = 1,

    /// <summary>The text of the message that fired the rule, or of the first message.</summary>
    Body = 2,
    RequesterEmail = 4,
    OrganizationTier = 8,

    /// <summary>When the ticket last changed before what is being evaluated.</summary>
    LastUpdate = 16,
}

/// <summary>
/// What conditions look at: a snapshot of one ticket with the bits of its requester and organization that rules
/// may test. Pure data, so the same conditions evaluate in a write, in a dry run and in tests.
/// </summary>
public sealed record TicketFacts
{
    public static readonly IReadOnlySet<string> NoTags = FrozenSet<string>.Empty;

    public long TicketId { get; init; }

    public long Number { get; init; }

    public string Subject { get; init; } = "";

    public TicketStatus Status { get; init; }

    public TicketPriority Priority { get; init; }

    public TicketType Type { get; init; }

    public ChannelKind Channel { get; init; }

    public long? CategoryId { get; init; }

    public long? TeamId { get; init; }

    public long? AssigneeId { get; init; }

    public long RequesterId { get; init; }

    /// <summary>The requester's first email identity, lower-case; null when they have none (or it was not loaded).</summary>
    public string? RequesterEmail { get; init; }

    public long? OrganizationId { get; init; }

    /// <summary>The organization's tier; null when the ticket has no organization.</summary>
    public OrganizationTier? OrganizationTier { get; init; }

    public string? Language { get; init; }

    /// <summary>Tag names, lower-case.</summary>
    public IReadOnlySet<string> Tags { get; init; } = NoTags;

    /// <summary>Custom field values in their canonical text (see <see cref="CustomFieldDefinition.Canonicalize"/>).</summary>
    public IReadOnlyDictionary<string, string> CustomFields { get; init; } = FrozenDictionary<string, string>.Empty;

    /// <summary>Plain text of the message that fired the rule, or of the first message.</summary>
    public string? Body { get; init; }

    /// <summary>When the ticket last changed before the change being evaluated (its creation, for a new ticket).</summary>
    public DateTimeOffset LastUpdatedAt { get; init; }

    /// <summary>The ticket's own columns; the caller adds what only other tables hold (body, requester email, tier, last update).</summary>
    public static TicketFacts Of(Ticket ticket) => new()
    {
        TicketId = ticket.Id,
        Number = ticket.Number,
        Subject = ticket.Subject,
        Status = ticket.Status,
        Priority = ticket.Priority,
        Type = ticket.Type,
        Channel = ticket.Channel,
        CategoryId = ticket.CategoryId,
        TeamId = ticket.TeamId,
        AssigneeId = ticket.AssigneeId,
        RequesterId = ticket.RequesterId,
        OrganizationId = ticket.OrganizationId,
        Language = ticket.Language,
        Tags = ticket.Tags.Count == 0 ? NoTags : ticket.Tags.Select(t => t.Name).ToHashSet(StringComparer.Ordinal),
        CustomFields = ticket.CustomFields,
        LastUpdatedAt = ticket.UpdatedAt,
    };
}
