using System.Globalization;
using Frontdesk.Domain.Common;
using Frontdesk.Domain.Tickets;
using Frontdesk.Sla;

namespace Frontdesk.Tickets;

public sealed record PersonRef(long Id, string Name, string? Email);

public sealed record TicketDto(
    long Id,
    long Number,
    string Subject,
    TicketStatus Status,
    TicketPriority Priority,
    TicketType Type,
    long? CategoryId,
    IReadOnlyList<string> Tags,
    IReadOnlyDictionary<string, object?> CustomFields,
    PersonRef Requester,
    long? OrganizationId,
    long? AssigneeId,
    long? TeamId,
    ChannelKind Channel,
    string? Language,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt,
    DateTimeOffset? FirstResponseAt,
    DateTimeOffset? SolvedAt,
    DateTimeOffset? ClosedAt,
    DateTimeOffset? DueAt,
    long? MergedIntoId,
    int Version)
{
    public string ETag => TicketETag.Of(Id, Version);

    /// <summary>The SLA clocks, on a single ticket read by staff; null in lists and for customers.</summary>
    public TicketSlaDto? Sla { get; init; }

    public static TicketDto From(Ticket t, PersonRef requester, IReadOnlyList<string> tags, IReadOnlyDictionary<string, CustomFieldKind> kinds) => new(
        t.Id,
        t.Number,
        t.Subject,
        t.Status,
        t.Priority,
        t.Type,
        t.CategoryId,
        tags,
        t.CustomFields.ToDictionary(kv => kv.Key, kv => Typed(kv.Value, kinds.GetValueOrDefault(kv.Key))),
        requester,
        t.OrganizationId,
        t.AssigneeId,
        t.TeamId,
        t.Channel,
        t.Language,
        t.CreatedAt,
        t.UpdatedAt,
        t.FirstResponseAt,
        t.SolvedAt,
        t.ClosedAt,
        t.DueAt,
        t.MergedIntoId,
        t.Version);

    /// <summary>Custom values are stored as canonical text; the API gives numbers and checkboxes back as JSON numbers and booleans.</summary>
    private static object? Typed(string value, CustomFieldKind kind) => kind switch
    {
        CustomFieldKind.Number => decimal.Parse(value, CultureInfo.InvariantCulture),
        CustomFieldKind.Checkbox => value == "true",
        _ => value,
    };
}

public static class TicketETag
{
    public static string Of(long id, int version) => $"\"{id}-{version}\"";

    /// <summary>Reads the version out of an If-Match value; false when it is not one of ours.</summary>
    public static bool TryParse(string? header, long id, out int version)
    {
        version = 0;
        if (string.IsNullOrWhiteSpace(header))
        {
            return false;
        }

        var value = header.Trim();
        if (value.StartsWith("W/", StringComparison.Ordinal))
        {
            value = value[2..];
        }

        value = value.Trim('"');
        var dash = value.LastIndexOf('-');
        return dash > 0
            && long.TryParse(value[..dash], NumberStyles.None, CultureInfo.InvariantCulture, out var parsedId)
            && parsedId == id
            && int.TryParse(value[(dash + 1)..], NumberStyles.None, CultureInfo.InvariantCulture, out version);
    }
}

/// <summary>A file on a message; an inline image has the Content-ID its message's HTML showed it by.</summary>
public sealed record AttachmentDto(long Id, string FileName, string ContentType, long Size, string Sha256, string? ContentId);

public sealed record MessageDto(
    long Id,
    long TicketId,
    bool Internal,
    ActorKind AuthorKind,
    long? AuthorId,
    string AuthorName,
    string BodyHtml,
    string BodyText,
    string? QuotedHtml,
    ChannelKind Channel,
    DateTimeOffset CreatedAt,
    IReadOnlyList<AttachmentDto> Attachments)
{
    public static MessageDto From(Message m) => new(
        m.Id,
        m.TicketId,
        m.IsInternal,
        m.AuthorKind,
        m.AuthorId,
        m.AuthorName,
        ShowInlineImages(m, m.BodyHtml),
        m.BodyText,
        m.QuotedHtml is null ? null : ShowInlineImages(m, m.QuotedHtml),
        m.Channel,
        m.CreatedAt,
        m.Attachments.Select(a => new AttachmentDto(a.Id, a.FileName, a.ContentType, a.Size, a.Sha256, a.ContentId)).ToList());

    /// <summary>Email HTML shows inline images by Content-ID (cid:…); point those at the attachment's download URL.</summary>
    private static string ShowInlineImages(Message m, string html)
    {
        if (!html.Contains("cid:", StringComparison.OrdinalIgnoreCase))
        {
            return html;
        }

        foreach (var a in m.Attachments.Where(a => a.ContentId is not null))
        {
            html = html.Replace($"cid:{a.ContentId}", $"/api/v1/tickets/{m.TicketId}/attachments/{a.Id}", StringComparison.OrdinalIgnoreCase);
        }

        return html;
    }
}

public sealed record TicketEventDto(
    long Id,
    long TicketId,
    DateTimeOffset At,
    string Kind,
    ActorKind ActorKind,
    long? ActorId,
    string ActorName,
    string? Field,
    string? OldValue,
    string? NewValue,
    string? Reason,
    string? Inputs = null);

/// <summary>One page of a list and the cursor for the next (null on the last page).</summary>
public sealed record Page<T>(IReadOnlyList<T> Items, string? NextCursor);
