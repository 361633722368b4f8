using System.Net;
using System.Net.Sockets;
using System.Text.Json.Nodes;
using Frontdesk.Channels;
using Frontdesk.Channels.Email;
using Frontdesk.Tests.Infrastructure;
using MailKit;
using MailKit.Net.Imap;
using MailKit.Search;
using MailKit.Security;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using MimeKit;

namespace Frontdesk.Tests.Channels.Email;

/// <summary>Arranging and observing mail for the email tests: channels on the test servers, customers' mail, mailboxes.</summary>
public static class EmailKit
{
    public static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);

    /// <summary>An email channel on the test servers: fetches <paramref name="address"/> by IMAP or POP3 (or not at all), sends by SMTP.</summary>
    public static async Task<long> CreateChannelAsync(HttpClient admin, string address, string protocol = "imap", int? smtpPort = null, bool confirm = false, string? processedFolder = null)
    {
        var servers = MailServers.Current;
        var body = new JsonObject
        {
            ["kind"] = "email",
            ["name"] = "Support " + address,
            ["address"] = address,
            ["email"] = new JsonObject
            {
                ["protocol"] = protocol,
                ["host"] = "127.0.0.1",
                ["port"] = protocol == "pop3" ? servers.Pop3 : servers.Imap,
                ["tls"] = "auto",
                ["userName"] = address,
                ["password"] = MailServers.Password,
                ["processedFolder"] = processedFolder,
                ["smtpHost"] = "127.0.0.1",
                ["smtpPort"] = smtpPort ?? servers.Smtp,
                ["smtpTls"] = "none",
                ["fromName"] = "Acme Support",
                ["sendConfirmation"] = confirm,
            },
        };
        var channel = await (await admin.PostRawAsync("/api/v1/channels", body.ToJsonString())).ExpectAsync(HttpStatusCode.Created);
        return channel["id"]!.GetValue<long>();
    }

    /// <summary>Has the poller read the list of mailboxes now instead of at its next refresh.</summary>
    public static void PickUpChannels(this FrontdeskFactory app) => app.Services.GetRequiredService<MailboxPoller>().Refresh();

    public static MimeMessage CustomerMail(string from, string to, string subject, string text, string? messageId = null)
    {
        var message = new MimeMessage { Subject = subject, MessageId = messageId ?? $"{Guid.NewGuid():N}@customer.test" };
        message.From.Add(new MailboxAddress("Carla Customer", from));
        message.To.Add(new MailboxAddress("Support", to));
        message.Body = new TextPart("plain") { Text = text };
        return message;
    }

    /// <summary>A port nothing listens on.</summary>
    public static int ClosedPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    /// <summary>
    /// The ticket a mail with this Message-ID went into, waiting for intake to store it: woken by intake's
    /// <see cref="InboundIntake.Accepted"/> event, within <see cref="Patience"/> unless told otherwise.
    /// </summary>
    public static async Task<long> TicketOfMailAsync(FrontdeskFactory app, string? messageId, string what, TimeSpan? patience = null)
    {
        var intake = app.Services.GetRequiredService<InboundIntake>();
        var arrived = new TaskCompletionSource<long>(TaskCreationOptions.RunContinuationsAsynchronously);
        void OnAccepted(Domain.Channels.InboundMessage message, IntakeResult result)
        {
            if (message.ExternalId == messageId)
            {
                arrived.TrySetResult(result.TicketId);
            }
        }

        // Listen first, then look: a mail stored in between is found either way.
        intake.Accepted += OnAccepted;
        try
        {
            var stored = await app.WithDbAsync(db => db.ExternalMessages
                .Where(x => x.Scope == Domain.Channels.ExternalMessage.EmailScope && x.ExternalId == messageId)
                .Select(x => (long?)x.TicketId)
                .FirstOrDefaultAsync());
            return stored ?? await Within(arrived.Task, patience, what);
        }
        finally
        {
            intake.Accepted -= OnAccepted;
        }
    }

    /// <summary>
    /// Waits until <paramref name="probe"/> finds what it looks for in a mailbox of the test server. Between looks
    /// it IDLEs: Dovecot tells the session when mail arrives, is flagged or is removed, so nothing polls.
    /// </summary>
    public static async Task<T> WhenMailboxAsync<T>(string address, Func<IMailFolder, Task<T?>> probe, string what, TimeSpan? patience = null)
    {
        using var imap = new ImapClient();
        await imap.ConnectAsync("127.0.0.1", MailServers.Current.Imap, SecureSocketOptions.None);
        await imap.AuthenticateAsync(address, MailServers.Password);
        var inbox = imap.Inbox;
        await inbox.OpenAsync(FolderAccess.ReadOnly);
        using var deadline = new CancellationTokenSource(patience ?? Patience);
        while (true)
        {
            if (await probe(inbox) is { } found && found is not false)
            {
                await imap.DisconnectAsync(true);
                return found;
            }

            Assert.False(deadline.IsCancellationRequested, $"Gave up waiting: {what}");
            using var changed = CancellationTokenSource.CreateLinkedTokenSource(deadline.Token);
            void OnChange(object? sender, EventArgs e) => changed.Cancel();
            inbox.CountChanged += OnChange;
            inbox.MessageFlagsChanged += OnChange;
            inbox.MessageExpunged += OnChange;
            try
            {
                await imap.IdleAsync(changed.Token);
            }
            finally
            {
                inbox.CountChanged -= OnChange;
                inbox.MessageFlagsChanged -= OnChange;
                inbox.MessageExpunged -= OnChange;
            }
        }
    }

    /// <summary>The task's result, or a failed test naming what did not happen in time.</summary>
    public static async Task<T> Within<T>(Task<T> task, TimeSpan? patience, string what)
    {
        try
        {
            return await task.WaitAsync(patience ?? Patience);
        }
        catch (TimeoutException)
        {
            Assert.Fail($"Gave up waiting: {what}");
            throw;
        }
    }

    /// <summary>The messages in a mailbox of the test server (read-only: flags are left as they are).</summary>
    public static async Task<List<(IMessageSummary Summary, MimeMessage Message)>> MailboxAsync(string address)
    {
        using var imap = new ImapClient();
        await imap.ConnectAsync("127.0.0.1", MailServers.Current.Imap, SecureSocketOptions.None);
        await imap.AuthenticateAsync(address, MailServers.Password);
        await imap.Inbox.OpenAsync(FolderAccess.ReadOnly);
        var result = new List<(IMessageSummary, MimeMessage)>();
        if (imap.Inbox.Count > 0)
        {
            var summaries = await imap.Inbox.FetchAsync(0, -1, MessageSummaryItems.UniqueId | MessageSummaryItems.Flags);
            foreach (var summary in summaries)
            {
                result.Add((summary, await imap.Inbox.GetMessageAsync(summary.UniqueId)));
            }
        }

        await imap.DisconnectAsync(true);
        return result;
    }

    public static async Task<int> UnseenCountAsync(string address)
    {
        using var imap = new ImapClient();
        await imap.ConnectAsync("127.0.0.1", MailServers.Current.Imap, SecureSocketOptions.None);
        await imap.AuthenticateAsync(address, MailServers.Password);
        await imap.Inbox.OpenAsync(FolderAccess.ReadOnly);
        var unseen = await imap.Inbox.SearchAsync(SearchQuery.NotSeen);
        await imap.DisconnectAsync(true);
        return unseen.Count;
    }

    /// <summary>Waits until the test SMTP server has delivered this many messages into the mailbox.</summary>
    public static Task WaitForDeliveryAsync(string address, int count = 1, TimeSpan? patience = null) =>
        WhenMailboxAsync(address, inbox => Task.FromResult(inbox.Count >= count), $"{count} message(s) delivered to {address}", patience);

    /// <summary>Waits until no message of the mailbox is unread any more (the poller marks what it has taken in).</summary>
    public static Task WaitUntilAllSeenAsync(string address, string what, TimeSpan? patience = null) =>
        WhenMailboxAsync(address, async inbox => (await inbox.SearchAsync(SearchQuery.NotSeen)).Count == 0, what, patience);
}
