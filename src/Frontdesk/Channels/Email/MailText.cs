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
        Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);
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
        if (labelled is null || labelled.CodePage is 20127 or 65001)
        {
            return Utf8.IsValid(bytes) ? Encoding.UTF8.GetString(bytes) : Windows1252.GetString(bytes);
        }

        // Latin-1 labels mean windows-1252 in practice (curly quotes, euro sign), as browsers read them.
        return (labelled.CodePage == 28591 ? Windows1252 : labelled).GetString(bytes);
    }

    private static Encoding? LabelledEncoding(ContentType type)
    {
        try
        {
            return string.IsNullOrWhiteSpace(type.Charset) ? null : type.CharsetEncoding;
        }
        catch (Exception e) when (e is NotSupportedException or ArgumentException)
        {
            return null;
        }
    }
}
