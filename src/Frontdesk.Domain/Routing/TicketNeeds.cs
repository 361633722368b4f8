namespace Frontdesk.Domain.Routing;

/// <summary>One skill a ticket needs, and which side of the ticket asked for it.</summary>
public sealed record Need(long SkillId, string Name, SkillKind Kind);

/// <summary>The skills a ticket needs: an agent qualifies when they have all of them.</summary>
public sealed record TicketNeeds(IReadOnlyList<Need> Items)
{
    public static TicketNeeds None { get; } = new([]);

    public bool CoveredBy(IReadOnlySet<long> skills) => Items.All(n => skills.Contains(n.SkillId));

    public IReadOnlyList<long> MissingFrom(IReadOnlySet<long> skills) => Items.Where(n => !skills.Contains(n.SkillId)).Select(n => n.SkillId).ToList();
}

/// <summary>
/// The skills an instance has defined, and the category tree they hang on. A ticket needs a skill only where one
/// is defined: a category, language or product nobody made a skill for asks nothing of the agent.
/// </summary>
public sealed class SkillCatalog
{
    /// <summary>Deeper category trees than this are treated as broken (a cycle) and not climbed further.</summary>
    private const int MaxDepth = 32;

    private readonly Dictionary<long, SkillRef> _byCategory = [];
    private readonly Dictionary<string, SkillRef> _byLanguage = new(StringComparer.Ordinal);
    private readonly Dictionary<string, SkillRef> _byProduct = new(StringComparer.Ordinal);
    private readonly IReadOnlyDictionary<long, long?> _parents;

    /// <param name="skills">Every skill.</param>
    /// <param name="categoryParents">Each category's parent (null for a root); only needed when category skills exist.</param>
    public SkillCatalog(IEnumerable<SkillRef> skills, IReadOnlyDictionary<long, long?> categoryParents)
    {
        foreach (var skill in skills)
        {
            switch (skill.Kind)
            {
                case SkillKind.Category when skill.CategoryId is { } category:
                    _byCategory.TryAdd(category, skill);
                    break;
                case SkillKind.Language when skill.Value is { } language:
                    _byLanguage.TryAdd(language, skill);
                    break;
                case SkillKind.Product when skill.Value is { } product:
                    _byProduct.TryAdd(product, skill);
                    break;
            }
        }

        _parents = categoryParents;
    }

    public static SkillCatalog Empty { get; } = new([], new Dictionary<long, long?>());

    public bool IsEmpty => _byCategory.Count == 0 && _byLanguage.Count == 0 && _byProduct.Count == 0;

    /// <summary>
    /// The category's nearest skill (its own, else its parent's, up to the root); the language's skill (the full tag's,
    /// else its primary language's: "pt-BR" needs "pt" when there is no "pt-br" skill); the product's skill.
    /// </summary>
    public TicketNeeds NeedsOf(long? categoryId, string? language, string? product)
    {
        var needs = new List<Need>(3);
        if (CategorySkill(categoryId) is { } category)
        {
            needs.Add(new Need(category.Id, category.Name, SkillKind.Category));
        }

        if (LanguageSkill(Skill.Normalize(language)) is { } lang)
        {
            needs.Add(new Need(lang.Id, lang.Name, SkillKind.Language));
        }

        if (Skill.Normalize(product) is { } p && _byProduct.TryGetValue(p, out var productSkill))
        {
            needs.Add(new Need(productSkill.Id, productSkill.Name, SkillKind.Product));
        }

        return needs.Count == 0 ? TicketNeeds.None : new TicketNeeds(needs);
    }

    private SkillRef? CategorySkill(long? categoryId)
    {
        var at = categoryId;
        for (var depth = 0; at is { } id && depth < MaxDepth; depth++)
        {
            if (_byCategory.TryGetValue(id, out var skill))
            {
                return skill;
            }

            at = _parents.GetValueOrDefault(id);
        }

        return null;
    }

    private SkillRef? LanguageSkill(string? tag)
    {
        if (tag is null)
        {
            return null;
        }

        if (_byLanguage.TryGetValue(tag, out var exact))
        {
            return exact;
        }

        var dash = tag.IndexOf('-', StringComparison.Ordinal);
        return dash > 0 && _byLanguage.TryGetValue(tag[..dash], out var primary) ? primary : null;
    }
}
