using Frontdesk.Data;
using Frontdesk.Domain.Channels;
using Frontdesk.Domain.Tickets;
using MailKit;
using MailKit.Net.Imap;
using MailKit.Search;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Frontdesk.Channels.Email;

/// <summary>
/// Fetches the mailboxes of active email channels (IMAP or POP3), each in a loop of its own so a slow or huge
/// mailbox never holds up another. A message is marked (IMAP: \Seen or moved; POP3: deleted) only after intake
/// committed it: a crash in between leaves it in the mailbox, and fetching it again is recognised as a duplicate.
/// </summary>
public sealed class MailboxPoller(
    IDbContextFactory<FrontdeskDbContext> contexts,
    EmailIngest ingest,
    ChannelSecrets secrets,
    TimeProvider clock,
    IOptions<EmailChannelOptions> options,
    IHostApplicationLifetime lifetime,
    ILogger<MailboxPoller> log) : BackgroundService, IChannelWatcher
{
    /// <summary>IMAP messages are downloaded in pieces of this size, straight to a temporary file (POP3 streams, see <see cref="Pop3Session"/>).</summary>
    private const int ChunkBytes = 4 * 1024 * 1024;

    private readonly Dictionary<long, Mailbox> _mailboxes = [];
    private readonly SemaphoreSlim _refresh = new(0, 1);

    private sealed record Mailbox(DateTimeOffset Version, CancellationTokenSource Stop, Task Loop);

    public void ChannelsChanged() => Refresh();

    /// <summary>Reads the list of mailboxes again now rather than at the next refresh.</summary>
    public void Refresh()
    {
        try
        {
            _refresh.Release();
        }
        catch (SemaphoreFullException)
        {
            // A refresh is already pending.
        }
    }

    public override void Dispose()
    {
        _refresh.Dispose();
        base.Dispose();
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            // The database is migrated by start-up tasks; mailboxes are read once the application has started.
            await HostStart.WaitAsync(lifetime, stoppingToken);
            while (!stoppingToken.IsCancellationRequested)
            {
                try
                {
                    await ReconcileAsync(stoppingToken);
                }
                catch (Exception e) when (!stoppingToken.IsCancellationRequested)
                {
                    log.LogError(e, "Could not read the list of mailboxes; trying again at the next refresh");
                }

                await WaitForRefreshAsync(stoppingToken);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Shutting down.
        }
        finally
        {
            foreach (var mailbox in _mailboxes.Values)
            {
                await StopAsync(mailbox);
            }

            _mailboxes.Clear();
        }
    }

    private async Task WaitForRefreshAsync(CancellationToken ct)
    {
        using var wait = CancellationTokenSource.CreateLinkedTokenSource(ct);
        var delay = Task.Delay(options.Value.RefreshInterval, clock, wait.Token);
        var signal = _refresh.WaitAsync(wait.Token);
        await Task.WhenAny(delay, signal);
        await wait.CancelAsync();
        ct.ThrowIfCancellationRequested();
    }

    /// <summary>Starts a loop for each new mailbox, restarts the loops of changed ones and stops those gone or deactivated.</summary>
    private async Task ReconcileAsync(CancellationToken ct)
    {
        List<Channel> channels;
        await using (var db = await contexts.CreateDbContextAsync(ct))
        {
            channels = await db.Channels.AsNoTracking().Where(c => c.Kind == ChannelKind.Email && c.IsActive).ToListAsync(ct);
        }

        var wanted = channels
            .Where(c => c.Email is { Protocol: MailProtocol.Imap or MailProtocol.Pop3, Host: not null, UserName: not null, PasswordProtected: not null })
            .ToDictionary(c => c.Id);
        foreach (var (id, mailbox) in _mailboxes.ToList())
        {
            if (!wanted.TryGetValue(id, out var channel) || channel.UpdatedAt != mailbox.Version)
            {
                await StopAsync(mailbox);
                _mailboxes.Remove(id);
            }
        }

        foreach (var channel in wanted.Values.Where(c => !_mailboxes.ContainsKey(c.Id)))
        {
            var stop = CancellationTokenSource.CreateLinkedTokenSource(ct);
            var loop = Task.Run(() => RunMailboxAsync(channel, stop.Token), CancellationToken.None);
            _mailboxes[channel.Id] = new Mailbox(channel.UpdatedAt, stop, loop);
        }
    }

    private static async Task StopAsync(Mailbox mailbox)
    {
        await mailbox.Stop.CancelAsync();
        await mailbox.Loop;
        mailbox.Stop.Dispose();
    }

    /// <summary>One mailbox, for as long as its channel is unchanged: a failure is logged and tried again later, the loop never ends on its own.</summary>
    private async Task RunMailboxAsync(Channel channel, CancellationToken ct)
    {
        var settings = channel.Email!;
        var failures = 0;
        while (!ct.IsCancellationRequested)
        {
            try
            {
                if (settings.Protocol == MailProtocol.Imap)
                {
                    await ImapAsync(channel, () => failures = 0, ct);
                }
                else
                {
                    await Pop3Async(channel, ct);
                    failures = 0;
                    await Task.Delay(options.Value.PollInterval, clock, ct);
                }
            }
            catch (OperationCanceledException) when (ct.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e)
            {
                failures++;
                var delay = TimeSpan.FromTicks(Math.Min(options.Value.MaxRetryDelay.Ticks, options.Value.RetryDelay.Ticks * (1L << Math.Min(failures - 1, 20))));
                log.LogWarning(
                    "Mailbox of channel {ChannelId} ({Protocol} {UserName} at {Host}:{Port}) failed ({Error}: {Message}); trying again in {Delay}",
                    channel.Id, settings.Protocol, settings.UserName, settings.Host, settings.Port, e.GetType().Name, e.Message, delay);
                try
                {
                    await Task.Delay(delay, clock, ct);
                }
                catch (OperationCanceledException)
                {
                    return;
                }
            }
        }
    }

    private async Task ImapAsync(Channel channel, Action connected, CancellationToken ct)
    {
        var settings = channel.Email!;
        using var client = new ImapClient { Timeout = (int)options.Value.Timeout.TotalMilliseconds };
        await client.ConnectAsync(settings.Host!, settings.Port, MailTls.Options(settings.Tls), ct);
        await client.AuthenticateAsync(settings.UserName!, secrets.Unprotect(settings.PasswordProtected!), ct);
        var folder = string.Equals(settings.Folder, "INBOX", StringComparison.OrdinalIgnoreCase) ? client.Inbox : await client.GetFolderAsync(settings.Folder, ct);
        await folder.OpenAsync(FolderAccess.ReadWrite, ct);
        var processed = settings.ProcessedFolder is { } name ? await FolderAsync(client, name, ct) : null;
        connected();

        var state = new IdleState();
        folder.CountChanged += state.OnCountChanged;
        try
        {
            while (true)
            {
                state.Changed = false;
                await FetchUnseenAsync(channel, folder, processed, ct);
                if (!client.Capabilities.HasFlag(ImapCapabilities.Idle))
                {
                    await Task.Delay(options.Value.PollInterval, clock, ct);
                    continue;
                }

                using var done = new CancellationTokenSource(options.Value.IdleRefresh, clock);
                state.Idle = done;
                if (!state.Changed)
                {
                    await client.IdleAsync(done.Token, ct);
                }

                state.Idle = null;
            }
        }
        finally
        {
            folder.CountChanged -= state.OnCountChanged;
            if (client.IsConnected)
            {
                await client.DisconnectAsync(quit: true, CancellationToken.None);
            }
        }
    }

    /// <summary>New mail arriving (an EXISTS from the server) ends the IDLE so the mailbox is fetched at once.</summary>
    private sealed class IdleState
    {
        public volatile bool Changed;

        public volatile CancellationTokenSource? Idle;

        public void OnCountChanged(object? sender, EventArgs e)
        {
            Changed = true;
            try
            {
                Idle?.Cancel();
            }
            catch (ObjectDisposedException)
            {
                // That IDLE is over already.
            }
        }
    }

    private async Task FetchUnseenAsync(Channel channel, IMailFolder folder, IMailFolder? processed, CancellationToken ct)
    {
        var unseen = await folder.SearchAsync(SearchQuery.NotSeen, ct);
        foreach (var uid in unseen)
        {
            await using var spool = MailSpool.Create();
            try
            {
                // BODY.PEEK in pieces: the message stays unseen, and a huge one never sits in memory.
                for (var offset = 0; ; offset += ChunkBytes)
                {
                    var before = spool.Length;
                    await using (var piece = await folder.GetStreamAsync(uid, offset, ChunkBytes, ct))
                    {
                        await piece.CopyToAsync(spool, ct);
                    }

                    if (spool.Length - before < ChunkBytes)
                    {
                        break;
                    }
                }
            }
            catch (MessageNotFoundException)
            {
                // Removed by someone else meanwhile.
                continue;
            }

            spool.Position = 0;
            if (!await IngestAsync(channel, $"IMAP uid {uid}", spool, ct))
            {
                continue;
            }

            if (processed is not null)
            {
                await folder.MoveToAsync(uid, processed, ct);
            }
            else
            {
                await folder.AddFlagsAsync(uid, MessageFlags.Seen, silent: true, ct);
            }
        }
    }

    private static async Task<IMailFolder> FolderAsync(ImapClient client, string name, CancellationToken ct)
    {
        try
        {
            return await client.GetFolderAsync(name, ct);
        }
        catch (FolderNotFoundException)
        {
            var root = client.GetFolder(client.PersonalNamespaces[0]);
            return await root.CreateAsync(name, isMessageFolder: true, ct) ?? throw new FolderNotFoundException(name);
        }
    }

    /// <summary>
    /// One POP3 round in one session (the server locks the maildrop to it): each message is streamed to a spool file,
    /// ingested, then deleted; the deletions take effect at QUIT, so a crash before it deletes nothing.
    /// </summary>
    private async Task Pop3Async(Channel channel, CancellationToken ct)
    {
        var settings = channel.Email!;
        await using var pop3 = await Pop3Session.ConnectAsync(settings.Host!, settings.Port, settings.Tls, options.Value.Timeout, ct);
        await pop3.AuthenticateAsync(settings.UserName!, secrets.Unprotect(settings.PasswordProtected!), ct);
        var (count, _) = await pop3.StatAsync(ct);
        for (var number = 1; number <= count; number++)
        {
            await using var spool = MailSpool.Create();
            await pop3.RetrieveAsync(number, spool, ct);
            spool.Position = 0;
            if (await IngestAsync(channel, $"POP3 message {number}", spool, ct))
            {
                await pop3.DeleteAsync(number, ct);
            }
        }

        await pop3.QuitAsync(ct);
    }

    /// <summary>True once intake committed the message (a duplicate counts: it was committed before).</summary>
    private async Task<bool> IngestAsync(Channel channel, string what, Stream spool, CancellationToken ct)
    {
        FailFastAt("after-fetch");
        var result = await ingest.IngestAsync(spool, channel.Id, ct);
        if (!result.IsSuccess)
        {
            log.LogWarning("Mail {What} of channel {ChannelId} was not accepted ({Error}); it stays in the mailbox", what, channel.Id, result.Error!.Detail);
            return false;
        }

        if (log.IsEnabled(LogLevel.Information))
        {
            log.LogInformation("Mail {What} of channel {ChannelId}: {Outcome}, ticket #{TicketNumber}", what, channel.Id, result.Value.Outcome, result.Value.TicketNumber);
        }

        FailFastAt("after-commit");
        return true;
    }

    private void FailFastAt(string point)
    {
        if (string.Equals(options.Value.FailFastAt, point, StringComparison.OrdinalIgnoreCase))
        {
            Environment.FailFast($"Frontdesk:Mail:FailFastAt={point}: ending the process as the crash test asked.");
        }
    }
}
