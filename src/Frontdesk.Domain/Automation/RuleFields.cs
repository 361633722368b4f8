using System.Collections.Frozen;
using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;
using Frontdesk.Domain.Contacts;
using Frontdesk.Domain.Tickets;
using static Frontdesk.Domain.Automation.ConditionOperator;

namespace Frontdesk.Domain.Automation;

/// <summary>A field conditions can test: which operators fit it, and how a leaf on it becomes a test.</summary>
public abstract class RuleField(string name, params ConditionOperator[] operators)
{
    public const int MaxListValues = 100;
    public const int MaxTextValue = 1000;

    public string Name => name;

    public IReadOnlyList<ConditionOperator> Operators => operators;

    /// <summary>Compiles one leaf whose operator fits this field; null after recording why its value does not fit.</summary>
    internal abstract LeafTest? Compile(ConditionOperator op, JsonElement? value, string path, RuleParsing parsing);

    /// <summary>isSet and isNotSet take no value.</summary>
    protected static bool NoValue(ConditionOperator op, JsonElement? value, string path, RuleParsing parsing)
    {
        if (value is null)
        {
            return true;
        }

        parsing.Error(path, $"'{RuleJson.Name(op)}' takes no value.");
        return false;
    }

    protected static JsonElement? One(ConditionOperator op, JsonElement? value, string path, RuleParsing parsing)
    {
        if (value is null)
        {
            parsing.Error(path, $"'{RuleJson.Name(op)}' needs a value.");
            return null;
        }

        if (value.Value.ValueKind == JsonValueKind.Array)
        {
            parsing.Error(path, $"'{RuleJson.Name(op)}' takes one value; 'in' and 'notIn' take a list.");
            return null;
        }

        return value;
    }

    /// <summary>The list 'in' and 'notIn' take: 1 to <see cref="MaxListValues"/> values, each read by <paramref name="item"/>.</summary>
    protected static List<T>? Many<T>(ConditionOperator op, JsonElement? value, string path, RuleParsing parsing, Func<JsonElement, string, T?> item)
    {
        if (value is not { ValueKind: JsonValueKind.Array } array || array.GetArrayLength() is 0 or > MaxListValues)
        {
            parsing.Error(path, $"'{RuleJson.Name(op)}' takes a list of 1 to {MaxListValues} values.");
            return null;
        }

        var result = new List<T>();
        var ok = true;
        var i = 0;
        foreach (var element in array.EnumerateArray())
        {
            if (item(element, RuleJson.Index(path, i++)) is { } parsed)
            {
                result.Add(parsed);
            }
            else
            {
                ok = false;
            }
        }

        return ok ? result : null;
    }

    /// <summary>A short piece of <paramref name="text"/> around [index, index + length), for showing what a condition saw.</summary>
    internal static string Excerpt(string text, int index = 0, int length = 0)
    {
        const int Around = 40;
        const int Max = 120;
        if (text.Length <= Max)
        {
            return text;
        }

        var start = Math.Max(0, index - Around);
        var end = Math.Min(text.Length, Math.Max(index + length, start) + Around);
        end = Math.Min(end, start + Max);
        return (start > 0 ? "…" : "") + text[start..end] + (end < text.Length ? "…" : "");
    }
}

internal delegate T? ValueReader<T>(JsonElement value, string path, RuleParsing parsing)
    where T : struct;

/// <summary>A field holding one value of a small type (an enum, an id, a number, a date, a flag).</summary>
internal sealed class ValueField<T>(
    string name,
    Func<TicketFacts, EvaluationContext, T?> read,
    ValueReader<T> parse,
    Func<T, string> show,
    FactNeeds needs,
    params ConditionOperator[] operators) : RuleField(name, operators)
    where T : struct
{
    internal override LeafTest? Compile(ConditionOperator op, JsonElement? value, string path, RuleParsing parsing)
    {
        var at = RuleJson.Member(path, "value");
        Func<TicketFacts, EvaluationContext, bool> test;
        switch (op)
        {
            case IsSet or IsNotSet:
                if (!NoValue(op, value, at, parsing))
                {
                    return null;
                }

                var set = op == IsSet;
                test = (f, c) => read(f, c).HasValue == set;
                break;
            case In or NotIn:
                var list = Many(op, value, at, parsing, (e, p) => parse(e, p, parsing))?.ToArray();
                if (list is null)
                {
                    return null;
                }

                var wanted = op == In;
                test = (f, c) => (read(f, c) is { } x && Array.IndexOf(list, x) >= 0) == wanted;
                break;
            default:
                if (One(op, value, at, parsing) is not { } one || parse(one, at, parsing) is not { } v)
                {
                    return null;
                }

                var equal = EqualityComparer<T>.Default;
                var order = Comparer<T>.Default;
                test = op switch
                {
                    Is => (f, c) => read(f, c) is { } x && equal.Equals(x, v),
                    IsNot => (f, c) => !(read(f, c) is { } x && equal.Equals(x, v)),
                    GreaterThan => (f, c) => read(f, c) is { } x && order.Compare(x, v) > 0,
                    LessThan => (f, c) => read(f, c) is { } x && order.Compare(x, v) < 0,
                    _ => throw new ArgumentOutOfRangeException(nameof(op), op, "Checked against the field's operators before."),
                };
                break;
        }

        return new LeafTest(test, (f, c) => read(f, c) is { } x ? show(x) : null, needs);
    }
}

/// <summary>A text field: compared without regard to letter case; 'matches' runs a regex with a time-out.</summary>
internal sealed class TextField(
    string name,
    Func<TicketFacts, string?> read,
    FactNeeds needs,
    IReadOnlyList<string>? options,
    params ConditionOperator[] operators) : RuleField(name, operators)
{
    public const int MaxPattern = 500;

    internal override LeafTest? Compile(ConditionOperator op, JsonElement? value, string path, RuleParsing parsing)
    {
        var at = RuleJson.Member(path, "value");
        var ignoreCase = StringComparer.OrdinalIgnoreCase;
        switch (op)
        {
            case IsSet or IsNotSet:
                if (!NoValue(op, value, at, parsing))
                {
                    return null;
                }

                var set = op == IsSet;
                return Leaf((f, _) => !string.IsNullOrEmpty(read(f)) == set);
            case In or NotIn:
                var list = Many(op, value, at, parsing, (e, p) => Text(e, p, parsing));
                if (list is null)
                {
                    return null;
                }

                var values = list.ToFrozenSet(ignoreCase);
                var wanted = op == In;
                return Leaf((f, _) => (read(f) is { } s && values.Contains(s)) == wanted);
            case Matches:
                return One(op, value, at, parsing) is { } pattern && Regex(pattern, at, parsing) is { } regex ? MatchLeaf(regex) : null;
            default:
                if (One(op, value, at, parsing) is not { } one || Text(one, at, parsing) is not { } v)
                {
                    return null;
                }

                return op switch
                {
                    Is => Leaf((f, _) => ignoreCase.Equals(read(f), v)),
                    IsNot => Leaf((f, _) => !ignoreCase.Equals(read(f), v)),
                    Contains => new LeafTest(
                        (f, _) => read(f)?.Contains(v, StringComparison.OrdinalIgnoreCase) == true,
                        (f, _) => read(f) is { } s ? Excerpt(s, Math.Max(0, s.IndexOf(v, StringComparison.OrdinalIgnoreCase)), v.Length) : null,
                        needs),
                    NotContains => Leaf((f, _) => read(f)?.Contains(v, StringComparison.OrdinalIgnoreCase) != true),
                    _ => throw new ArgumentOutOfRangeException(nameof(op), op, "Checked against the field's operators before."),
                };
        }
    }

    private LeafTest Leaf(Func<TicketFacts, EvaluationContext, bool> test) =>
        new(test, (f, _) => read(f) is { } s ? Excerpt(s) : null, needs);

    private LeafTest MatchLeaf(Regex regex) => new(
        (f, c) => read(f) is { } s && IsMatch(regex, s, f, c),
        (f, _) =>
        {
            if (read(f) is not { } s)
            {
                return null;
            }

            try
            {
                var match = regex.Match(s);
                return match.Success ? Excerpt(s, match.Index, match.Length) : Excerpt(s);
            }
            catch (RegexMatchTimeoutException)
            {
                return Excerpt(s);
            }
        },
        needs);

    private bool IsMatch(Regex regex, string input, TicketFacts facts, EvaluationContext context)
    {
        try
        {
            return regex.IsMatch(input);
        }
        catch (RegexMatchTimeoutException)
        {
            context.TimedOut(new RegexTimeout(Name, regex.ToString(), facts.TicketId));
            return false;
        }
    }

    private string? Text(JsonElement value, string path, RuleParsing parsing)
    {
        var text = RuleJson.String(value, path, parsing, MaxTextValue);
        if (text is not null && options is not null && !options.Contains(text, StringComparer.OrdinalIgnoreCase))
        {
            parsing.Error(path, $"'{text}' is not an option of '{Name}'; options: {string.Join(", ", options)}.");
            return null;
        }

        return text;
    }

    private static Regex? Regex(JsonElement value, string path, RuleParsing parsing)
    {
        if (RuleJson.String(value, path, parsing, MaxPattern) is not { } pattern)
        {
            return null;
        }

        var options = RegexOptions.IgnoreCase | RegexOptions.CultureInvariant | (parsing.Vocabulary.CompileRegexes ? RegexOptions.Compiled : RegexOptions.None);
        try
        {
            return new Regex(pattern, options, parsing.Vocabulary.RegexTimeout);
        }
        catch (ArgumentException ex)
        {
            parsing.Error(path, $"Not a valid regular expression: {ex.Message}");
            return null;
        }
    }
}

/// <summary>The ticket's tags: contains (has this tag), in (has any of these), isSet (has any tag) and their negations.</summary>
internal sealed class TagsField() : RuleField(RuleFields.Tags, Contains, NotContains, In, NotIn, IsSet, IsNotSet)
{
    internal override LeafTest? Compile(ConditionOperator op, JsonElement? value, string path, RuleParsing parsing)
    {
        var at = RuleJson.Member(path, "value");
        Func<TicketFacts, EvaluationContext, bool> test;
        switch (op)
        {
            case IsSet or IsNotSet:
                if (!NoValue(op, value, at, parsing))
                {
                    return null;
                }

                var set = op == IsSet;
                test = (f, _) => f.Tags.Count > 0 == set;
                break;
            case In or NotIn:
                var tags = Many(op, value, at, parsing, (e, p) => Tag(e, p, parsing))?.ToArray();
                if (tags is null)
                {
                    return null;
                }

                var wanted = op == In;
                test = (f, _) => tags.Any(f.Tags.Contains) == wanted;
                break;
            default:
                if (One(op, value, at, parsing) is not { } one || Tag(one, at, parsing) is not { } tag)
                {
                    return null;
                }

                var has = op == Contains;
                test = (f, _) => f.Tags.Contains(tag) == has;
                break;
        }

        return new LeafTest(test, (f, _) => string.Join(", ", f.Tags.Order(StringComparer.Ordinal)), FactNeeds.Tags);
    }

    private static string? Tag(JsonElement value, string path, RuleParsing parsing)
    {
        if (RuleJson.String(value, path, parsing, 64) is not { } name)
        {
            return null;
        }

        if (!Tickets.Tag.IsValid(name))
        {
            parsing.Error(path, $"'{name}' is not a valid tag: use 1–64 letters, digits or - _ . : / without spaces.");
            return null;
        }

        return Tickets.Tag.Normalize(name);
    }
}

/// <summary>The requester, named by contact id or by email address.</summary>
internal sealed class RequesterField() : RuleField(RuleFields.Requester, Is, IsNot, In, NotIn)
{
    internal override LeafTest? Compile(ConditionOperator op, JsonElement? value, string path, RuleParsing parsing)
    {
        var at = RuleJson.Member(path, "value");
        var people = op is In or NotIn
            ? Many(op, value, at, parsing, (e, p) => Person(e, p, parsing))
            : One(op, value, at, parsing) is { } one && Person(one, at, parsing) is { } person ? [person] : null;
        if (people is null)
        {
            return null;
        }

        var ids = people.Where(p => p.Id is not null).Select(p => p.Id!.Value).ToFrozenSet();
        var emails = people.Where(p => p.Email is not null).Select(p => p.Email!).ToFrozenSet(StringComparer.Ordinal);
        var wanted = op is Is or In;
        return new LeafTest(
            (f, _) => (ids.Contains(f.RequesterId) || (f.RequesterEmail is { } email && emails.Contains(email))) == wanted,
            (f, _) => f.RequesterEmail is { } email ? $"{f.RequesterId} ({email})" : f.RequesterId.ToString(CultureInfo.InvariantCulture),
            emails.Count > 0 ? FactNeeds.RequesterEmail : FactNeeds.None);
    }

    private static Who? Person(JsonElement value, string path, RuleParsing parsing)
    {
        if (value.ValueKind == JsonValueKind.Number)
        {
            if (RuleJson.Id(value, path, parsing) is not { } id)
            {
                return null;
            }

            parsing.Reference(ReferenceKind.Contact, id, path);
            return new Who(id, null);
        }

        if (value.ValueKind == JsonValueKind.String && ContactIdentity.Normalize(IdentityKind.Email, value.GetString()!) is { } email)
        {
            return new Who(null, email);
        }

        parsing.Error(path, "Expected a contact id or an email address.");
        return null;
    }

    private sealed record Who(long? Id, string? Email);
}

/// <summary>The fields conditions can test, by name.</summary>
public static class RuleFields
{
    public const string Requester = "requester";
    public const string Tags = "tags";
    public const string CustomPrefix = "custom.";

    private static readonly ConditionOperator[] Choice = [Is, IsNot, In, NotIn];
    private static readonly ConditionOperator[] Ordered = [Is, IsNot, In, NotIn, GreaterThan, LessThan];
    private static readonly ConditionOperator[] Reference = [Is, IsNot, In, NotIn, IsSet, IsNotSet];
    private static readonly ConditionOperator[] Text = [Is, IsNot, In, NotIn, Contains, NotContains, Matches, IsSet, IsNotSet];

    private static readonly FrozenDictionary<string, RuleField> BuiltIn = new RuleField[]
    {
        Enum<ChannelKind>("channel", f => f.Channel, "channel", FactNeeds.None, Choice),
        Enum<TicketStatus>("status", f => f.Status, "status", FactNeeds.None, Choice),
        Enum<TicketPriority>("priority", f => f.Priority, "priority", FactNeeds.None, Ordered),
        Enum<TicketType>("type", f => f.Type, "type", FactNeeds.None, Choice),
        Id("category", f => f.CategoryId, ReferenceKind.Category),
        Id("team", f => f.TeamId, ReferenceKind.Team),
        Id("assignee", f => f.AssigneeId, ReferenceKind.Agent),
        new RequesterField(),
        new TextField("requester.email", f => f.RequesterEmail, FactNeeds.RequesterEmail, null, Text),
        Id("organization", f => f.OrganizationId, ReferenceKind.Organization),
        Enum<OrganizationTier>("organization.tier", f => f.OrganizationTier, "tier", FactNeeds.OrganizationTier, [.. Ordered, IsSet, IsNotSet]),
        new TextField("subject", f => f.Subject, FactNeeds.None, null, Text),
        new TextField("body", f => f.Body, FactNeeds.Body, null, Text),
        new TextField("language", f => f.Language, FactNeeds.None, null, Is, IsNot, In, NotIn, IsSet, IsNotSet),
        new TagsField(),
        new ValueField<double>("hoursSinceUpdate", (f, c) => (c.Now - f.LastUpdatedAt).TotalHours, Hours, h => h.ToString("0.##", CultureInfo.InvariantCulture), FactNeeds.LastUpdate, GreaterThan, LessThan),
        new ValueField<bool>("withinBusinessHours", (f, c) => c.IsWithinBusinessHours(f), Flag, Show, FactNeeds.None, Is, IsNot),
    }.ToFrozenDictionary(f => f.Name, StringComparer.Ordinal);

    /// <summary>The built-in field names, in the order the API documents them (custom fields follow as custom.&lt;key&gt;).</summary>
    public static IEnumerable<string> Names => BuiltIn.Keys.Order(StringComparer.Ordinal);

    /// <summary>The field of this name, or null after recording why there is none.</summary>
    internal static RuleField? Find(string name, string path, RuleParsing parsing)
    {
        if (BuiltIn.TryGetValue(name, out var field))
        {
            return field;
        }

        if (!name.StartsWith(CustomPrefix, StringComparison.Ordinal))
        {
            parsing.Error(path, $"Unknown field '{name}'; fields: {string.Join(", ", Names)}, custom.<key>.");
            return null;
        }

        var key = name[CustomPrefix.Length..];
        if (!parsing.Vocabulary.CustomFields.TryGetValue(key, out var definition))
        {
            var known = parsing.Vocabulary.CustomFields.Keys.Order(StringComparer.Ordinal).ToList();
            parsing.Error(path, $"Unknown custom field '{key}'; " + (known.Count == 0 ? "none is defined." : $"defined: {string.Join(", ", known)}."));
            return null;
        }

        return Custom(name, definition);
    }

    private static RuleField Custom(string name, CustomFieldDefinition definition)
    {
        var key = definition.Key;
        string? Read(TicketFacts f) => f.CustomFields.GetValueOrDefault(key);
        return definition.Kind switch
        {
            CustomFieldKind.Number => new ValueField<decimal>(
                name,
                (f, _) => Read(f) is { } s && decimal.TryParse(s, NumberStyles.Number, CultureInfo.InvariantCulture, out var d) ? d : null,
                Number,
                d => d.ToString(CultureInfo.InvariantCulture),
                FactNeeds.None,
                [.. Ordered, IsSet, IsNotSet]),
            CustomFieldKind.Date => new ValueField<DateOnly>(
                name,
                (f, _) => Read(f) is { } s && DateOnly.TryParseExact(s, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var d) ? d : null,
                Date,
                d => d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
                FactNeeds.None,
                [.. Ordered, IsSet, IsNotSet]),
            CustomFieldKind.Checkbox => new ValueField<bool>(name, (f, _) => Read(f) is { } s ? s == "true" : null, Flag, Show, FactNeeds.None, Is, IsNot, IsSet, IsNotSet),
            CustomFieldKind.Dropdown => new TextField(name, Read, FactNeeds.None, definition.Options, Reference),
            _ => new TextField(name, Read, FactNeeds.None, null, Text),
        };
    }

    private static ValueField<T> Enum<T>(string name, Func<TicketFacts, T?> read, string what, FactNeeds needs, ConditionOperator[] operators)
        where T : struct, Enum =>
        new(name, (f, _) => read(f), (e, p, parsing) => RuleJson.Enum<T>(e, p, parsing, what), RuleJson.Name, needs, operators);

    private static ValueField<T> Enum<T>(string name, Func<TicketFacts, T> read, string what, FactNeeds needs, ConditionOperator[] operators)
        where T : struct, Enum =>
        Enum<T>(name, f => (T?)read(f), what, needs, operators);

    private static ValueField<long> Id(string name, Func<TicketFacts, long?> read, ReferenceKind kind) => new(
        name,
        (f, _) => read(f),
        (e, p, parsing) =>
        {
            var id = RuleJson.Id(e, p, parsing);
            if (id is { } known)
            {
                parsing.Reference(kind, known, p);
            }

            return id;
        },
        id => id.ToString(CultureInfo.InvariantCulture),
        FactNeeds.None,
        Reference);

    private static double? Hours(JsonElement value, string path, RuleParsing parsing)
    {
        if (value.ValueKind == JsonValueKind.Number && value.TryGetDouble(out var hours) && hours >= 0 && hours <= 24 * 3660)
        {
            return hours;
        }

        parsing.Error(path, "Expected a number of hours (0 or more).");
        return null;
    }

    private static decimal? Number(JsonElement value, string path, RuleParsing parsing)
    {
        if (value.ValueKind == JsonValueKind.Number && value.TryGetDecimal(out var number))
        {
            return number;
        }

        parsing.Error(path, $"Expected a number, not {RuleJson.Describe(value.ValueKind)}.");
        return null;
    }

    private static DateOnly? Date(JsonElement value, string path, RuleParsing parsing)
    {
        if (value.ValueKind == JsonValueKind.String
            && DateOnly.TryParseExact(value.GetString(), "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date))
        {
            return date;
        }

        parsing.Error(path, "Expected a date written yyyy-MM-dd.");
        return null;
    }

    private static bool? Flag(JsonElement value, string path, RuleParsing parsing)
    {
        if (value.ValueKind is JsonValueKind.True or JsonValueKind.False)
        {
            return value.GetBoolean();
        }

        parsing.Error(path, $"Expected true or false, not {RuleJson.Describe(value.ValueKind)}.");
        return null;
    }

    private static string Show(bool value) => value ? "true" : "false";
}
