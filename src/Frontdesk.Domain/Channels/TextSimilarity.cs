namespace Frontdesk.Domain.Channels;

/// <summary>How alike two short texts are: Jaccard similarity of their word sets (0 = nothing shared, 1 = same words).</summary>
public static class TextSimilarity
{
    public static double Of(string a, string b)
    {
        var left = Words(a);
        var right = Words(b);
        if (left.Count == 0 || right.Count == 0)
        {
            return 0;
        }

        var shared = left.Count(right.Contains);
        return (double)shared / (left.Count + right.Count - shared);
    }

    /// <summary>Lower-cased words of three letters or more, without the reply and forward prefixes of subjects.</summary>
    public static HashSet<string> Words(string text)
    {
        var words = new HashSet<string>(StringComparer.Ordinal);
        var start = -1;
        for (var i = 0; i <= text.Length; i++)
        {
            var letter = i < text.Length && char.IsLetterOrDigit(text[i]);
            if (letter && start < 0)
            {
                start = i;
            }
            else if (!letter && start >= 0)
            {
                if (i - start >= 3)
                {
                    var word = text[start..i].ToLowerInvariant();
                    if (word is not ("fwd" or "aw" or "wg" or "the" or "and" or "for" or "you" or "with"))
                    {
                        words.Add(word);
                    }
                }

                start = -1;
            }
        }

        return words;
    }
}
