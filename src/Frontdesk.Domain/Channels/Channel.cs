using Frontdesk.Domain.Tickets;

namespace Frontdesk.Domain.Channels;

public enum MailProtocol
{
    /// <summary>No mailbox is fetched: mail arrives by HTTP or by the CLI pipe.</summary>
    None,
    Imap,
    Pop3,
}

public enum TlsMode
{
    /// <summary>TLS when the server offers it (STARTTLS or the implicit-TLS port).</summary>
    Auto,
    None,
    StartTls,
    Implicit,
}

/// <summary>How an email channel fetches and sends mail. Passwords are stored protected (Data Protection), never in clear.</summary>
public sealed class EmailSettings
{
    public MailProtocol Protocol { get; set; }

    public string? Host { get; set; }

    public int Port { get; set; }

    public TlsMode Tls { get; set; }

    public string? UserName { get; set; }

    public string? PasswordProtected { get; set; }

    /// <summary>The IMAP folder to read (INBOX unless set).</summary>
    public string Folder { get; set; } = "INBOX";

    /// <summary>Where an IMAP message is moved once its ticket is committed; flagged seen in place when empty.</summary>
    public string? ProcessedFolder { get; set; }

    public string? SmtpHost { get; set; }

    public int SmtpPort { get; set; }

    public TlsMode SmtpTls { get; set; }

    public string? SmtpUserName { get; set; }

    public string? SmtpPasswordProtected { get; set; }

    /// <summary>The display name on outgoing mail ("Acme Support").</summary>
    public string? FromName { get; set; }

    /// <summary>Whether a new ticket gets an automatic confirmation to its requester.</summary>
    public bool SendConfirmation { get; set; } = true;
}

/// <summary>A webhook channel (SMS gateway, social bridge): inbound calls are signed with the secret, replies go to the outbound URL.</summary>
public sealed class WebhookSettings
{
    public string? SecretProtected { get; set; }

    public string? OutboundUrl { get; set; }
}

/// <summary>
/// One configured way in: an email address with its mailbox, a web form, a chat widget, an SMS number or a
/// social account. Channel adapters translate what arrives on it into <see cref="InboundMessage"/>s.
/// </summary>
public sealed class Channel
{
    private Channel()
    {
        Name = "";
    }

    public Channel(ChannelKind kind, string name, string? address, DateTimeOffset now)
    {
        Kind = kind;
        Name = name.Trim();
        Address = address;
        IsActive = true;
        CreatedAt = now;
        UpdatedAt = now;
    }

    public long Id { get; private set; }

    public ChannelKind Kind { get; private set; }

    public string Name { get; private set; }

    /// <summary>The channel's own address: the support mailbox, the SMS number, the social handle.</summary>
    public string? Address { get; private set; }

    public bool IsActive { get; private set; }

    /// <summary>The team new tickets from this channel start in.</summary>
    public long? TeamId { get; private set; }

    public EmailSettings? Email { get; private set; }

    public WebhookSettings? Webhook { get; private set; }

    public DateTimeOffset CreatedAt { get; private set; }

    public DateTimeOffset UpdatedAt { get; private set; }

    public void Rename(string name, DateTimeOffset now)
    {
        Name = name.Trim();
        UpdatedAt = now;
    }

    public void SetAddress(string? address, DateTimeOffset now)
    {
        Address = address;
        UpdatedAt = now;
    }

    public void SetActive(bool active, DateTimeOffset now)
    {
        IsActive = active;
        UpdatedAt = now;
    }

    public void SetTeam(long? teamId, DateTimeOffset now)
    {
        TeamId = teamId;
        UpdatedAt = now;
    }

    public void Configure(EmailSettings settings, DateTimeOffset now)
    {
        Email = settings;
        UpdatedAt = now;
    }

    public void Configure(WebhookSettings settings, DateTimeOffset now)
    {
        Webhook = settings;
        UpdatedAt = now;
    }
}
