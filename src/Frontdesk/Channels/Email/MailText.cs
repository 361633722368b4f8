using System.Text;
using System.Text.Unicode;
using MimeKit;
using MimeKit.Text;

namespace Frontdesk.Channels.Email;

/// <summary>
/// Reads a text part in whatever charset it came in. Labels lie: unlabelled or "us-ascii" 8-bit text is read as
/// UTF-8 when it is valid UTF-8 and as windows-1252 otherwise, like mail clients do; NUL bytes are dropped.
/// </summary>
internal static class MailText
{
    private static readonly Encoding Windows1252;

    static MailText()
    {
        EncodingSetup.EnsureCodePages();
        Windows1252 = Encoding.GetEncoding(1252);
    }

    public static string Read(TextPart part)
    {
        if (part.Content is null)
        {
            return "";
        }

        using var buffer = new MemoryStream();
        using (var decoded = part.Content.Open())
        {
            decoded.CopyTo(buffer);
        }

        var text = Decode(buffer.GetBuffer().AsSpan(0, (int)buffer.Length), LabelledEncoding(part.ContentType)).Replace("\0", "", StringComparison.Ordinal);
        if (part.IsFlowed)
        {
            var delsp = part.ContentType.Parameters["delsp"] is { } value && value.Equals("yes", StringComparison.OrdinalIgnoreCase);
            text = new FlowedToText { DeleteSpace = delsp }.Convert(text);
        }

        return text;
    }

    public static string Decode(ReadOnlySpan<byte> bytes, Encoding? labelled)
    {
        var isUtf8 = Utf8.IsValid(bytes);
        if (labelled is null || labelled.CodePage is 20127 or 65001)
        {
            return isUtf8 ? Encoding.UTF8.GetString(bytes) : Guess(bytes).GetString(bytes);
        }

        if (labelled.CodePage is 50220 or 50221 or 50222 && HasHighBytes(bytes))
        {
            // ISO-2022-JP is 7-bit; 8-bit "ISO-2022-JP" is Shift_JIS in practice.
            return Encoding.GetEncoding(932).GetString(bytes);
        }

        if (labelled.IsSingleByte && isUtf8 && HasHighBytes(bytes))
        {
            // Valid multi-byte UTF-8 under a single-byte label is a wrong label, not a coincidence.
            return Encoding.UTF8.GetString(bytes);
        }

        // Latin-1 labels mean windows-1252 in practice (curly quotes, euro sign), as browsers read them.
        return (labelled.CodePage == 28591 ? Windows1252 : labelled).GetString(bytes);
    }

    /// <summary>The encoding of the given name as MimeKit knows charsets (with their aliases), or null.</summary>
    public static Encoding? EncodingNamed(string? charset) => LabelledEncoding(new ContentType("text", "plain") { Charset = charset });

    /// <summary>
    /// Unlabelled 8-bit text that is not UTF-8: Chinese when the high bytes come in pairs that read as GB18030
    /// (two-byte CJK text, as in most such spam), else windows-1252.
    /// </summary>
    private static Encoding Guess(ReadOnlySpan<byte> bytes)
    {
        int high = 0, paired = 0;
        for (var i = 0; i < bytes.Length; i++)
        {
            if (bytes[i] < 0x80)
            {
                continue;
            }

            high++;
            if ((i > 0 && bytes[i - 1] >= 0x80) || (i + 1 < bytes.Length && bytes[i + 1] >= 0x80))
            {
                paired++;
            }
        }

        if (high >= 8 && paired >= high * 0.9)
        {
            var gb = Encoding.GetEncoding(54936, EncoderFallback.ExceptionFallback, DecoderFallback.ExceptionFallback);
            try
            {
                gb.GetCharCount(bytes);
                return Encoding.GetEncoding(54936);
            }
            catch (DecoderFallbackException)
            {
                return Windows1252;
            }
        }

        return Windows1252;
    }

    private static bool HasHighBytes(ReadOnlySpan<byte> bytes) => bytes.ContainsAnyInRange((byte)0x80, (byte)0xFF);

    private static Encoding? LabelledEncoding(ContentType type)
    {
        try
        {
            return string.IsNullOrWhiteSpace(type.Charset) ? null : type.CharsetEncoding;
        }
        catch (Exception e) when (e is NotSupportedException or ArgumentException or FormatException)
        {
            return null;
        }
    }
}

/// <summary>Makes the legacy code pages (ISO-2022-JP, GB2312, windows-1252…) available to .NET and MimeKit.</summary>
internal static class EncodingSetup
{
    public static void EnsureCodePages() => Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);
}
