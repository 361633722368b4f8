using Frontdesk.Channels.Email;
using Frontdesk.Content;
using Frontdesk.Storage;
using Microsoft.Extensions.Options;
using MimeKit;

namespace Frontdesk.Tests.Channels.Email;

/// <summary>A <see cref="MailParser"/> over a real file blob store in a temporary folder.</summary>
public sealed class MailParserFixture : IDisposable
{
    private readonly string _root = Path.Combine(Path.GetTempPath(), "frontdesk-mail-tests", Guid.NewGuid().ToString("N"));

    public MailParserFixture(long maxAttachmentBytes = 100L * 1024 * 1024)
    {
        Blobs = new FileBlobStore(_root);
        Content = new MessageContent();
        Parser = new MailParser(Content, Blobs, Options.Create(new MailOptions { MaxAttachmentBytes = maxAttachmentBytes }));
    }

    public FileBlobStore Blobs { get; }

    public MessageContent Content { get; }

    public MailParser Parser { get; }

    public string Root => _root;

    public async Task<ParsedMail> ParseAsync(MimeMessage message)
    {
        using var stream = new MemoryStream();
        await message.WriteToAsync(stream, TestContext.Current.CancellationToken);
        stream.Position = 0;
        return await Parser.ParseAsync(stream, TestContext.Current.CancellationToken);
    }

    public async Task<ParsedMail> ParseAsync(byte[] raw)
    {
        using var stream = new MemoryStream(raw);
        return await Parser.ParseAsync(stream, TestContext.Current.CancellationToken);
    }

    public Task<ParsedMail> ParseAsync(string raw) => ParseAsync(System.Text.Encoding.UTF8.GetBytes(raw.ReplaceLineEndings("\r\n")));

    public async Task<byte[]> ReadBlobAsync(string sha256)
    {
        await using var stream = await Blobs.OpenAsync(sha256, TestContext.Current.CancellationToken) ?? throw new InvalidOperationException($"No blob {sha256}.");
        using var copy = new MemoryStream();
        await stream.CopyToAsync(copy, TestContext.Current.CancellationToken);
        return copy.ToArray();
    }

    /// <summary>The whole text a reader can unfold: the new part and the quoted history.</summary>
    public string FullText(ParsedMail mail) =>
        mail.QuotedHtml is null ? mail.BodyText : mail.BodyText + "\n" + Content.FromHtml(mail.QuotedHtml).Text;

    public void Dispose()
    {
        if (Directory.Exists(_root))
        {
            Directory.Delete(_root, recursive: true);
        }
    }
}
