using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;
using Frontdesk.Domain.Common;

namespace Frontdesk.Domain.Tickets;

public enum CustomFieldKind
{
    Text,
    Number,
    Date,
    Dropdown,
    Checkbox,
}

/// <summary>An admin-defined ticket field. Values are validated on every write and stored in canonical text.</summary>
public sealed partial class CustomFieldDefinition
{
    public const int MaxTextLength = 4000;

    private List<string> _options = [];

    private CustomFieldDefinition()
    {
        Key = "";
        Label = "";
    }

    public CustomFieldDefinition(string key, string label, CustomFieldKind kind, IEnumerable<string>? options, bool required)
    {
        Key = key;
        Label = label.Trim();
        Kind = kind;
        _options = options?.Select(o => o.Trim()).ToList() ?? [];
        Required = required;
    }

    public long Id { get; private set; }

    /// <summary>The stable name used in the API (lower-case letters, digits and underscores).</summary>
    public string Key { get; private set; }

    public string Label { get; private set; }

    public CustomFieldKind Kind { get; private set; }

    public IReadOnlyList<string> Options => _options;

    public bool Required { get; private set; }

    public static bool IsValidKey(string key) => KeyPattern().IsMatch(key);

    public void Update(string label, IEnumerable<string>? options, bool required)
    {
        Label = label.Trim();
        if (options is not null)
        {
            _options = options.Select(o => o.Trim()).ToList();
        }

        Required = required;
    }

    /// <summary>Turns a JSON value into the canonical text stored on the ticket, or explains why it does not fit.</summary>
    public Result<string?> Canonicalize(JsonElement value)
    {
        var field = $"customFields.{Key}";
        if (value.ValueKind == JsonValueKind.Null)
        {
            return Required ? Error.Invalid(field, $"'{Label}' is required.") : Result<string?>.Ok(null);
        }

        switch (Kind)
        {
            case CustomFieldKind.Text when value.ValueKind == JsonValueKind.String:
                var text = value.GetString()!;
                return text.Length > MaxTextLength
                    ? Error.Invalid(field, $"'{Label}' is longer than {MaxTextLength} characters.")
                    : text;
            case CustomFieldKind.Number when value.ValueKind == JsonValueKind.Number && value.TryGetDecimal(out var number):
                return number.ToString(CultureInfo.InvariantCulture);
            case CustomFieldKind.Date when value.ValueKind == JsonValueKind.String:
                return DateOnly.TryParseExact(value.GetString(), "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date)
                    ? date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)
                    : Error.Invalid(field, $"'{Label}' must be a date written yyyy-MM-dd.");
            case CustomFieldKind.Dropdown when value.ValueKind == JsonValueKind.String:
                var option = value.GetString()!;
                return _options.Contains(option)
                    ? option
                    : Error.Invalid(field, $"'{option}' is not an option of '{Label}'; options: {string.Join(", ", _options)}.");
            case CustomFieldKind.Checkbox when value.ValueKind is JsonValueKind.True or JsonValueKind.False:
                return value.GetBoolean() ? "true" : "false";
            default:
                return Error.Invalid(field, $"'{Label}' takes {Describe(Kind)}, not {value.ValueKind.ToString().ToLowerInvariant()}.");
        }
    }

    private static string Describe(CustomFieldKind kind) => kind switch
    {
        CustomFieldKind.Number => "a number",
        CustomFieldKind.Date => "a date string (yyyy-MM-dd)",
        CustomFieldKind.Checkbox => "true or false",
        CustomFieldKind.Dropdown => "one of its options as a string",
        _ => "a string",
    };

    [GeneratedRegex("^[a-z][a-z0-9_]{0,63}$")]
    private static partial Regex KeyPattern();
}
