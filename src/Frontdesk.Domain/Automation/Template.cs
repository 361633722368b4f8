using System.Collections.Frozen;
using System.Text;

namespace Frontdesk.Domain.Automation;

/// <summary>
/// Text with placeholders such as <c>{{ticket.number}}</c> or <c>{{ requester.first_name }}</c>, checked when the
/// rule is saved (an unknown placeholder is an error there, never a blank in a customer's inbox).
/// </summary>
public sealed class Template
{
    public const int MaxLength = 20_000;

    /// <summary>Every placeholder a template may use.</summary>
    public static readonly FrozenSet<string> Placeholders = new[]
    {
        "ticket.id", "ticket.number", "ticket.subject", "ticket.status", "ticket.priority", "ticket.type", "ticket.channel",
        "ticket.language", "ticket.tags", "ticket.url",
        "requester.name", "requester.first_name", "requester.email",
        "assignee.name", "assignee.first_name", "assignee.email",
        "organization.name", "team.name", "category.name", "rule.name",
    }.ToFrozenSet(StringComparer.Ordinal);

    private readonly IReadOnlyList<(string Text, bool IsPlaceholder)> _parts;

    private Template(string source, IReadOnlyList<(string Text, bool IsPlaceholder)> parts)
    {
        Source = source;
        _parts = parts;
        Uses = parts.Where(p => p.IsPlaceholder).Select(p => p.Text).Distinct().ToList();
    }

    public string Source { get; }

    /// <summary>The placeholders this template uses (each once).</summary>
    public IReadOnlyList<string> Uses { get; }

    /// <summary>Parses <paramref name="text"/>; null after recording at <paramref name="path"/> what is wrong.</summary>
    public static Template? Parse(string text, string path, RuleParsing parsing, int maxLength = MaxLength)
    {
        if (text.Length > maxLength)
        {
            parsing.Error(path, $"Expected at most {maxLength} characters.");
            return null;
        }

        var parts = new List<(string, bool)>();
        var ok = true;
        var at = 0;
        while (at < text.Length)
        {
            var open = text.IndexOf("{{", at, StringComparison.Ordinal);
            if (open < 0)
            {
                parts.Add((text[at..], false));
                break;
            }

            var close = text.IndexOf("}}", open + 2, StringComparison.Ordinal);
            if (close < 0)
            {
                parsing.Error(path, $"'{{{{' at character {open + 1} is never closed with '}}}}'.");
                return null;
            }

            if (open > at)
            {
                parts.Add((text[at..open], false));
            }

            var name = text[(open + 2)..close].Trim();
            if (!Placeholders.Contains(name))
            {
                parsing.Error(path, $"Unknown placeholder '{{{{{name}}}}}'; placeholders: {string.Join(", ", Placeholders.Order(StringComparer.Ordinal))}.");
                ok = false;
            }

            parts.Add((name, true));
            at = close + 2;
        }

        return ok ? new Template(text, parts) : null;
    }

    /// <summary>Fills the placeholders; <paramref name="value"/> gives each one's text (null renders as nothing).</summary>
    public string Render(Func<string, string?> value)
    {
        var sb = new StringBuilder(Source.Length + 64);
        foreach (var (text, isPlaceholder) in _parts)
        {
            sb.Append(isPlaceholder ? value(text) : text);
        }

        return sb.ToString();
    }
}
