using System.Diagnostics;
using MailKit.Net.Smtp;
using MimeKit;

namespace Frontdesk.Tests.Infrastructure;

/// <summary>
/// The real mail loop the email tests run against: OpenSMTPD → Dovecot (IMAP, POP3), on loopback. test.sh starts it
/// and exports its ports; a plain `dotnet test` starts its own with scripts/mail-servers.sh. Every address is a
/// mailbox with the password "secret" (log in with the full address), so each test uses addresses of its own.
/// </summary>
public static class MailServers
{
    public const string Password = "secret";

    private static readonly Lazy<Ports> Started = new(Start, LazyThreadSafetyMode.ExecutionAndPublication);

    public sealed record Ports(int Imap, int Pop3, int Smtp);

    public static Ports Current => Started.Value;

    /// <summary>A fresh address no other test uses.</summary>
    public static string NewAddress(string local = "user", string domain = "example.com") =>
        $"{local}-{Guid.NewGuid().ToString("N")[..10]}@{domain}";

    /// <summary>Sends the message through the SMTP server (as a customer's mail server would).</summary>
    public static async Task SendAsync(MimeMessage message, CancellationToken ct = default)
    {
        using var smtp = new SmtpClient();
        await smtp.ConnectAsync("127.0.0.1", Current.Smtp, MailKit.Security.SecureSocketOptions.None, ct);
        await smtp.SendAsync(message, ct);
        await smtp.DisconnectAsync(true, ct);
    }

    private static Ports Start()
    {
        if (Read(Environment.GetEnvironmentVariable) is { } fromScript)
        {
            return fromScript;
        }

        var root = AppContext.BaseDirectory;
        while (!File.Exists(Path.Combine(root, "Frontdesk.slnx")))
        {
            root = Path.GetDirectoryName(root) ?? throw new InvalidOperationException("Cannot find the repository root to start the mail servers.");
        }

        var dir = Directory.CreateTempSubdirectory("frontdesk-mail-").FullName;
        Run(Path.Combine(root, "scripts", "mail-servers.sh"), "start", dir);
        AppDomain.CurrentDomain.ProcessExit += (_, _) => Run(Path.Combine(root, "scripts", "mail-servers.sh"), "stop", dir);
        var env = File.ReadAllLines(Path.Combine(dir, "env"))
            .Select(l => l.Replace("export ", "", StringComparison.Ordinal).Split('=', 2))
            .ToDictionary(p => p[0], p => p[1]);
        return Read(name => env.GetValueOrDefault(name)) ?? throw new InvalidOperationException($"The mail servers in {dir} did not report their ports.");
    }

    private static Ports? Read(Func<string, string?> variable) =>
        int.TryParse(variable("FRONTDESK_TEST_IMAP_PORT"), out var imap)
        && int.TryParse(variable("FRONTDESK_TEST_POP3_PORT"), out var pop3)
        && int.TryParse(variable("FRONTDESK_TEST_SMTP_PORT"), out var smtp)
            ? new Ports(imap, pop3, smtp)
            : null;

    private static void Run(string script, params string[] args)
    {
        var start = new ProcessStartInfo("bash") { RedirectStandardError = true, RedirectStandardOutput = true };
        start.ArgumentList.Add(script);
        foreach (var a in args)
        {
            start.ArgumentList.Add(a);
        }

        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(TimeSpan.FromSeconds(60)))
        {
            process.Kill(entireProcessTree: true);
            throw new InvalidOperationException($"{script} {string.Join(' ', args)} did not finish within a minute.");
        }
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"{script} {string.Join(' ', args)} failed: {error.Result}");
        }
    }
}
