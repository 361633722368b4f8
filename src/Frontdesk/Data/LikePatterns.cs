namespace Frontdesk.Data;

/// <summary>"contains" searches as SQL LIKE patterns, with the user's % and _ taken literally.</summary>
public static class LikePatterns
{
    /// <summary>The escape character to pass to EF.Functions.Like with <see cref="Containing"/>.</summary>
    public const string Escape = "\\";

    public static string Containing(string term) => "%" + Exactly(term) + "%";

    /// <summary>The whole text, nothing else: with lower-cased columns, a case-insensitive equality both providers run alike.</summary>
    public static string Exactly(string term) =>
        term.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("%", "\\%", StringComparison.Ordinal).Replace("_", "\\_", StringComparison.Ordinal);
}
