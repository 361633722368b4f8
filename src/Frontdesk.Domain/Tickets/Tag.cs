namespace Frontdesk.Domain.Tickets;

/// <summary>A label on tickets; names are lower-case and unique.</summary>
public sealed class Tag
{
    private Tag()
    {
        Name = "";
    }

    public Tag(string name) => Name = Normalize(name);

    public long Id { get; private set; }

    public string Name { get; private set; }

    public static string Normalize(string name) => name.Trim().ToLowerInvariant();

    /// <summary>Letters, digits, and - _ . : / within 1 to 64 characters, no spaces.</summary>
    public static bool IsValid(string name)
    {
        var n = Normalize(name);
        return n.Length is > 0 and <= 64 && n.All(c => char.IsLetterOrDigit(c) || c is '-' or '_' or '.' or ':' or '/');
    }
}

/// <summary>An admin-defined category; categories nest (Billing › Refunds).</summary>
public sealed class Category
{
    private Category()
    {
        Name = "";
    }

    public Category(string name, long? parentId)
    {
        Name = name.Trim();
        ParentId = parentId;
    }

    public long Id { get; private set; }

    public string Name { get; private set; }

    public long? ParentId { get; private set; }

    public void Rename(string name) => Name = name.Trim();

    public void MoveUnder(long? parentId) => ParentId = parentId;
}

/// <summary>A typed connection between two tickets, stored once from source to target.</summary>
public sealed class TicketLink
{
    private TicketLink()
    {
    }

    public TicketLink(long sourceTicketId, long targetTicketId, TicketLinkKind kind, DateTimeOffset createdAt)
    {
        SourceTicketId = sourceTicketId;
        TargetTicketId = targetTicketId;
        Kind = kind;
        CreatedAt = createdAt;
    }

    public long Id { get; private set; }

    public long SourceTicketId { get; private set; }

    public long TargetTicketId { get; private set; }

    public TicketLinkKind Kind { get; private set; }

    public DateTimeOffset CreatedAt { get; private set; }
}

/// <summary>Bytes stored once under their SHA-256, however many messages attach them.</summary>
public sealed class Blob
{
    private Blob()
    {
        Sha256 = "";
    }

    public Blob(string sha256, long size, DateTimeOffset createdAt)
    {
        Sha256 = sha256;
        Size = size;
        CreatedAt = createdAt;
    }

    public string Sha256 { get; private set; }

    public long Size { get; private set; }

    public DateTimeOffset CreatedAt { get; private set; }
}
