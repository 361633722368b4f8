using System.Diagnostics;
using System.Net;
using Frontdesk.Tests.Infrastructure;
using MimeKit;

namespace Frontdesk.Tests.Channels.Email;

/// <summary>The server as a real process that dies in the middle of taking in a mail, then starts again.</summary>
public sealed class MailCrashTests
{
    [Theory]
    [InlineData("imap", "after-fetch", "Created")]
    [InlineData("imap", "after-commit", "Duplicate")]
    [InlineData("pop3", "after-fetch", "Created")]
    [InlineData("pop3", "after-commit", "Duplicate")]
    public async Task ProcessDiesWhileTakingInMail_NextRunMakesExactlyOneTicket(string protocol, string crashPoint, string outcomeAfterRestart)
    {
        var support = MailServers.NewAddress("support");
        var mail = EmailKit.CustomerMail(MailServers.NewAddress("carla"), support, "Crash " + crashPoint, "Does this survive?");
        await MailServers.SendAsync(mail, TestContext.Current.CancellationToken);
        await EmailKit.WaitForDeliveryAsync(support);
        var data = ServerProcess.NewDataDirectory();
        try
        {
            await using (var crashing = await ServerProcess.StartAsync(data, $"--Frontdesk:Mail:FailFastAt={crashPoint}"))
            {
                await EmailKit.CreateChannelAsync(crashing.Admin(), support, protocol);
                var exit = await crashing.WaitForExitAsync(TimeSpan.FromMinutes(1));
                Assert.NotEqual(0, exit);
                Assert.Contains($"FailFastAt={crashPoint}", crashing.Output, StringComparison.Ordinal);
            }

            // IMAP: still unseen; POP3: still there, the session died before QUIT.
            Assert.Equal(1, protocol == "pop3" ? (await EmailKit.MailboxAsync(support)).Count : await EmailKit.UnseenCountAsync(support));

            await using var restarted = await ServerProcess.StartAsync(data);
            if (protocol == "pop3")
            {
                await EmailKit.WhenMailboxAsync(support, inbox => Task.FromResult(inbox.Count == 0), "the restarted server takes the mail in and deletes it");
            }
            else
            {
                await EmailKit.WaitUntilAllSeenAsync(support, "the restarted server takes the mail in");
            }

            var tickets = await (await restarted.Admin().GetAsync("/api/v1/tickets")).ExpectAsync(HttpStatusCode.OK);
            var ticket = Assert.Single(tickets["items"]!.AsArray())!;
            Assert.Equal("Crash " + crashPoint, ticket["subject"].Str());
            Assert.Contains($": {outcomeAfterRestart}, ticket #", restarted.Output, StringComparison.Ordinal);
        }
        finally
        {
            ServerProcess.DeleteDataDirectory(data);
        }
    }

    [Fact]
    public async Task PipeCommand_StoresTheMailOnStdin_AndPrintsItsTicketNumber()
    {
        var data = ServerProcess.NewDataDirectory();
        try
        {
            var customer = MailServers.NewAddress("carla");
            var first = EmailKit.CustomerMail(customer, "support@acme.test", "Piped", "Through Postfix.");
            var answer = EmailKit.CustomerMail(customer, "support@acme.test", "Re: Piped", "Again.");
            answer.InReplyTo = first.MessageId;
            var other = EmailKit.CustomerMail(MailServers.NewAddress("paul"), "support@acme.test", "Another thing", "Different.");

            var (exit, number) = await PipeAsync(first, "mail", "ingest", "--data", data);
            Assert.Equal(0, exit);
            Assert.True(long.TryParse(number, out var ticketNumber), $"Expected a ticket number, got '{number}'.");

            Assert.Equal((0, number), await PipeAsync(first, "mail", "ingest", "--data", data));
            Assert.Equal((0, number), await PipeAsync(answer, "mail", "ingest", "--data", data));
            Assert.Equal((0, (ticketNumber + 1).ToString(System.Globalization.CultureInfo.InvariantCulture)), await PipeAsync(other, "mail", "ingest", "--data", data));
        }
        finally
        {
            ServerProcess.DeleteDataDirectory(data);
        }
    }

    [Fact]
    public async Task PipeCommand_WhenTheMailCannotBeStored_Exits75SoTheMtaRetries()
    {
        var mail = EmailKit.CustomerMail(MailServers.NewAddress("carla"), "support@acme.test", "Piped", "Through Postfix.");
        var blocker = Path.GetTempFileName();
        var data = ServerProcess.NewDataDirectory();
        try
        {
            Assert.Equal(75, (await PipeAsync(mail, "mail", "ingest", "--data", Path.Combine(blocker, "data"))).Exit);
            Assert.Equal(75, (await PipeAsync(mail, "mail", "ingest", "--channel", "42", "--data", data)).Exit);
        }
        finally
        {
            File.Delete(blocker);
            if (Directory.Exists(data))
            {
                ServerProcess.DeleteDataDirectory(data);
            }
        }
    }

    private static async Task<(int Exit, string Output)> PipeAsync(MimeMessage mail, params string[] args)
    {
        using var process = Process.Start(ServerProcess.StartInfo(args))!;
        var stdout = process.StandardOutput.ReadToEndAsync(TestContext.Current.CancellationToken);
        var stderr = process.StandardError.ReadToEndAsync(TestContext.Current.CancellationToken);
        await mail.WriteToAsync(process.StandardInput.BaseStream, TestContext.Current.CancellationToken);
        process.StandardInput.Close();
        await process.WaitForExitAsync(TestContext.Current.CancellationToken).WaitAsync(TimeSpan.FromMinutes(2), TestContext.Current.CancellationToken);
        var output = (await stdout).Trim();
        if (process.ExitCode == 0)
        {
            Assert.True(output.Length > 0, "stderr: " + await stderr);
        }

        return (process.ExitCode, output);
    }
}
