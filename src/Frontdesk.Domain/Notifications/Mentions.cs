using System.Text.RegularExpressions;

namespace Frontdesk.Domain.Notifications;

/// <summary>A person who can be mentioned: <c>@jane.doe</c> (the email's local part), <c>@JaneDoe</c> (the name without spaces) or <c>@Jane</c> (the first name, when only one agent has it).</summary>
public sealed record Mentionable(long Id, string Name, string Email);

/// <summary>Finds the agents an internal note names with <c>@handle</c>.</summary>
public static partial class Mentions
{
    public static IReadOnlyList<string> Handles(string text) =>
        HandlePattern().Matches(text).Select(m => m.Groups[1].Value.TrimEnd('.', '-', '_')).Where(h => h.Length >= 2).Distinct(StringComparer.OrdinalIgnoreCase).ToList();

    public static IReadOnlyList<long> Resolve(string text, IReadOnlyList<Mentionable> people)
    {
        var handles = Handles(text);
        if (handles.Count == 0)
        {
            return [];
        }

        var found = new List<long>();
        foreach (var handle in handles)
        {
            var match = people.FirstOrDefault(p => Local(p.Email).Equals(handle, StringComparison.OrdinalIgnoreCase))
                ?? people.FirstOrDefault(p => p.Name.Replace(" ", "", StringComparison.Ordinal).Equals(handle, StringComparison.OrdinalIgnoreCase));
            if (match is null)
            {
                var byFirstName = people.Where(p => FirstName(p.Name).Equals(handle, StringComparison.OrdinalIgnoreCase)).Take(2).ToList();
                match = byFirstName.Count == 1 ? byFirstName[0] : null;
            }

            if (match is not null && !found.Contains(match.Id))
            {
                found.Add(match.Id);
            }
        }

        return found;
    }

    private static string Local(string email) => email[..Math.Max(0, email.IndexOf('@', StringComparison.Ordinal))];

    private static string FirstName(string name) => name.Split(' ', StringSplitOptions.RemoveEmptyEntries).FirstOrDefault() ?? "";

    // Not part of an email address (no letter or @ just before it).
    [GeneratedRegex(@"(?<![\p{L}\p{N}@._-])@([\p{L}\p{N}][\p{L}\p{N}._-]{1,63})")]
    private static partial Regex HandlePattern();
}
