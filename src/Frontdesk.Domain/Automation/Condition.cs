using System.Text.Json;

namespace Frontdesk.Domain.Automation;

public enum ConditionOperator
{
    Is,
    IsNot,
    In,
    NotIn,
    Contains,
    NotContains,
    Matches,
    IsSet,
    IsNotSet,
    GreaterThan,
    LessThan,
}

/// <summary>Whether a ticket is inside business hours at an instant (the calendar that applies to it is the caller's business).</summary>
public delegate bool BusinessHours(TicketFacts ticket, DateTimeOffset at);

/// <summary>A regex that ran out of time on a ticket: it counted as no match.</summary>
public sealed record RegexTimeout(string Field, string Pattern, long TicketId);

/// <summary>
/// The world conditions are evaluated in: the instant, business hours, and what went wrong without failing
/// (regexes that timed out).
/// </summary>
public sealed class EvaluationContext(DateTimeOffset now, BusinessHours? businessHours = null)
{
    /// <summary>Until a business calendar is wired in, every instant is inside business hours.</summary>
    public static readonly BusinessHours AlwaysOpen = (_, _) => true;

    private List<RegexTimeout>? _timeouts;

    public DateTimeOffset Now => now;

    public IReadOnlyList<RegexTimeout> Timeouts => _timeouts ?? (IReadOnlyList<RegexTimeout>)[];

    public bool IsWithinBusinessHours(TicketFacts ticket) => (businessHours ?? AlwaysOpen)(ticket, now);

    internal void TimedOut(RegexTimeout timeout) => (_timeouts ??= []).Add(timeout);
}

/// <summary>A condition that held, with the value the ticket had: what a rule's history entry says it looked at.</summary>
public sealed record ConditionMatch(string Field, string Operator, JsonElement? Value, string? Seen);

/// <summary>A node of a rule's condition tree: <see cref="AllOf"/>, <see cref="AnyOf"/> or a <see cref="FieldCondition"/>.</summary>
public abstract class Condition
{
    /// <summary>No conditions: every ticket matches.</summary>
    public static readonly Condition Always = new AllOf([]);

    /// <summary>What beyond the ticket's own columns this condition reads.</summary>
    public abstract FactNeeds Needs { get; }

    /// <summary>Evaluates the condition; when <paramref name="matched"/> is given, adds the leaves that made it true.</summary>
    public abstract bool Evaluate(TicketFacts facts, EvaluationContext context, List<ConditionMatch>? matched = null);
}

/// <summary>True when every part is (and when there are none).</summary>
public sealed class AllOf(IReadOnlyList<Condition> parts) : Condition
{
    public IReadOnlyList<Condition> Parts => parts;

    public override FactNeeds Needs { get; } = parts.Aggregate(FactNeeds.None, (n, p) => n | p.Needs);

    public override bool Evaluate(TicketFacts facts, EvaluationContext context, List<ConditionMatch>? matched = null)
    {
        var mark = matched?.Count ?? 0;
        foreach (var part in parts)
        {
            if (!part.Evaluate(facts, context, matched))
            {
                // What held before the failing part does not explain anything: the whole is false.
                matched?.RemoveRange(mark, matched.Count - mark);
                return false;
            }
        }

        return true;
    }
}

/// <summary>True when at least one part is; the first that holds is the one recorded.</summary>
public sealed class AnyOf(IReadOnlyList<Condition> parts) : Condition
{
    public IReadOnlyList<Condition> Parts => parts;

    public override FactNeeds Needs { get; } = parts.Aggregate(FactNeeds.None, (n, p) => n | p.Needs);

    public override bool Evaluate(TicketFacts facts, EvaluationContext context, List<ConditionMatch>? matched = null)
    {
        foreach (var part in parts)
        {
            if (part.Evaluate(facts, context, matched))
            {
                return true;
            }
        }

        return false;
    }
}

/// <summary>A leaf: one field, one operator, one value, compiled into a test when the rule was parsed.</summary>
public sealed class FieldCondition : Condition
{
    private readonly LeafTest _test;
    private readonly string _operatorName;

    internal FieldCondition(string field, ConditionOperator op, JsonElement? value, LeafTest test)
    {
        Field = field;
        Operator = op;
        Value = value;
        _test = test;
        _operatorName = RuleJson.Name(op);
    }

    public string Field { get; }

    public ConditionOperator Operator { get; }

    public JsonElement? Value { get; }

    public override FactNeeds Needs => _test.Needs;

    public override bool Evaluate(TicketFacts facts, EvaluationContext context, List<ConditionMatch>? matched = null)
    {
        if (!_test.Test(facts, context))
        {
            return false;
        }

        matched?.Add(new ConditionMatch(Field, _operatorName, Value, _test.Seen(facts, context)));
        return true;
    }
}

/// <summary>A compiled leaf: the test, and how to show the value it saw.</summary>
internal sealed record LeafTest(Func<TicketFacts, EvaluationContext, bool> Test, Func<TicketFacts, EvaluationContext, string?> Seen, FactNeeds Needs);
