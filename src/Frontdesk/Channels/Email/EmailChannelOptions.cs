namespace Frontdesk.Channels.Email;

/// <summary>How mail moves in and out (config section <c>Frontdesk:Mail</c>, shared with the parser's <see cref="MailOptions"/>).</summary>
public sealed class EmailChannelOptions
{
    /// <summary>Largest raw message the inbound endpoint and the pipe accept.</summary>
    public long MaxInboundBytes { get; set; } = 150L * 1024 * 1024;

    /// <summary>How often the list of mailboxes to fetch is read again (a channel added or changed is picked up).</summary>
    public TimeSpan RefreshInterval { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>How often a mailbox is checked when the server cannot push new mail (POP3, IMAP without IDLE).</summary>
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>IMAP IDLE is re-issued this often: servers and middleboxes drop connections idle for half an hour.</summary>
    public TimeSpan IdleRefresh { get; set; } = TimeSpan.FromMinutes(9);

    /// <summary>The first wait after a mailbox failed (doubles up to <see cref="MaxRetryDelay"/>).</summary>
    public TimeSpan RetryDelay { get; set; } = TimeSpan.FromSeconds(10);

    public TimeSpan MaxRetryDelay { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>Network timeout for IMAP, POP3 and SMTP commands.</summary>
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(100);

    /// <summary>
    /// For crash tests only: the poller ends the process at this point of handling a message
    /// ("after-fetch": spooled but not ingested; "after-commit": ingested but not yet marked in the mailbox).
    /// </summary>
    public string? FailFastAt { get; set; }
}
