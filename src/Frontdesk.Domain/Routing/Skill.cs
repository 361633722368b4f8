namespace Frontdesk.Domain.Routing;

/// <summary>What a skill stands for: the side of a ticket that needs it.</summary>
public enum SkillKind
{
    /// <summary>A ticket category (and its subcategories, unless one of them has a skill of its own).</summary>
    Category,

    /// <summary>A language tag: "de" covers tickets in de, de-AT and de-CH unless one of those has a skill of its own.</summary>
    Language,

    /// <summary>A value of the ticket's "product" custom field.</summary>
    Product,
}

/// <summary>
/// Something an agent can handle. A skill stands for one category, language or product; a ticket needs the
/// skills that stand for its category, language and product (where such skills exist), and a skills-based team
/// gives it only to agents who have them all.
/// </summary>
public sealed class Skill
{
    public const int NameLength = 100;
    public const int ValueLength = 200;

    private Skill()
    {
        Name = "";
    }

    public Skill(string name, SkillKind kind, long? categoryId, string? value)
    {
        Name = name.Trim();
        Set(kind, categoryId, value);
    }

    public long Id { get; private set; }

    public string Name { get; private set; }

    public SkillKind Kind { get; private set; }

    /// <summary>For a category skill: the category.</summary>
    public long? CategoryId { get; private set; }

    /// <summary>For a language or product skill: the value it matches, normalised (see <see cref="Normalize"/>).</summary>
    public string? Value { get; private set; }

    public void Rename(string name) => Name = name.Trim();

    /// <summary>Changes what the skill stands for; the caller has checked that the pair fits the kind.</summary>
    public void Set(SkillKind kind, long? categoryId, string? value)
    {
        Kind = kind;
        CategoryId = kind == SkillKind.Category ? categoryId : null;
        Value = kind == SkillKind.Category ? null : Normalize(value);
    }

    /// <summary>Language tags and product names match without regard to case or surrounding spaces.</summary>
    public static string? Normalize(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim().ToLowerInvariant();
}

/// <summary>A skill as routing sees it (no entity, so the choice stays a pure function).</summary>
public sealed record SkillRef(long Id, string Name, SkillKind Kind, long? CategoryId, string? Value);
