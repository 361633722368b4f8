using System.Text.Json;

namespace Frontdesk.Domain.Automation;

/// <summary>
/// Turns a rule's condition JSON into a compiled tree. Groups are <c>{"all": [...]}</c> or <c>{"any": [...]}</c>
/// and nest; a leaf is <c>{"field": "priority", "operator": "is", "value": "high"}</c>. Every error names its path,
/// e.g. <c>conditions.all[1].any[0].field</c>.
/// </summary>
public static class ConditionParser
{
    public const int MaxDepth = 8;
    public const int MaxLeaves = 200;

    /// <summary>Null (or absent) conditions match every ticket. Check <see cref="RuleParsing.Failed"/> before using the result.</summary>
    public static Condition Parse(JsonElement? json, RuleParsing parsing, string path = "conditions")
    {
        if (json is not { } element || element.ValueKind == JsonValueKind.Null)
        {
            return Condition.Always;
        }

        var leaves = 0;
        return Node(element, path, parsing, 1, ref leaves) ?? Condition.Always;
    }

    private static Condition? Node(JsonElement element, string path, RuleParsing parsing, int depth, ref int leaves)
    {
        if (element.ValueKind != JsonValueKind.Object)
        {
            parsing.Error(path, $"Expected a condition (an object with 'all', 'any', or 'field' and 'operator'), not {RuleJson.Describe(element.ValueKind)}.");
            return null;
        }

        var isAll = element.TryGetProperty("all", out var all);
        var isAny = element.TryGetProperty("any", out var any);
        if (!isAll && !isAny)
        {
            return Leaf(element, path, parsing, ref leaves);
        }

        if ((isAll && isAny) || element.EnumerateObject().Count() != 1)
        {
            parsing.Error(path, "A group has exactly one property, 'all' or 'any'; nest groups to combine them.");
            return null;
        }

        if (depth > MaxDepth)
        {
            parsing.Error(path, $"Groups nest at most {MaxDepth} deep.");
            return null;
        }

        var name = isAll ? "all" : "any";
        var at = RuleJson.Member(path, name);
        var list = isAll ? all : any;
        if (list.ValueKind != JsonValueKind.Array)
        {
            parsing.Error(at, $"Expected an array of conditions, not {RuleJson.Describe(list.ValueKind)}.");
            return null;
        }

        if (isAny && list.GetArrayLength() == 0)
        {
            parsing.Error(at, "'any' needs at least one condition.");
            return null;
        }

        var parts = new List<Condition>();
        var i = 0;
        foreach (var item in list.EnumerateArray())
        {
            if (Node(item, RuleJson.Index(at, i++), parsing, depth + 1, ref leaves) is { } part)
            {
                parts.Add(part);
            }
        }

        return parts.Count < i ? null : isAll ? new AllOf(parts) : new AnyOf(parts);
    }

    private static FieldCondition? Leaf(JsonElement element, string path, RuleParsing parsing, ref int leaves)
    {
        if (++leaves == MaxLeaves + 1)
        {
            parsing.Error(path, $"A rule has at most {MaxLeaves} conditions.");
        }

        if (!RuleJson.OnlyKnownProperties(element, path, parsing, "field", "operator", "value"))
        {
            return null;
        }

        var fieldName = RuleJson.RequiredString(element, "field", path, parsing, 100);
        var operatorName = RuleJson.RequiredString(element, "operator", path, parsing, 40);
        var field = fieldName is null ? null : RuleFields.Find(fieldName, RuleJson.Member(path, "field"), parsing);
        if (field is null || operatorName is null)
        {
            return null;
        }

        var operatorPath = RuleJson.Member(path, "operator");
        if (!RuleJson.TryName<ConditionOperator>(operatorName, out var op) || RuleJson.Name(op) != operatorName)
        {
            parsing.Error(operatorPath, $"Unknown operator '{operatorName}'; operators: {string.Join(", ", RuleJson.Names<ConditionOperator>())}.");
            return null;
        }

        if (!field.Operators.Contains(op))
        {
            parsing.Error(operatorPath, $"'{operatorName}' does not apply to '{field.Name}'; use {string.Join(", ", field.Operators.Select(RuleJson.Name))}.");
            return null;
        }

        var value = RuleJson.Property(element, "value");
        var test = field.Compile(op, value, path, parsing);
        return test is null ? null : new FieldCondition(fieldName!, op, value?.Clone(), test);
    }
}
