using Frontdesk.Domain.Tickets;

namespace Frontdesk.Settings;

public sealed record TagDto(string Name, int TicketCount);

/// <summary>A category with its place in the tree; path reads "Billing › Refunds".</summary>
public sealed record CategoryDto(long Id, string Name, long? ParentId, string Path);

public sealed record CustomFieldDto(long Id, string Key, string Label, CustomFieldKind Kind, IReadOnlyList<string> Options, bool Required)
{
    public static CustomFieldDto From(CustomFieldDefinition f) => new(f.Id, f.Key, f.Label, f.Kind, f.Options, f.Required);
}
