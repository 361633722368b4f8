namespace Frontdesk.Domain.Contacts;

public enum IdentityKind
{
    Email,
    Phone,
    Chat,
    Social,
}

/// <summary>A customer person, reachable through several identities (emails, phone numbers, handles).</summary>
public sealed class Contact
{
    private readonly List<ContactIdentity> _identities = [];

    private Contact()
    {
        Name = "";
    }

    public Contact(string name, long? organizationId, DateTimeOffset now)
    {
        Name = name.Trim();
        OrganizationId = organizationId;
        CreatedAt = now;
        UpdatedAt = now;
    }

    public long Id { get; private set; }

    public string Name { get; private set; }

    public long? OrganizationId { get; private set; }

    public DateTimeOffset CreatedAt { get; private set; }

    public DateTimeOffset UpdatedAt { get; private set; }

    /// <summary>Set when this contact was merged into another; the other holds its identities and tickets.</summary>
    public long? MergedIntoId { get; private set; }

    public IReadOnlyList<ContactIdentity> Identities => _identities;

    public string? PrimaryEmail => _identities.FirstOrDefault(i => i.Kind == IdentityKind.Email)?.Value;

    /// <summary>Adds an identity already normalised with <see cref="ContactIdentity.Normalize"/>.</summary>
    public ContactIdentity AddIdentity(IdentityKind kind, string normalizedValue, DateTimeOffset now)
    {
        var identity = new ContactIdentity(kind, normalizedValue);
        _identities.Add(identity);
        UpdatedAt = now;
        return identity;
    }

    public void Update(string? name, long? organizationId, bool setOrganization, DateTimeOffset now)
    {
        if (name is not null)
        {
            Name = name.Trim();
        }

        if (setOrganization)
        {
            OrganizationId = organizationId;
        }

        UpdatedAt = now;
    }

    public void MarkMergedInto(Contact target, DateTimeOffset now)
    {
        MergedIntoId = target.Id;
        UpdatedAt = now;
    }
}

/// <summary>One way of reaching a contact; (kind, value) is unique across all contacts.</summary>
public sealed class ContactIdentity
{
    private ContactIdentity()
    {
        Value = "";
    }

    internal ContactIdentity(IdentityKind kind, string value)
    {
        Kind = kind;
        Value = value;
    }

    public long Id { get; private set; }

    public long ContactId { get; private set; }

    public IdentityKind Kind { get; private set; }

    public string Value { get; private set; }

    public void MoveTo(long contactId) => ContactId = contactId;

    /// <summary>The canonical form identities are compared in: lower-case email, digits-only phone with a leading +.</summary>
    public static string? Normalize(IdentityKind kind, string raw)
    {
        var value = raw.Trim();
        switch (kind)
        {
            case IdentityKind.Email:
                var at = value.IndexOf('@', StringComparison.Ordinal);
                return at > 0 && at == value.LastIndexOf('@') && at < value.Length - 1 && !value.Any(char.IsWhiteSpace) && value.Length <= 254
                    ? value.ToLowerInvariant()
                    : null;
            case IdentityKind.Phone:
                var digits = new string(value.Where(char.IsAsciiDigit).ToArray());
                var plausible = value.All(c => char.IsAsciiDigit(c) || c is '+' or ' ' or '-' or '(' or ')' or '.');
                return plausible && digits.Length is >= 5 and <= 15 ? "+" + digits : null;
            default:
                return value.Length is > 0 and <= 200 ? value.ToLowerInvariant() : null;
        }
    }
}

public enum OrganizationTier
{
    Standard,
    Premium,
    Vip,
}

/// <summary>A customer company; its email domains place new contacts in it.</summary>
public sealed class Organization
{
    private readonly List<OrganizationDomain> _domains = [];

    private Organization()
    {
        Name = "";
    }

    public Organization(string name, OrganizationTier tier, bool sharesTickets, DateTimeOffset now)
    {
        Name = name.Trim();
        Tier = tier;
        SharesTickets = sharesTickets;
        CreatedAt = now;
    }

    public long Id { get; private set; }

    public string Name { get; private set; }

    public OrganizationTier Tier { get; private set; }

    /// <summary>Whether members see each other's tickets.</summary>
    public bool SharesTickets { get; private set; }

    public DateTimeOffset CreatedAt { get; private set; }

    public IReadOnlyList<OrganizationDomain> Domains => _domains;

    public void Update(string? name, OrganizationTier? tier, bool? sharesTickets)
    {
        Name = name?.Trim() ?? Name;
        Tier = tier ?? Tier;
        SharesTickets = sharesTickets ?? SharesTickets;
    }

    public void SetDomains(IEnumerable<string> domains)
    {
        var wanted = domains.Select(d => d.Trim().ToLowerInvariant()).Distinct().ToList();
        _domains.RemoveAll(d => !wanted.Contains(d.Domain));
        foreach (var d in wanted.Where(w => _domains.All(x => x.Domain != w)))
        {
            _domains.Add(new OrganizationDomain(d));
        }
    }
}

public sealed class OrganizationDomain
{
    private OrganizationDomain()
    {
        Domain = "";
    }

    internal OrganizationDomain(string domain) => Domain = domain;

    public long Id { get; private set; }

    public long OrganizationId { get; private set; }

    public string Domain { get; private set; }
}
