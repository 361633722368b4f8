using System.Text;
using System.Text.RegularExpressions;
using MimeKit;

namespace Frontdesk.Channels.Email;

/// <summary>
/// Reads header text whose charset MimeKit cannot know: raw 8-bit bytes, or encoded words whose label lies
/// (8-bit "ISO-2022-JP"). Decoded with <see cref="MailText"/>'s rules, adjacent encoded words of one charset joined first.
/// </summary>
internal static partial class HeaderText
{
    /// <summary>Whether MimeKit's own reading of the header may be wrong, so <see cref="Decode"/> should be used.</summary>
    public static bool NeedsOwnDecoding(Header header)
    {
        var raw = header.RawValue;
        return raw.AsSpan().ContainsAnyInRange((byte)0x80, (byte)0xFF)
            || header.Value.Contains('\uFFFD', StringComparison.Ordinal)
            || Encoding.Latin1.GetString(raw).Contains("=?iso-2022-jp?", StringComparison.OrdinalIgnoreCase);
    }

    /// <summary>Decodes the raw header; 8-bit text outside encoded words that is not UTF-8 is read in the body's charset.</summary>
    public static string Decode(byte[] raw, Encoding? bodyCharset)
    {
        var text = Unfold().Replace(Encoding.Latin1.GetString(raw), " ").Trim();
        var result = new StringBuilder();
        var pending = new List<byte>();
        string? pendingCharset = null;
        var last = 0;
        foreach (Match word in EncodedWord().Matches(text))
        {
            var between = text[last..word.Index];
            var charset = word.Groups["charset"].Value.Split('*')[0];
            var adjacent = string.IsNullOrWhiteSpace(between) && pendingCharset is not null;
            if (!adjacent || !string.Equals(charset, pendingCharset, StringComparison.OrdinalIgnoreCase))
            {
                Flush();
                if (!adjacent)
                {
                    result.Append(DecodeRaw(between, bodyCharset));
                }
            }

            pendingCharset = charset;
            pending.AddRange(WordBytes(word.Groups["encoding"].Value, word.Groups["text"].Value));
            last = word.Index + word.Length;
        }

        Flush();
        result.Append(DecodeRaw(text[last..], bodyCharset));
        return result.ToString().Replace("\0", "", StringComparison.Ordinal);

        void Flush()
        {
            if (pendingCharset is not null)
            {
                result.Append(MailText.Decode(pending.ToArray(), MailText.EncodingNamed(pendingCharset)));
            }

            pending.Clear();
            pendingCharset = null;
        }
    }

    private static string DecodeRaw(string latin1, Encoding? bodyCharset)
    {
        var bytes = Encoding.Latin1.GetBytes(latin1);
        return System.Text.Unicode.Utf8.IsValid(bytes) ? Encoding.UTF8.GetString(bytes) : MailText.Decode(bytes, bodyCharset);
    }

    private static byte[] WordBytes(string encoding, string text)
    {
        if (encoding.Equals("B", StringComparison.OrdinalIgnoreCase))
        {
            var base64 = text.TrimEnd('=');
            base64 = base64.PadRight(base64.Length + ((4 - (base64.Length % 4)) % 4), '=');
            try
            {
                return Convert.FromBase64String(base64);
            }
            catch (FormatException)
            {
                return Encoding.Latin1.GetBytes(text);
            }
        }

        var bytes = new List<byte>(text.Length);
        for (var i = 0; i < text.Length; i++)
        {
            if (text[i] == '_')
            {
                bytes.Add((byte)' ');
            }
            else if (text[i] == '=' && i + 2 < text.Length && byte.TryParse(text.AsSpan(i + 1, 2), System.Globalization.NumberStyles.HexNumber, null, out var value))
            {
                bytes.Add(value);
                i += 2;
            }
            else
            {
                bytes.Add((byte)text[i]);
            }
        }

        return bytes.ToArray();
    }

    [GeneratedRegex(@"=\?(?<charset>[^?\s]+)\?(?<encoding>[BbQq])\?(?<text>[^?\s]*)\?=")]
    private static partial Regex EncodedWord();

    [GeneratedRegex(@"\r?\n[ \t]+")]
    private static partial Regex Unfold();
}
