namespace Frontdesk.Channels.Email;

/// <summary>Limits for reading inbound mail (config section <c>Frontdesk:Mail</c>).</summary>
public sealed class MailOptions
{
    public const string Section = "Frontdesk:Mail";

    /// <summary>Largest attachment stored, in decoded bytes; larger ones are left out with a note.</summary>
    public long MaxAttachmentBytes { get; set; } = 100L * 1024 * 1024;
}
