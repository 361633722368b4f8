using System.Globalization;
using System.Text.Json;
using Frontdesk.Domain.Tickets;

namespace Frontdesk.Domain.Automation;

/// <summary>One thing wrong with a rule, at a JSON path such as <c>conditions.all[1].any[0].field</c>.</summary>
public sealed record RuleError(string Path, string Message);

/// <summary>Kinds of record a rule can name by id; whether they exist is checked where the database is.</summary>
public enum ReferenceKind
{
    Category,
    Team,
    Agent,
    Contact,
    Organization,
}

/// <summary>An id a rule names, with where it names it, to be checked against the database.</summary>
public sealed record RuleReference(ReferenceKind Kind, long Id, string Path);

/// <summary>What a rule may refer to besides the built-in fields: the instance's custom fields, and how regexes run.</summary>
public sealed record RuleVocabulary(IReadOnlyDictionary<string, CustomFieldDefinition> CustomFields)
{
    public static readonly TimeSpan DefaultRegexTimeout = TimeSpan.FromMilliseconds(100);

    public static readonly RuleVocabulary Empty = new(new Dictionary<string, CustomFieldDefinition>());

    /// <summary>How long one regex match may run before it counts as no match.</summary>
    public TimeSpan RegexTimeout { get; init; } = DefaultRegexTimeout;

    /// <summary>Compile regexes to IL: slower to build, faster to run; worth it for the rule set kept in memory.</summary>
    public bool CompileRegexes { get; init; }
}

/// <summary>
/// Collects what parsing a rule finds: every error with its path (so an admin hears about all of them at once) and
/// every id it names.
/// </summary>
public sealed class RuleParsing(RuleVocabulary vocabulary)
{
    private readonly List<RuleError> _errors = [];
    private readonly List<RuleReference> _references = [];

    public RuleVocabulary Vocabulary => vocabulary;

    /// <summary>True when parsing what was stored (for example a protected webhook secret), false for what a caller sent.</summary>
    public bool FromStorage { get; init; }

    public IReadOnlyList<RuleError> Errors => _errors;

    public IReadOnlyList<RuleReference> References => _references;

    public bool Failed => _errors.Count > 0;

    public void Error(string path, string message) => _errors.Add(new RuleError(path, message));

    public void Reference(ReferenceKind kind, long id, string path) => _references.Add(new RuleReference(kind, id, path));
}

/// <summary>Reading rule JSON with paths in every error.</summary>
public static class RuleJson
{
    public static string Index(string path, int i) => $"{path}[{i.ToString(CultureInfo.InvariantCulture)}]";

    public static string Member(string path, string name) => path.Length == 0 ? name : $"{path}.{name}";

    public static string Describe(JsonValueKind kind) => kind switch
    {
        JsonValueKind.Object => "an object",
        JsonValueKind.Array => "an array",
        JsonValueKind.String => "a string",
        JsonValueKind.Number => "a number",
        JsonValueKind.True or JsonValueKind.False => "a boolean",
        _ => "null",
    };

    /// <summary>Records an error for each property not in <paramref name="allowed"/>; false when there was one.</summary>
    public static bool OnlyKnownProperties(JsonElement obj, string path, RuleParsing parsing, params string[] allowed)
    {
        var ok = true;
        foreach (var property in obj.EnumerateObject())
        {
            if (!allowed.Contains(property.Name, StringComparer.Ordinal))
            {
                parsing.Error(Member(path, property.Name), $"Unknown property '{property.Name}'; expected {string.Join(", ", allowed)}.");
                ok = false;
            }
        }

        return ok;
    }

    /// <summary>A property that is present and not null.</summary>
    public static JsonElement? Property(JsonElement obj, string name) =>
        obj.TryGetProperty(name, out var value) && value.ValueKind != JsonValueKind.Null ? value : null;

    /// <summary>A required string of 1 to <paramref name="maxLength"/> characters; null after recording why not.</summary>
    public static string? RequiredString(JsonElement obj, string name, string path, RuleParsing parsing, int maxLength)
    {
        var at = Member(path, name);
        if (Property(obj, name) is not { } value)
        {
            parsing.Error(at, $"'{name}' is required.");
            return null;
        }

        return String(value, at, parsing, maxLength);
    }

    public static string? String(JsonElement value, string path, RuleParsing parsing, int maxLength)
    {
        if (value.ValueKind != JsonValueKind.String)
        {
            parsing.Error(path, $"Expected a string, not {Describe(value.ValueKind)}.");
            return null;
        }

        var text = value.GetString()!;
        if (text.Length == 0 || text.Length > maxLength)
        {
            parsing.Error(path, $"Expected 1 to {maxLength} characters.");
            return null;
        }

        return text;
    }

    /// <summary>A positive whole number (a record's id); null after recording why not.</summary>
    public static long? Id(JsonElement value, string path, RuleParsing parsing)
    {
        if (value.ValueKind == JsonValueKind.Number && value.TryGetInt64(out var id) && id > 0)
        {
            return id;
        }

        parsing.Error(path, $"Expected an id (a positive whole number), not {Describe(value.ValueKind)}{(value.ValueKind == JsonValueKind.Number ? $" {value.GetRawText()}" : "")}.");
        return null;
    }

    /// <summary>An enum value written by name (camelCase, any letter case); numbers are refused.</summary>
    public static T? Enum<T>(JsonElement value, string path, RuleParsing parsing, string what)
        where T : struct, Enum
    {
        if (value.ValueKind == JsonValueKind.String && TryName<T>(value.GetString()!, out var parsed))
        {
            return parsed;
        }

        var given = value.ValueKind == JsonValueKind.String ? $"'{value.GetString()}'" : Describe(value.ValueKind);
        parsing.Error(path, $"Unknown {what} {given}; one of {string.Join(", ", Names<T>())}.");
        return null;
    }

    public static bool TryName<T>(string name, out T value)
        where T : struct, Enum
    {
        value = default;
        return name.Length > 0 && char.IsLetter(name[0]) && System.Enum.TryParse(name, ignoreCase: true, out value) && System.Enum.IsDefined(value);
    }

    public static IEnumerable<string> Names<T>()
        where T : struct, Enum => System.Enum.GetNames<T>().Select(CamelCase);

    public static string Name<T>(T value)
        where T : struct, Enum => CamelCase(value.ToString());

    public static string CamelCase(string name) => name.Length == 0 ? name : char.ToLowerInvariant(name[0]) + name[1..];
}
