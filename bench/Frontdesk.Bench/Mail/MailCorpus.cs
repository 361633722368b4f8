using System.Globalization;
using MimeKit;

namespace Frontdesk.Bench.Mail;

/// <summary>
/// A folder of generated raw emails for the intake benchmark: varied sizes, some with attachments, a third of them
/// replies (In-Reply-To and References) to earlier ones. Seeded, so every run reads the same mail.
/// </summary>
internal static class MailCorpus
{
    private static readonly string[] Topics =
    [
        "VPN disconnects every hour", "Invoice for March is missing", "Cannot log in after password reset", "Printer on floor 2 jams",
        "Refund for a double charge", "Export to CSV fails", "Laptop battery drains fast", "Access to the finance share",
        "Order arrived damaged", "API returns 500 on /orders", "Change my billing address", "Two-factor codes never arrive",
    ];

    private static readonly string[] Sentences =
    [
        "Since this morning the problem shows up every time I try.", "I already restarted the machine twice.",
        "Our whole team is affected, so please treat this as urgent.", "The error message says something about a timeout.",
        "I attached a screenshot of what I see.", "It worked fine last week before the update.",
        "Could you please look into it and tell me what to do next?", "We are a customer since 2019 and never had this before.",
    ];

    public static async Task<IReadOnlyList<string>> EnsureAsync(string dir, int count, CancellationToken ct)
    {
        var existing = Directory.Exists(dir) ? Directory.GetFiles(dir, "*.eml").Order(StringComparer.Ordinal).ToList() : [];
        if (existing.Count >= count)
        {
            return existing.Take(count).ToList();
        }

        Directory.CreateDirectory(dir);
        var random = new Random(77);
        var sent = new List<(string MessageId, string From, string Subject, string? References)>();
        var files = new List<string>(count);
        for (var i = 0; i < count; i++)
        {
            var message = new MimeMessage { Date = new DateTimeOffset(2026, 3, 1, 8, 0, 0, TimeSpan.Zero).AddSeconds(i * 37) };
            message.To.Add(new MailboxAddress("Support", "support@helpdesk.test"));
            var isReply = sent.Count > 10 && i % 3 == 2;
            string from;
            if (isReply)
            {
                var earlier = sent[random.Next(sent.Count)];
                from = earlier.From;
                message.Subject = earlier.Subject.StartsWith("Re:", StringComparison.Ordinal) ? earlier.Subject : "Re: " + earlier.Subject;
                message.InReplyTo = earlier.MessageId;
                foreach (var r in (earlier.References ?? "").Split(' ', StringSplitOptions.RemoveEmptyEntries).Append(earlier.MessageId))
                {
                    message.References.Add(r);
                }
            }
            else
            {
                from = $"customer{random.Next(3000).ToString(CultureInfo.InvariantCulture)}@example{random.Next(40).ToString(CultureInfo.InvariantCulture)}.test";
                message.Subject = $"{Topics[random.Next(Topics.Length)]} (case {i.ToString(CultureInfo.InvariantCulture)})";
            }

            message.From.Add(new MailboxAddress(NameOf(from), from));
            message.MessageId = $"bench.{i.ToString(CultureInfo.InvariantCulture)}@mail.example.test";

            var paragraphs = 1 + random.Next(random.Next(10) == 0 ? 60 : 6);
            var text = string.Join("\n\n", Enumerable.Range(0, paragraphs).Select(_ => string.Join(' ', Enumerable.Range(0, 2 + random.Next(5)).Select(_ => Sentences[random.Next(Sentences.Length)]))));
            var body = new BodyBuilder { TextBody = text };
            if (random.Next(2) == 0)
            {
                body.HtmlBody = "<html><body>" + string.Join("", text.Split("\n\n").Select(p => $"<p>{System.Net.WebUtility.HtmlEncode(p)}</p>")) + "</body></html>";
            }

            if (random.Next(6) == 0)
            {
                var bytes = new byte[10_000 + random.Next(190_000)];
                random.NextBytes(bytes);
                body.Attachments.Add($"log-{i.ToString(CultureInfo.InvariantCulture)}.bin", bytes, new ContentType("application", "octet-stream"));
            }

            message.Body = body.ToMessageBody();
            var path = Path.Combine(dir, $"{i:D6}.eml");
            await message.WriteToAsync(path, ct);
            files.Add(path);
            sent.Add((message.MessageId, from, message.Subject, string.Join(' ', message.References)));
        }

        return files;
    }

    private static string NameOf(string address)
    {
        var local = address[..address.IndexOf('@', StringComparison.Ordinal)];
        return char.ToUpperInvariant(local[0]) + local[1..];
    }
}
