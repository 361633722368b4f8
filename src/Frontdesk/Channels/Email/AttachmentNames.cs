using MimeKit;

namespace Frontdesk.Channels.Email;

/// <summary>Safe file names for attachments: decoded by MimeKit (RFC 2231, encoded words), without path parts or control characters.</summary>
internal static class AttachmentNames
{
    private const int MaxLength = 200;

    /// <summary>The cleaned name, or null when the mail gives none that is usable.</summary>
    public static string? Clean(string? raw)
    {
        if (string.IsNullOrWhiteSpace(raw))
        {
            return null;
        }

        var name = raw.Replace('\\', '/');
        name = name[(name.LastIndexOf('/') + 1)..];
        name = new string(name.Where(c => !char.IsControl(c)).ToArray()).Trim();
        if (name.Length == 0 || name.All(c => c == '.'))
        {
            return null;
        }

        if (name.Length > MaxLength)
        {
            var extension = Path.GetExtension(name);
            extension = extension.Length is > 1 and <= 16 ? extension : "";
            name = name[..(MaxLength - extension.Length)] + extension;
        }

        return name;
    }

    /// <summary>A name for an unnamed part: <c>attachment-1.pdf</c>, by its media type.</summary>
    public static string Unnamed(int number, string mimeType) =>
        $"attachment-{number}{(MimeTypes.TryGetExtension(mimeType, out var extension) ? extension : ".bin")}";

    /// <summary>An attached mail is named for its file name or subject, always ending in .eml.</summary>
    public static string ForMessage(string? fileName, string? subject, int number)
    {
        var name = Clean(fileName) ?? Clean(subject?.Replace('/', '_').Replace('\\', '_')) ?? $"message-{number}";
        return name.EndsWith(".eml", StringComparison.OrdinalIgnoreCase) ? name : name + ".eml";
    }
}
