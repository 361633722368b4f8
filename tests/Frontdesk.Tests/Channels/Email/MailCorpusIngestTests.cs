using System.Net;
using System.Net.Http.Headers;
using System.Text.Json.Nodes;
using Frontdesk.Channels.Email;
using Frontdesk.Domain.Contacts;
using Frontdesk.Tests.Infrastructure;

namespace Frontdesk.Tests.Channels.Email;

/// <summary>
/// Every real-world mail of shared/data/mail goes in through the raw-MIME endpoint and must come out as a ticket
/// message with the sender, subject, body text and attachment names the parser read (which the conformance
/// tests hold against Zammad's and FreeScout's expectations). Nothing is dropped, nothing fails.
/// </summary>
public sealed class MailCorpusIngestTests(FrontdeskFactory app) : IClassFixture<FrontdeskFactory>, IDisposable
{
    private readonly MailParserFixture _parser = new();

    public void Dispose() => _parser.Dispose();

    [Theory]
    [InlineData("zammad", "*.box")]
    [InlineData("freescout", "*.eml")]
    public async Task EveryMailOfTheCorpus_IngestsIntoATicket_AsParsed(string corpus, string pattern)
    {
        var files = Directory.GetFiles(MailCorpusConformanceTests.CorpusFolder(corpus), pattern).Order(StringComparer.Ordinal).ToList();
        var admin = app.Admin();
        var problems = new List<string>();
        foreach (var path in files)
        {
            var name = Path.GetFileName(path);
            var raw = await File.ReadAllBytesAsync(path, TestContext.Current.CancellationToken);
            var expected = await _parser.ParseAsync(raw);
            var content = new ByteArrayContent(raw);
            content.Headers.ContentType = new MediaTypeHeaderValue("message/rfc822");
            var response = await admin.PostAsync("/api/v1/channels/email/inbound", content, TestContext.Current.CancellationToken);
            if (response.StatusCode is not (HttpStatusCode.Created or HttpStatusCode.OK))
            {
                problems.Add($"{name}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken)}");
                continue;
            }

            var result = JsonNode.Parse(await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken))!;
            if (result["outcome"].Str() is "duplicate" or "bounce")
            {
                // The same Message-ID twice in the corpus, or a bounce noted on the ticket of the mail it returns.
                continue;
            }

            var ticketId = result["ticketId"]!.GetValue<long>();
            var message = await (await admin.GetAsync($"/api/v1/tickets/{ticketId}/messages/{result["messageId"]}", TestContext.Current.CancellationToken)).ExpectAsync(HttpStatusCode.OK);
            Check(name, expected, result, message, problems);
            if (result["outcome"].Str() == "created")
            {
                var ticket = await (await admin.GetAsync($"/api/v1/tickets/{ticketId}", TestContext.Current.CancellationToken)).ExpectAsync(HttpStatusCode.OK);
                if (!string.IsNullOrWhiteSpace(expected.Subject) && ticket["subject"].Str() != Truncated(expected.Subject.Trim()).Trim())
                {
                    problems.Add($"{name}: subject '{ticket["subject"]}' instead of '{expected.Subject}'");
                }

                var requester = ticket["requester"]!["email"]?.GetValue<string>();
                // A sender without a usable address (a bare "MAILER-DAEMON") is the unknown sender.
                var from = (expected.From is { } f ? ContactIdentity.Normalize(IdentityKind.Email, f.Address) : null) ?? ParsedMail.UnknownSenderAddress;
                if (!string.Equals(requester, from, StringComparison.OrdinalIgnoreCase))
                {
                    problems.Add($"{name}: requester {requester} instead of {from}");
                }
            }
        }

        TestContext.Current.SendDiagnosticMessage($"{corpus}: ingested {files.Count} mails, {problems.Count} problems");
        Assert.True(files.Count > 0, $"no mails in the {corpus} corpus");
        Assert.True(problems.Count == 0, $"{corpus}: {problems.Count} problems in {files.Count} mails:\n" + string.Join("\n", problems));
    }

    private static void Check(string name, ParsedMail expected, JsonNode result, JsonObject message, List<string> problems)
    {
        if (Normalise(message["bodyText"].Str()) != Normalise(expected.BodyText))
        {
            problems.Add($"{name}: the stored body text differs from the parsed one");
        }

        var names = message["attachments"]!.AsArray().Select(a => a!["fileName"].Str()).Order(StringComparer.Ordinal).ToList();
        var expectedNames = expected.Attachments.Select(a => a.FileName).Order(StringComparer.Ordinal).ToList();
        if (!names.SequenceEqual(expectedNames))
        {
            problems.Add($"{name}: attachments [{string.Join(", ", names)}] instead of [{string.Join(", ", expectedNames)}] ({result["outcome"]})");
        }
    }

    private static string Normalise(string text) => string.Join(' ', text.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries));

    private static string Truncated(string subject) => subject.Length > 250 ? subject[..250] : subject;
}
