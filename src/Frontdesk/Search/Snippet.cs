using System.Globalization;
using System.Text;

namespace Frontdesk.Search;

/// <summary>
/// A short plain-text excerpt of a message around the first searched word in it, the same on every database.
/// Words are compared as the index compares them: ignoring case and accents, whole words first.
/// </summary>
public static class Snippet
{
    private const int Before = 60;
    private const int After = 160;
    private const CompareOptions Loose = CompareOptions.IgnoreCase | CompareOptions.IgnoreNonSpace;

    public static string Around(string text, SearchText query)
    {
        var (at, length) = FirstMatch(text, Tokens(query));
        var start = Math.Max(0, at - Before);
        var end = Math.Min(text.Length, at + length + After);
        if (start > 0)
        {
            // Start at a word, not inside one.
            var space = text.IndexOf(' ', start, at - start);
            start = space >= 0 ? space + 1 : start;
        }

        if (end < text.Length)
        {
            var space = text.LastIndexOf(' ', end - 1, end - (at + length));
            end = space >= 0 ? space : end;
        }

        var snippet = new StringBuilder();
        if (start > 0)
        {
            snippet.Append('…');
        }

        var blank = false;
        foreach (var c in text.AsSpan(start, end - start))
        {
            if (char.IsWhiteSpace(c))
            {
                blank = snippet.Length > 0;
                continue;
            }

            if (blank)
            {
                snippet.Append(' ');
                blank = false;
            }

            snippet.Append(c);
        }

        if (end < text.Length)
        {
            snippet.Append('…');
        }

        return snippet.ToString();
    }

    /// <summary>The runs of letters and digits in the searched words, longest first.</summary>
    private static List<string> Tokens(SearchText query)
    {
        var tokens = new List<string>();
        foreach (var word in query.Words)
        {
            var current = new StringBuilder();
            foreach (var c in word.Append(' '))
            {
                if (char.IsLetterOrDigit(c) || (current.Length > 0 && CharUnicodeInfo.GetUnicodeCategory(c) == UnicodeCategory.NonSpacingMark))
                {
                    current.Append(c);
                }
                else if (current.Length > 0)
                {
                    tokens.Add(current.ToString());
                    current.Clear();
                }
            }
        }

        return tokens.Distinct(StringComparer.OrdinalIgnoreCase).OrderByDescending(t => t.Length).ToList();
    }

    /// <summary>The earliest whole-word occurrence of any token; else the earliest occurrence inside a word; else the start.</summary>
    private static (int At, int Length) FirstMatch(string text, List<string> tokens)
    {
        var compare = CultureInfo.InvariantCulture.CompareInfo;
        (int At, int Length)? whole = null, part = null;
        foreach (var token in tokens)
        {
            var from = 0;
            while (from < text.Length)
            {
                var at = compare.IndexOf(text.AsSpan(from), token, Loose, out var length);
                if (at < 0 || (whole is { } w && from + at >= w.At))
                {
                    break;
                }

                at += from;
                part = part is { } p && p.At <= at ? p : (at, length);
                if (IsBoundary(text, at - 1) && IsBoundary(text, at + length))
                {
                    whole = (at, length);
                    break;
                }

                from = at + Math.Max(length, 1);
            }
        }

        return whole ?? part ?? (0, 0);
    }

    private static bool IsBoundary(string text, int index) =>
        index < 0 || index >= text.Length || !char.IsLetterOrDigit(text[index]);
}
