using System.Security.Cryptography;
using MimeKit;

namespace Frontdesk.Tests.Channels.Email;

[CollectionDefinition(nameof(LargeMailTests), DisableParallelization = true)]
public sealed class LargeMailCollection;

/// <summary>Alone in its collection: the allocation figure is process-wide and must not count other tests' work.</summary>
[Collection(nameof(LargeMailTests))]
public sealed class LargeMailTests : IDisposable
{
    private const int AttachmentBytes = 60 * 1024 * 1024;

    private readonly MailParserFixture _mail = new();
    private readonly string _folder = Path.Combine(Path.GetTempPath(), "frontdesk-large-mail", Guid.NewGuid().ToString("N"));

    public void Dispose()
    {
        _mail.Dispose();
        Directory.Delete(_folder, recursive: true);
    }

    [Fact]
    public async Task Parse_60MbAttachmentFromFile_StoresItWithoutHoldingItInMemory()
    {
        var ct = TestContext.Current.CancellationToken;
        Directory.CreateDirectory(_folder);
        var payload = Path.Combine(_folder, "payload.bin");
        await WriteRandomFileAsync(payload, AttachmentBytes, ct);
        string expectedSha;
        await using (var file = File.OpenRead(payload))
        {
            expectedSha = Convert.ToHexStringLower(await SHA256.HashDataAsync(file, ct));
        }

        var eml = Path.Combine(_folder, "large.eml");
        await using (var payloadStream = File.OpenRead(payload))
        await using (var output = File.Create(eml))
        {
            var message = new MimeMessage();
            message.From.Add(MailboxAddress.Parse("ann@example.com"));
            message.Subject = "The log file";
            message.MessageId = "large@example.com";
            message.Body = new Multipart("mixed")
            {
                new TextPart("plain") { Text = "Log attached." },
                new MimePart("application", "octet-stream") { FileName = "server.log", Content = new MimeContent(payloadStream), ContentTransferEncoding = ContentEncoding.Base64 },
            };
            await message.WriteToAsync(output, ct);
        }

        GC.Collect();
        var before = GC.GetTotalAllocatedBytes(precise: true);
        Frontdesk.Channels.Email.ParsedMail mail;
        await using (var input = File.OpenRead(eml))
        {
            mail = await _mail.Parser.ParseAsync(input, ct);
        }

        var allocated = GC.GetTotalAllocatedBytes(precise: true) - before;

        var attachment = Assert.Single(mail.Attachments);
        Assert.Equal("server.log", attachment.FileName);
        Assert.Equal(AttachmentBytes, attachment.Size);
        Assert.Equal(expectedSha, attachment.Sha256);
        Assert.Equal("Log attached.", mail.BodyText);
        // Holding the attachment would allocate at least its size (a growing MemoryStream about twice that); streaming
        // the 80 MB of base64 through small buffers churns short-lived reads and tasks, about 15 MB when measured.
        Assert.True(allocated < AttachmentBytes / 3, $"Parsing allocated {allocated:N0} bytes for a {AttachmentBytes:N0}-byte attachment.");
    }

    private static async Task WriteRandomFileAsync(string path, int size, CancellationToken ct)
    {
        var random = new Random(60);
        var buffer = new byte[1024 * 1024];
        await using var file = File.Create(path);
        for (var written = 0; written < size; written += buffer.Length)
        {
            random.NextBytes(buffer);
            await file.WriteAsync(buffer, ct);
        }
    }
}
