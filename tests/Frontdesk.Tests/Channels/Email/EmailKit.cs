using System.Net;
using System.Net.Sockets;
using System.Text.Json.Nodes;
using Frontdesk.Channels.Email;
using Frontdesk.Tests.Infrastructure;
using MailKit;
using MailKit.Net.Imap;
using MailKit.Net.Pop3;
using MailKit.Search;
using MailKit.Security;
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

    /// <summary>Waits, within <see cref="Patience"/> unless told otherwise, until the condition holds; fails the test if it never does.</summary>
    public static async Task<T> UntilAsync<T>(Func<Task<T?>> probe, string what, TimeSpan? patience = null, Action? nudge = null)
    {
        var waited = System.Diagnostics.Stopwatch.StartNew();
        while (true)
        {
            if (await probe() is { } value && !(value is false))
            {
                return value;
            }

            Assert.True(waited.Elapsed < (patience ?? Patience), $"Gave up waiting: {what}");
            nudge?.Invoke();
            await Task.Delay(100, TestContext.Current.CancellationToken);
        }
    }

    public static async Task<T> UntilValueAsync<T>(Func<Task<T?>> probe, string what, TimeSpan? patience = null, Action? nudge = null)
        where T : struct =>
        (await UntilAsync<T?>(probe, what, patience, nudge))!.Value;

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

    public static async Task<int> Pop3CountAsync(string address)
    {
        using var pop = new Pop3Client();
        await pop.ConnectAsync("127.0.0.1", MailServers.Current.Pop3, SecureSocketOptions.None);
        await pop.AuthenticateAsync(address, MailServers.Password);
        var count = pop.Count;
        await pop.DisconnectAsync(true);
        return count;
    }

    /// <summary>Waits until the test SMTP server has delivered this many messages into the mailbox.</summary>
    public static Task WaitForDeliveryAsync(string address, int count = 1, TimeSpan? patience = null) =>
        UntilAsync(async () => await Pop3CountAsync(address) >= count, $"{count} message(s) delivered to {address}", patience);
}
