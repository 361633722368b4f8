using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using Frontdesk.Channels.Email;
using YamlDotNet.RepresentationModel;

namespace Frontdesk.Tests.Channels.Email;

/// <summary>
/// Runs the parser over real mail from Zammad's and FreeScout's parser suites (shared/data/mail, outside the
/// repository) and checks sender, subject, body text and attachment names against what those projects expect.
/// Every mismatch of a corpus is listed in one failure message.
/// </summary>
public sealed partial class MailCorpusConformanceTests : IDisposable
{
    private const int LeadingChunk = 120;

    /// <summary>
    /// Mails with a part that has no Content-Type: RFC 2045 makes it text/plain, so Frontdesk shows it as the
    /// body; Zammad stores it as an attachment called "file" and shows no body. Checked below the other way round.
    /// </summary>
    private static readonly HashSet<string> UntypedTextPartCases = ["mail087.box"];

    private readonly MailParserFixture _mail = new();

    public void Dispose() => _mail.Dispose();

    [Fact]
    public async Task Parse_ZammadCorpus_MatchesExpectations()
    {
        var folder = CorpusFolder("zammad");
        var boxes = Directory.GetFiles(folder, "*.box").Order(StringComparer.Ordinal).ToList();
        var problems = new List<string>();
        var checkedCases = 0;
        foreach (var box in boxes)
        {
            var name = Path.GetFileName(box);
            ParsedMail mail;
            try
            {
                await using var file = File.OpenRead(box);
                mail = await _mail.Parser.ParseAsync(file, TestContext.Current.CancellationToken);
            }
            catch (Exception e)
            {
                problems.Add($"{name}: threw {e.GetType().Name}: {e.Message}");
                continue;
            }

            var yml = Path.ChangeExtension(box, ".yml");
            if (!File.Exists(yml))
            {
                continue;
            }

            checkedCases++;
            var expected = (YamlMappingNode)LoadYaml(yml);
            CheckZammad(name, expected, mail, problems);
            if (UntypedTextPartCases.Contains(name) && string.IsNullOrWhiteSpace(mail.BodyText))
            {
                problems.Add($"{name}: the untyped text part should be the body");
            }
        }

        Report("zammad", boxes.Count, checkedCases, problems);
    }

    [Fact]
    public async Task Parse_FreeScoutCorpus_MatchesExpectations()
    {
        var folder = CorpusFolder("freescout");
        using var expectations = JsonDocument.Parse(await File.ReadAllTextAsync(Path.Combine(folder, "expectations.json"), TestContext.Current.CancellationToken));
        var files = Directory.GetFiles(folder, "*.eml").Order(StringComparer.Ordinal).ToList();
        var problems = new List<string>();
        var checkedCases = 0;
        foreach (var path in files)
        {
            var name = Path.GetFileName(path);
            ParsedMail mail;
            try
            {
                await using var file = File.OpenRead(path);
                mail = await _mail.Parser.ParseAsync(file, TestContext.Current.CancellationToken);
            }
            catch (Exception e)
            {
                problems.Add($"{name}: threw {e.GetType().Name}: {e.Message}");
                continue;
            }

            if (!expectations.RootElement.TryGetProperty(name, out var expected))
            {
                continue;
            }

            checkedCases++;
            await CheckFreeScoutAsync(name, expected, mail, problems);
        }

        Report("freescout", files.Count, checkedCases, problems);
    }

    private void CheckZammad(string name, YamlMappingNode expected, ParsedMail mail, List<string> problems)
    {
        // Where Zammad's "address" is not one ("Test test@example.com", from a From header without brackets),
        // Frontdesk reads the address inside it and the rest as the name.
        var fromEmail = Scalar(expected, "from_email");
        var unbracketed = fromEmail is not null && fromEmail.Trim().Contains(' ', StringComparison.Ordinal);
        if (fromEmail is not null && !(unbracketed ? mail.From is not null && fromEmail.Contains(mail.From.Address, StringComparison.OrdinalIgnoreCase) : SameAddress(fromEmail, mail.From?.Address)))
        {
            problems.Add($"{name}: from address '{mail.From?.Address}', expected '{fromEmail}'");
        }

        if (Scalar(expected, "from_display_name") is { } displayName
            && !(unbracketed ? displayName.StartsWith(mail.From?.Name ?? "\0", StringComparison.Ordinal) : SameDisplayName(displayName, mail.From)))
        {
            problems.Add($"{name}: from name '{mail.From?.Name}', expected '{displayName}'");
        }

        if (Scalar(expected, "subject") is { } subject && Normalise(subject) != Normalise(mail.Subject))
        {
            problems.Add($"{name}: subject '{mail.Subject}', expected '{subject}'");
        }

        var attachmentNames = mail.Attachments.Select(a => a.FileName).ToList();
        if (Scalar(expected, "body") is { } body)
        {
            var uuencoded = UuencodeBegin().Match(body);
            if (uuencoded.Success)
            {
                // Zammad leaves uuencoded files in the text; Frontdesk decodes them into attachments.
                ExpectAttachment(name, uuencoded.Groups[1].Value.Trim(), attachmentNames, problems);
            }
            else if (body.Trim() == "no visible content" && !UntypedTextPartCases.Contains(name))
            {
                // Zammad's placeholder for an empty body.
                if (!string.IsNullOrWhiteSpace(mail.BodyText))
                {
                    problems.Add($"{name}: expected no body, got '{Abbreviate(mail.BodyText)}'");
                }
            }
            else if (!UntypedTextPartCases.Contains(name))
            {
                var isHtml = Scalar(expected, "content_type") == "text/html" || HtmlTag().IsMatch(body);
                CheckBody(name, isHtml ? _mail.Content.FromHtml(body).Text : body, mail, problems);
            }
        }

        if (expected.Children.TryGetValue(new YamlScalarNode("attachments"), out var attachments) && attachments is YamlSequenceNode list)
        {
            foreach (var attachment in list.Children.OfType<YamlMappingNode>())
            {
                // Zammad stores the original HTML body as an extra "message.html" attachment; Frontdesk keeps it as the body.
                if (attachment.Children.TryGetValue(new YamlScalarNode("preferences"), out var preferences)
                    && preferences is YamlMappingNode p && Scalar(p, "original-format") == "true")
                {
                    continue;
                }

                if (Scalar(attachment, "filename") is { } fileName && !(UntypedTextPartCases.Contains(name) && fileName == "file"))
                {
                    ExpectAttachment(name, fileName, attachmentNames, problems);
                }
            }
        }
    }

    private async Task CheckFreeScoutAsync(string name, JsonElement expected, ParsedMail mail, List<string> problems)
    {
        string? Text(string property) => expected.TryGetProperty(property, out var value) ? value.GetString() : null;

        if (Text("subject") is { } subject && Normalise(subject) != Normalise(mail.Subject))
        {
            problems.Add($"{name}: subject '{mail.Subject}', expected '{subject}'");
        }

        if (Text("from_display_name") is { } displayName && !SameDisplayName(displayName, mail.From))
        {
            problems.Add($"{name}: from name '{mail.From?.Name}', expected '{displayName}'");
        }

        if (expected.TryGetProperty("attachment_count", out var count) && count.GetInt32() != mail.Attachments.Count)
        {
            problems.Add($"{name}: {mail.Attachments.Count} attachments ({string.Join(", ", mail.Attachments.Select(a => a.FileName))}), expected {count.GetInt32()}");
        }

        if (Text("attachment_filename") is { } fileName)
        {
            ExpectAttachment(name, fileName, mail.Attachments.Select(a => a.FileName).ToList(), problems);
        }

        // FreeScout's size is the part as transferred (base64, 76-character lines joined by CRLF); Frontdesk stores
        // the decoded file, so either figure is accepted and the content checks below prove the decoding.
        var first = mail.Attachments.Count > 0 ? mail.Attachments[0] : null;
        if (expected.TryGetProperty("attachment_size", out var size) && first?.Size != size.GetInt64() && Base64Size(first?.Size ?? 0) != size.GetInt64())
        {
            problems.Add($"{name}: attachment size {first?.Size}, expected {size.GetInt64()}");
        }

        if (first is not null && (Text("attachment_content_starts_with") is not null || Text("attachment_content_ends_with") is not null))
        {
            var bytes = Encoding.Latin1.GetString(await _mail.ReadBlobAsync(first.Sha256));
            if (Text("attachment_content_starts_with") is { } start && !bytes.StartsWith(start, StringComparison.Ordinal))
            {
                problems.Add($"{name}: attachment does not start with '{start}'");
            }

            if (Text("attachment_content_ends_with") is { } end && !bytes.EndsWith(end, StringComparison.Ordinal))
            {
                problems.Add($"{name}: attachment does not end with '{Regex.Escape(end)}'");
            }
        }

        if (Text("text_body") is { } textBody)
        {
            CheckBody(name, textBody, mail, problems);
        }

        if (Text("html_body") is { } htmlBody)
        {
            CheckBody(name, _mail.Content.FromHtml(htmlBody).Text, mail, problems);
        }

        if (Text("text_body_ends_with") is { } textEnd && !Normalise(_mail.FullText(mail)).EndsWith(Normalise(textEnd), StringComparison.Ordinal))
        {
            problems.Add($"{name}: body text does not end with '{textEnd}': '…{Abbreviate(_mail.FullText(mail), fromEnd: true)}'");
        }

        // FreeScout checks that the raw HTML survives up to its closing tag; sanitised HTML has no </html>, so check
        // instead that the text after the NUL bytes was read (the body is not cut at the first NUL) and no NUL remains.
        if (Text("html_body_ends_with") is not null && (mail.BodyText.Length == 0 || mail.BodyHtml.Contains('\0', StringComparison.Ordinal) || mail.BodyText.Contains('\0', StringComparison.Ordinal)))
        {
            problems.Add($"{name}: HTML body missing or with NUL bytes");
        }
    }

    /// <summary>
    /// The expected text (its leading chunk, whitespace normalised) must be in what a reader can see: the new part
    /// plus the folded history, since Zammad and FreeScout do not fold quotes.
    /// </summary>
    private void CheckBody(string name, string expectedText, ParsedMail mail, List<string> problems)
    {
        var actual = Normalise(_mail.FullText(mail));
        var expected = Normalise(expectedText);
        var chunk = expected.Length > LeadingChunk ? expected[..LeadingChunk] : expected;

        // Zammad keeps an HTML mail's <title> as the first line of its text; Frontdesk shows only the body.
        var firstLine = expectedText.TrimStart().Split('\n', 2);
        var afterTitle = firstLine.Length == 2 ? Normalise(_mail.Content.FromHtml(firstLine[1]).Text) : "";
        var titleless = afterTitle.Length > LeadingChunk ? afterTitle[..LeadingChunk] : afterTitle;
        if (!actual.Contains(chunk, StringComparison.Ordinal) && !(titleless.Length > 0 && actual.Contains(titleless, StringComparison.Ordinal)))
        {
            problems.Add($"{name}: body '{Abbreviate(actual)}' does not contain '{chunk}'");
        }
    }

    private static long Base64Size(long decoded)
    {
        var chars = (decoded + 2) / 3 * 4;
        return chars + (Math.Max(0, (chars + 75) / 76) - 1) * 2;
    }

    private static void ExpectAttachment(string name, string expected, List<string> actual, List<string> problems)
    {
        if (!actual.Any(a => SameFileName(expected, a)))
        {
            problems.Add($"{name}: no attachment '{expected}' among [{string.Join(", ", actual)}]");
        }
    }

    /// <summary>Zammad writes U+FFFD where it could not decode a byte; Frontdesk decodes it, so that character matches any.</summary>
    private static bool SameFileName(string expected, string actual)
    {
        expected = expected.Normalize(NormalizationForm.FormC);
        actual = actual.Normalize(NormalizationForm.FormC);
        return expected.Length == actual.Length && expected.Zip(actual).All(p => p.First == p.Second || p.First == '\uFFFD');
    }

    private static bool SameAddress(string expected, string? actual) => string.Equals(expected.Trim(), actual?.Trim(), StringComparison.OrdinalIgnoreCase);

    private static bool SameDisplayName(string expected, EmailAddress? from) => Normalise(expected) == Normalise(from?.Name ?? "");

    private static string Normalise(string text) => WhiteSpace().Replace(text.Replace('\u00A0', ' ').Normalize(NormalizationForm.FormC), " ").Trim();

    private static string Abbreviate(string text, bool fromEnd = false) =>
        text.Length <= 160 ? text : fromEnd ? text[^160..] : text[..160];

    private static string? Scalar(YamlMappingNode node, string key) =>
        node.Children.TryGetValue(new YamlScalarNode(key), out var value) && value is YamlScalarNode scalar ? scalar.Value : null;

    private static YamlNode LoadYaml(string path)
    {
        var stream = new YamlStream();
        using var reader = new StringReader(File.ReadAllText(path));
        stream.Load(reader);
        return stream.Documents[0].RootNode;
    }

    private static void Report(string corpus, int files, int checkedCases, List<string> problems)
    {
        TestContext.Current.SendDiagnosticMessage($"{corpus}: parsed {files} mails, {checkedCases} with expectations, {checkedCases - problems.Select(p => p.Split(':')[0]).Distinct().Count()} passed");
        TestContext.Current.TestOutputHelper?.WriteLine($"{corpus}: parsed {files} mails, {checkedCases} with expectations; problems: {problems.Count}");
        Assert.True(problems.Count == 0, $"{corpus}: {problems.Count} mismatches in {files} mails:\n" + string.Join("\n", problems));
    }

    /// <summary>The corpus lives beside the repository (…/shared/data/mail), found by walking up from the test binaries.</summary>
    internal static string CorpusFolder(string corpus)
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            var candidate = Path.Combine(directory.FullName, "shared", "data", "mail", corpus);
            if (Directory.Exists(candidate))
            {
                return candidate;
            }
        }

        Assert.Skip($"Ran 0 cases: no shared/data/mail/{corpus} folder above {AppContext.BaseDirectory}.");
        return "";
    }

    [GeneratedRegex(@"<(div|p|br|img|span|a|table)\b", RegexOptions.IgnoreCase)]
    private static partial Regex HtmlTag();

    [GeneratedRegex(@"\s+")]
    private static partial Regex WhiteSpace();

    [GeneratedRegex(@"^\s*begin [0-7]{3,4} ([^\r\n]+)")]
    private static partial Regex UuencodeBegin();
}
