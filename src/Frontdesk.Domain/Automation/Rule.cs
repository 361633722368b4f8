namespace Frontdesk.Domain.Automation;

/// <summary>
/// An event-driven rule: when one of its triggers happens to a ticket and its conditions hold, its actions run.
/// Conditions and actions are kept as the JSON an admin saved (validated on save, compiled into memory on use).
/// </summary>
public sealed class Rule
{
    private Rule()
    {
        Name = "";
        ActionsJson = "";
    }

    public Rule(string name, string? description, RuleTriggerSet triggers, string? conditionsJson, string actionsJson, bool isActive, DateTimeOffset now)
    {
        Name = name.Trim();
        Description = description;
        TriggerMask = triggers.Mask;
        ConditionsJson = conditionsJson;
        ActionsJson = actionsJson;
        IsActive = isActive;
        CreatedAt = now;
        UpdatedAt = now;
    }

    public long Id { get; private set; }

    public string Name { get; private set; }

    public string? Description { get; private set; }

    /// <summary>The triggers as stored: a bit per <see cref="RuleTrigger"/>.</summary>
    public int TriggerMask { get; private set; }

    public RuleTriggerSet Triggers => new(TriggerMask);

    /// <summary>The condition tree (<c>{"all": [...]}</c>, <c>{"any": [...]}</c> or a leaf); null matches every ticket.</summary>
    public string? ConditionsJson { get; private set; }

    /// <summary>The ordered list of actions.</summary>
    public string ActionsJson { get; private set; }

    /// <summary>Rules run in ascending position (1, 2, 3…); an earlier rule's changes are seen by later ones.</summary>
    public int Position { get; private set; }

    public bool IsActive { get; private set; }

    public DateTimeOffset CreatedAt { get; private set; }

    public DateTimeOffset UpdatedAt { get; private set; }

    public void Rename(string name, string? description, DateTimeOffset now)
    {
        Name = name.Trim();
        Description = description;
        UpdatedAt = now;
    }

    public void Change(RuleTriggerSet triggers, string? conditionsJson, string actionsJson, DateTimeOffset now)
    {
        TriggerMask = triggers.Mask;
        ConditionsJson = conditionsJson;
        ActionsJson = actionsJson;
        UpdatedAt = now;
    }

    public void Activate(bool isActive, DateTimeOffset now)
    {
        IsActive = isActive;
        UpdatedAt = now;
    }

    /// <summary>Set by whoever orders the rules (positions are kept dense: 1…n).</summary>
    public void MoveTo(int position) => Position = position;
}
