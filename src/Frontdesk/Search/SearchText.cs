using System.Globalization;
using System.Text;
using Frontdesk.Domain.Contacts;

namespace Frontdesk.Search;

/// <summary>
/// What someone typed into the search box, reduced to words every engine can take safely. Operators, quotes and
/// brackets are never passed through as syntax: each word becomes a quoted literal that the engine's own
/// tokenizer splits (so "jane.doe@example.com" is one phrase) and all words must match. Where the caller asks
/// for it (names of people and organizations, looked up while typing) the last word also matches as a prefix.
/// </summary>
public sealed class SearchText
{
    public const int MaxLength = 500;
    public const int MaxWords = 12;

    public const int MinPrefixLength = 2;

    private SearchText(IReadOnlyList<string> words, bool lastCanBePrefix, string? email, string? phone, long? ticketNumber)
    {
        Words = words;
        LastCanBePrefix = lastCanBePrefix;
        Email = email;
        Phone = phone;
        TicketNumber = ticketNumber;
    }

    /// <summary>The words as typed (punctuation inside a word is kept for the engine's tokenizer), at least one letter or digit each.</summary>
    public IReadOnlyList<string> Words { get; }

    /// <summary>Whether the last word is long enough to match as a prefix without expanding to most of the vocabulary.</summary>
    public bool LastCanBePrefix { get; }

    public bool IsEmpty => Words.Count == 0;

    /// <summary>The whole query read as one email address, normalised as identities are stored.</summary>
    public string? Email { get; }

    /// <summary>The whole query read as one phone number, normalised as identities are stored.</summary>
    public string? Phone { get; }

    /// <summary>The whole query read as a ticket number ("1042" or "#1042").</summary>
    public long? TicketNumber { get; }

    public static SearchText Parse(string text)
    {
        text = Clean(text);
        var words = text
            .Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries)
            .Where(HasWordCharacter)
            .Take(MaxWords)
            .ToList();
        var lastCanBePrefix = words.Count > 0 && LastTokenLength(words[^1]) >= MinPrefixLength;

        var whole = text.Trim();
        var email = whole.Contains('@', StringComparison.Ordinal) ? ContactIdentity.Normalize(IdentityKind.Email, whole) : null;
        var phone = whole.Count(char.IsAsciiDigit) >= 7 ? ContactIdentity.Normalize(IdentityKind.Phone, whole) : null;
        long? number = long.TryParse(whole.TrimStart('#'), NumberStyles.None, CultureInfo.InvariantCulture, out var n) ? n : null;
        return new SearchText(words, lastCanBePrefix, email, phone, number);
    }

    /// <summary>
    /// An FTS5 query: each word a double-quoted string (quotes doubled, so nothing inside is syntax), implicitly
    /// ANDed, the last one with the prefix star when asked. With a column, only that column may match.
    /// </summary>
    public string ToFts5(string? column = null, bool prefix = false)
    {
        var query = new StringBuilder();
        for (var i = 0; i < Words.Count; i++)
        {
            if (i > 0)
            {
                query.Append(' ');
            }

            AppendFts5Word(query, i, prefix);
        }

        return WithColumn(query.ToString(), column);
    }

    /// <summary>Any of the words, for requiring that at least one of them is in a given column.</summary>
    public string AnyWordToFts5(string column)
    {
        var words = Enumerable.Range(0, Words.Count).Select(i => WordToFts5(i));
        return WithColumn(string.Join(" OR ", words), column);
    }

    /// <summary>One word alone, as <see cref="ToFts5"/> would write it: for estimating how common each word is.</summary>
    public string WordToFts5(int index, string? column = null, bool prefix = false)
    {
        var query = new StringBuilder();
        AppendFts5Word(query, index, prefix);
        return WithColumn(query.ToString(), column);
    }

    private void AppendFts5Word(StringBuilder query, int index, bool prefix)
    {
        query.Append('"').Append(Words[index].Replace("\"", "\"\"", StringComparison.Ordinal)).Append('"');
        if (prefix && index == Words.Count - 1 && LastCanBePrefix)
        {
            query.Append('*');
        }
    }

    private static string WithColumn(string query, string? column) => column is null ? query : $"{{{column}}} : ({query})";

    /// <summary>Any of the words, as a to_tsquery text.</summary>
    public string AnyWordToTsQuery() => string.Join(" | ", Enumerable.Range(0, Words.Count).Select(TsQueryWord));

    /// <summary>
    /// A to_tsquery text: each word a single-quoted lexeme (quotes doubled, backslashes escaped) that PostgreSQL's
    /// parser splits into a phrase, words joined by &amp;, the last one with :* when asked.
    /// </summary>
    public string ToTsQuery(bool prefix = false)
    {
        var query = new StringBuilder();
        for (var i = 0; i < Words.Count; i++)
        {
            if (i > 0)
            {
                query.Append(" & ");
            }

            query.Append(TsQueryWord(i));
            if (prefix && i == Words.Count - 1 && LastCanBePrefix)
            {
                query.Append(":*");
            }
        }

        return query.ToString();
    }

    private string TsQueryWord(int index) =>
        "'" + Words[index].Replace("\\", "\\\\", StringComparison.Ordinal).Replace("'", "''", StringComparison.Ordinal) + "'";

    /// <summary>Control characters (NUL among them, which PostgreSQL refuses in text) and broken surrogates become spaces.</summary>
    private static string Clean(string text)
    {
        var clean = new StringBuilder(text.Length);
        foreach (var rune in text.EnumerateRunes())
        {
            clean.Append(Rune.IsControl(rune) || rune == Rune.ReplacementChar ? " " : rune.ToString());
        }

        return clean.ToString();
    }

    private static bool HasWordCharacter(string word) => word.Any(char.IsLetterOrDigit);

    private static int LastTokenLength(string word)
    {
        var length = 0;
        for (var i = word.Length - 1; i >= 0; i--)
        {
            if (char.IsLetterOrDigit(word[i]))
            {
                length++;
            }
            else if (length > 0)
            {
                break;
            }
        }

        return length;
    }
}
