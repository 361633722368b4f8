using System.Security.Cryptography;
using Frontdesk.Tests.Infrastructure;
using MimeKit;

namespace Frontdesk.Tests.Channels.Email;

/// <summary>In the large-mail collection, alone: the allocation figure is process-wide and must not count other tests' work.</summary>
[Collection(nameof(LargeMailTests))]
public sealed class Pop3LargeMailTests
{
    private const int AttachmentBytes = 50 * 1024 * 1024;

    [Fact]
    public async Task Retrieve_50MbMessage_StreamsItWithoutHoldingItInMemory()
    {
        var ct = TestContext.Current.CancellationToken;
        var box = MailServers.NewAddress("huge");
        var mail = EmailKit.CustomerMail(MailServers.NewAddress("designer"), box, "Artwork", "All of it.");
        var body = new BodyBuilder { TextBody = "All of it." };
        body.Attachments.Add("artwork.bin", RandomNumberGenerator.GetBytes(AttachmentBytes), new ContentType("application", "octet-stream"));
        mail.Body = body.ToMessageBody();
        await MailServers.SendAsync(mail, ct);
        await EmailKit.WaitForDeliveryAsync(box, patience: TimeSpan.FromMinutes(3));
        await using var pop3 = await Pop3SessionTests.OpenAsync(box);
        var (_, octets) = await pop3.StatAsync(ct);
        var sink = new CountingSink();

        GC.Collect();
        var before = GC.GetTotalAllocatedBytes(precise: true);
        await pop3.RetrieveAsync(1, sink, ct);
        var allocated = GC.GetTotalAllocatedBytes(precise: true) - before;

        Assert.True(octets > AttachmentBytes, $"The mailbox holds {octets:N0} bytes.");
        Assert.Equal(octets, sink.Length);
        // Holding the message allocates at least its size (MailKit's Pop3Client.GetStreamAsync: about 90 MB for this
        // 72 MB message); streaming reuses one 64 KB buffer, about 100 KB in all when measured.
        Assert.True(allocated < octets / 10, $"Retrieving allocated {allocated:N0} bytes for a {octets:N0}-byte message.");
    }

    /// <summary>Counts what is written to it and keeps none of it.</summary>
    private sealed class CountingSink : Stream
    {
        private long _length;

        public override bool CanRead => false;

        public override bool CanSeek => false;

        public override bool CanWrite => true;

        public override long Length => _length;

        public override long Position
        {
            get => _length;
            set => throw new NotSupportedException();
        }

        public override void Write(byte[] buffer, int offset, int count) => _length += count;

        public override ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
        {
            _length += buffer.Length;
            return ValueTask.CompletedTask;
        }

        public override void Flush()
        {
        }

        public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();
    }
}
